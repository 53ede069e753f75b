import type { ListItem } from './outline.js';
import type { Hypothesis, HypothesisStatus } from './model.js';

// "**H2** rejected — The MTA is choking on spam." followed by
// "Rejected 2026-03-15 10:02 +01:00: the failures went on with postfix stopped."
const HEAD = /^(?:\*\*|__)?H(\d+)(?:\*\*|__)?[:.]?\s*(?:\(?(open|testing|investigating|rejected|ruled out|confirmed)\)?)?\s*(?:[—–:-]+\s*)?(.*)$/i;
export const REASON =
  /^(rejected|ruled out|confirmed)(?:\s+(?:on\s+)?(\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:Z|UTC|[+-]\d{2}:?\d{2}))?))?(?:\s*(?:[:—–-]\s*|because\s+)(.*)|\s*\.?)$/i;

function statusOf(word: string | undefined): HypothesisStatus | null {
  if (!word) return null;
  const w = word.toLowerCase();
  if (w === 'rejected' || w === 'ruled out') return 'rejected';
  if (w === 'confirmed') return 'confirmed';
  return 'open';
}

export function hypothesesFromItems(items: ListItem[]): Hypothesis[] {
  return items.map((it, i) => {
    // The hypothesis is the first line and what continues it, up to a blank line or a "Rejected ...:" line.
    const cut = it.rest.findIndex((l) => l === '' || REASON.test(l));
    const text = [it.first, ...it.rest.slice(0, cut === -1 ? undefined : cut)].join(' ');
    const m = HEAD.exec(text);
    let status = m ? statusOf(m[2]) : null;
    let reason: string | null = null;
    let at: string | null = null;
    for (const line of it.rest) {
      const r = REASON.exec(line);
      if (!r) continue;
      status ??= statusOf(r[1]);
      at = r[2] ?? null;
      reason = r[3]?.trim() || null;
    }
    return { n: m ? Number(m[1]) : i + 1, status, text: (m ? m[3]! : text).trim(), reason, at, line: it.line, start: it.start, end: it.end };
  });
}
