// Pure edits on the source text. Each one splices a fragment in at offsets from the model, so every
// byte outside the edited spot stays exactly as the user wrote it.
import type { Redacted } from '../redact/redact.js';
import { formatStamp } from './dates.js';
import { SECTION_IDS, type Section, type SectionId } from './model.js';
import { listItems, splitLines, tableRows, type ListItem } from './outline.js';
import { parseFrontMatter } from './frontmatter.js';
import { zoneOf } from './timezone.js';
import { linesIn, sectionsOf } from './parse.js';
import { CANONICAL_HEADING } from './sections.js';
import { entryFromText, timelineFromTable } from './timeline.js';

export function splice(source: string, start: number, end: number, text: string): string {
  return source.slice(0, start) + text + source.slice(end);
}

/** One line of Markdown from user input: line breaks become spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

export interface Outline {
  sections: Section[];
  lines: ReturnType<typeof splitLines>;
}

export function outline(source: string, file = ''): Outline {
  const fm = parseFrontMatter(source, file);
  const lines = splitLines(source, fm?.end ?? 0);
  return { sections: sectionsOf(lines, source.length), lines };
}

export function itemsOf(o: Outline, s: Section): ListItem[] {
  return listItems(linesIn(o.lines, s.contentStart, s.end));
}

/** The section with `id`, created (canonical heading, canonical order) when the document has none. */
export function ensureSection(source: string, id: SectionId, file = ''): { source: string; section: Section; outline: Outline } {
  let o = outline(source, file);
  let section = o.sections.find((s) => s.id === id);
  if (section) return { source, section, outline: o };
  const known = o.sections.filter((s) => s.id);
  const depth = known.length ? Math.min(...known.map((s) => s.depth)) : 2;
  const order = SECTION_IDS.indexOf(id);
  const next = known.find((s) => s.depth === depth && SECTION_IDS.indexOf(s.id!) > order);
  const heading = `${'#'.repeat(depth)} ${CANONICAL_HEADING[id]}\n`;
  let next$: string;
  if (next) next$ = splice(source, next.start, next.start, `${heading}\n`);
  else {
    const trimmed = source.replace(/\s*$/, '');
    next$ = `${trimmed}${trimmed ? '\n\n' : ''}${heading}`;
  }
  o = outline(next$, file);
  section = o.sections.find((s) => s.id === id)!;
  return { source: next$, section, outline: o };
}

/** Inserts a block (paragraph, list, code) at the end of a section's content, after a blank line. */
export function appendBlock(source: string, section: Section, block: string): string {
  const content = source.slice(section.contentStart, section.end);
  const p = section.contentStart + content.trimEnd().length;
  const body = block.replace(/\s+$/, '');
  if (p === section.contentStart) {
    const rest = source.slice(section.contentStart);
    return splice(source, p, p, `\n${body}\n${rest === '' || /^\r?\n/.test(rest) ? '' : '\n'}`); // CRLF too
  }
  return splice(source, p, p, `\n\n${body}${section.end === source.length && content === content.trimEnd() ? '\n' : ''}`);
}

/** Inserts one list item before items[index] (or after the last item), keeping the list tight. */
export function insertItem(source: string, section: Section, items: ListItem[], index: number, item: string): string {
  if (items.length === 0) return appendBlock(source, section, item);
  if (index < items.length) return splice(source, items[index]!.start, items[index]!.start, `${item}\n`);
  const end = items[items.length - 1]!.end;
  return source[end - 1] === '\n' ? splice(source, end, end, `${item}\n`) : splice(source, end, end, `\n${item}`);
}

/** Appends generated text (an evidence summary) to a section; it went through the redaction gate. */
export function appendToSection(source: string, id: SectionId, fragment: Redacted, file = ''): string {
  const e = ensureSection(source, id, file);
  return appendBlock(e.source, e.section, fragment);
}

/** `zone`: the document's `timezone:` (undefined: the local zone). */
export function timelineLine(at: Date, text: Redacted, zone?: string): string {
  return `- **${formatStamp(at, zone)}** — ${oneLine(text)}`;
}

/** Where an entry at `t` goes among entries whose times `timeAt(i)` gives: after the last one not later. */
function positionInTime(count: number, timeAt: (i: number) => number | null, t: number): number {
  // Walk back from the end: a new entry is nearly always the latest, so this reads one or two
  // entries, not all of a long timeline.
  let firstTimed = count;
  for (let i = count - 1; i >= 0; i--) {
    const time = timeAt(i);
    if (time === null) continue;
    if (time <= t) return i + 1;
    firstTimed = i;
  }
  return firstTimed;
}

/** A table row for a timeline kept as a GFM table: the stamp in the first column(s), the text in the last. */
function timelineRow(header: string[], at: Date, text: string, zone?: string): string {
  const stamp = formatStamp(at, zone);
  const cells = header.map(() => '');
  if (header.length >= 3 && /date|day|datum/i.test(header[0]!) && /time|zeit/i.test(header[1]!)) {
    cells[0] = stamp.slice(0, 10);
    cells[1] = stamp.slice(11);
  } else cells[0] = stamp;
  cells[Math.max(cells.length - 1, 1)] = oneLine(text).replace(/\|/g, '\\|');
  return `| ${cells.join(' | ')} |`;
}

/**
 * A timeline entry in time order: after the last entry that is not later than `at`. A timeline
 * kept as a table gets a row in the author's columns; otherwise a list item. The text went through
 * the redaction gate: a pasted error line or a command line may carry a password.
 */
export function addTimelineEntry(source: string, at: Date, text: Redacted, file = '', zone = zoneOf(source, file)): string {
  const e = ensureSection(source, 'timeline', file);
  const lines = linesIn(e.outline.lines, e.section.contentStart, e.section.end);
  const items = listItems(lines);
  const rows = items.length ? [] : tableRows(lines);
  const t = at.getTime();
  if (rows.length) {
    const i = positionInTime(rows.length, (k) => timelineFromTable([rows[k]!])[0]!.time, t);
    const row = timelineRow(rows[0]!.header, at, text, zone);
    if (i < rows.length) return splice(e.source, rows[i]!.start, rows[i]!.start, `${row}\n`);
    const end = rows[rows.length - 1]!.end;
    return e.source[end - 1] === '\n' ? splice(e.source, end, end, `${row}\n`) : splice(e.source, end, end, `\n${row}`);
  }
  const index = positionInTime(items.length, (k) => entryFromText(items[k]!.text).time, t);
  return insertItem(e.source, e.section, items, index, timelineLine(at, text, zone));
}
