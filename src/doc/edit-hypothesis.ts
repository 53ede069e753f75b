// Hypothesis edits, spliced into the Hypotheses section:
//   - **H2** rejected — The MTA is choking on spam and uses up sockets.
//     Rejected 2026-03-15 10:02 +01:00: the failures went on with postfix stopped.
// A status change rewrites only the status word on the item's first line and adds one line under
// it; earlier "Rejected ...:" lines stay, so a change of mind keeps its history.
import { PmError } from '../errors.js';
import { formatStamp } from './dates.js';
import { ensureSection, itemsOf, oneLine, outline, splice, insertItem } from './edit.js';
import { hypothesesFromItems } from './hypotheses.js';
import { zoneOf } from './timezone.js';
import type { Hypothesis, HypothesisStatus } from './model.js';

export function hypothesesOf(source: string, file = ''): Hypothesis[] {
  const o = outline(source, file);
  const s = o.sections.find((x) => x.id === 'hypotheses');
  return s ? hypothesesFromItems(itemsOf(o, s)) : [];
}

/** Appends "- **H<n>** open — text" with the next free number. */
export function addHypothesis(source: string, text: string, file = ''): { source: string; n: number } {
  const body = oneLine(text);
  if (!body) throw new PmError('hypothesis add: expected the hypothesis text');
  const e = ensureSection(source, 'hypotheses', file);
  const items = itemsOf(e.outline, e.section);
  const n = Math.max(0, ...hypothesesFromItems(items).map((h) => h.n)) + 1;
  return { source: insertItem(e.source, e.section, items, items.length, `- **H${n}** open — ${body}`), n };
}

// The first line of a list item: marker, optional task box, optional "**H3**" (or "H3:"), optional status.
const FIRST_LINE = /^([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)((?:\*\*|__)?H\d+(?:\*\*|__)?[:.]?)?([ \t]*)(\(?(?:open|testing|investigating|rejected|ruled out|confirmed)\)?)?([ \t]*)([—–:-]+)?/i;

const WORD: Record<Exclude<HypothesisStatus, 'open'>, string> = { rejected: 'Rejected', confirmed: 'Confirmed' };

/**
 * Marks hypothesis `n` rejected or confirmed at `at`, with an optional reason. Returns the new
 * source and the hypothesis as it was before the change.
 */
export function setHypothesisStatus(
  source: string,
  n: number,
  status: 'rejected' | 'confirmed',
  at: Date,
  reason: string | null,
  file = '',
): { source: string; before: Hypothesis } {
  const before = hypothesesOf(source, file).find((h) => h.n === n);
  if (!before) throw new PmError(`${file || 'document'}: no hypothesis H${n}; "postmortem hypothesis list" shows them`);
  const why = reason ? oneLine(reason) : '';

  // 1. The line under the item (inserted first: it lies after the status word, so offsets stay valid).
  const firstEnd = source.indexOf('\n', before.start);
  const firstLine = source.slice(before.start, firstEnd === -1 ? source.length : firstEnd).replace(/\r$/, '');
  const m = FIRST_LINE.exec(firstLine);
  if (!m) throw new PmError(`${file}:${before.line}: cannot read hypothesis H${n}'s list item`);
  const indent = ' '.repeat(m[1]!.replace(/\[[ xX]\][ \t]+$/, '').replace(/\t/g, '    ').length);
  const eol = /\r\n/.test(source.slice(before.start, before.end + 1)) ? '\r\n' : '\n';
  const note = `${indent}${WORD[status]} ${formatStamp(at, zoneOf(source, file))}${why ? `: ${why}` : ''}`;
  let out = source[before.end - 1] === '\n' ? splice(source, before.end, before.end, `${note}${eol}`) : splice(source, before.end, before.end, `${eol}${note}`);

  // 2. The status word on the first line: replaced, or inserted after "**Hn**", or "**Hn** status — " added.
  const [, prefix, marker, sp1, word, , dash] = m;
  const at0 = before.start + prefix!.length;
  if (word) {
    const p = at0 + (marker?.length ?? 0) + sp1!.length;
    const next = word.startsWith('(') ? `(${status})` : sameCase(word, status);
    out = splice(out, p, p + word.length, next);
  } else if (marker) {
    const p = at0 + marker.length;
    out = splice(out, p, p + sp1!.length, dash ? ` ${status} ` : ` ${status} — `);
  } else {
    out = splice(out, at0, at0, `**H${n}** ${status} — `);
  }
  return { source: out, before };
}

/** "Rejected" -> "Confirmed", "REJECTED" -> "CONFIRMED", "rejected" -> "confirmed". */
function sameCase(old: string, word: string): string {
  if (old === old.toUpperCase()) return word.toUpperCase();
  if (old[0] === old[0]!.toUpperCase()) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}
