import type { ListItem, TableRow } from './outline.js';
import type { Action } from './model.js';

// "- [ ] Alert when inode use passes 80 % — owner: @ops, due: 2026-04-01, type: detect"
// Only the LAST separator's segment is metadata, and only when every part of it is a known key:
// "x — owner: @evil — owner: @good" is owned by @good. A separator written escaped (&mdash;, &ndash;,
// "\-", "\(", or "\—" by hand) is text: that is how `action add` keeps typed text from forging metadata.
const KEYS = 'owner|due|type';
/** "owner: @ops, due: 2026-04-01": known keys only; a value holds no separator (nor parentheses in "(…)"). */
const parts = (value: string) => `(?:${KEYS})\\s*:\\s*${value}*?(?:\\s*[,;]\\s*(?:${KEYS})\\s*:\\s*${value}*?)*`;
const SEP = '(?<!\\\\)(?:[—–]|(?<=\\s)--?(?=\\s))';
const TAIL = new RegExp(`\\s*${SEP}\\s*(${parts('[^,;—–]')})\\s*$|\\s*(?<!\\\\)\\((${parts('[^,;()]')})\\)\\s*$`, 'i');

/** A separator in typed text that the parser would take for the start of metadata ("— owner:"). */
const FORGED = new RegExp(`(?<!\\\\)([—–(]|(?<=\\s)--?(?=\\s))(?=\\s*(?:${KEYS})\\s*:)`, 'gi');

/** Escapes what would read as metadata, so it renders the same but stays text (CommonMark entities, "\-", "\("). */
export function escapeActionText(text: string): string {
  return text.replace(FORGED, (sep) => (sep === '—' ? '&mdash;' : sep === '–' ? '&ndash;' : sep.replace(/[-(]/g, '\\$&')));
}

/** The text as it renders: the escapes above undone. */
function unescapeActionText(text: string): string {
  return text.replace(/&mdash;/g, '—').replace(/&ndash;/g, '–').replace(/\\([-(])/g, '$1');
}

function fields(raw: string): { text: string; owner: string | null; due: string | null; type: string | null } {
  const m = TAIL.exec(raw);
  const out = { text: unescapeActionText(raw), owner: null as string | null, due: null as string | null, type: null as string | null };
  if (!m) return out;
  out.text = unescapeActionText(raw.slice(0, m.index).trim());
  for (const part of (m[1] ?? m[2])!.split(/[,;]/)) {
    const kv = /^(owner|due|type)\s*:\s*(.*)$/i.exec(part.trim())!;
    const v = kv[2]!.trim();
    if (v) out[kv[1]!.toLowerCase() as 'owner' | 'due' | 'type'] = v;
  }
  return out;
}

export function actionsFromItems(items: ListItem[]): Action[] {
  return items.map((it, i) => ({ n: i + 1, done: it.checked === true, ...fields(it.text), line: it.line, start: it.start, end: it.end }));
}

/** Action-item tables (Google SRE: "| Action Item | Type | Owner | Bug |"). */
export function actionsFromTable(rows: TableRow[], firstN: number): Action[] {
  // A template's blank rows ("|   |   |" in Kehoe's) are room to write in, not actions.
  return rows.filter((r) => r.cells.some((c) => c.trim())).map((r, i) => {
    const col = (re: RegExp) => {
      const k = r.header.findIndex((h) => re.test(h));
      return k === -1 ? null : r.cells[k]?.trim() || null;
    };
    const text = col(/action|item|task|description|what/i) ?? r.cells[0] ?? '';
    const status = col(/status|done|state/i);
    return {
      n: firstN + i,
      done: status !== null && /^(done|closed|complete|completed|fixed|resolved|x|✓|✅)$/i.test(status),
      text,
      owner: col(/owner|who|assignee|responsible/i),
      due: col(/due|deadline|date/i),
      type: col(/type|category|kind/i),
      line: r.line,
      start: r.start,
      end: r.end,
    };
  });
}
