// Pure edits on the source text. Each one splices a fragment in at offsets from the model, so every
// byte outside the edited spot stays exactly as the user wrote it.
import { formatStamp } from './dates.js';
import { SECTION_IDS, type Section, type SectionId } from './model.js';
import { listItems, splitLines, type ListItem } from './outline.js';
import { parseFrontMatter } from './frontmatter.js';
import { linesIn, sectionsOf } from './parse.js';
import { CANONICAL_HEADING } from './sections.js';
import { entryFromText } from './timeline.js';

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
    return splice(source, p, p, `\n${body}\n${rest === '' || rest.startsWith('\n') ? '' : '\n'}`);
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

export function appendToSection(source: string, id: SectionId, fragment: string, file = ''): string {
  const e = ensureSection(source, id, file);
  return appendBlock(e.source, e.section, fragment);
}

export function timelineLine(at: Date, text: string): string {
  return `- **${formatStamp(at)}** — ${oneLine(text)}`;
}

/** A timeline entry in time order: before the first entry that is later than `at`. */
export function addTimelineEntry(source: string, at: Date, text: string, file = ''): string {
  const e = ensureSection(source, 'timeline', file);
  const items = itemsOf(e.outline, e.section);
  // Walk back from the end: a new entry is nearly always the latest, so this reads one or two
  // entries, not all of a long timeline. Insert after the last entry that is not later than `at`.
  const t = at.getTime();
  let index = items.length;
  let firstTimed = items.length;
  for (let i = items.length - 1; i >= 0; i--) {
    const time = entryFromText(items[i]!.text).time;
    if (time === null) continue;
    firstTimed = i;
    if (time <= t) {
      index = i + 1;
      break;
    }
    index = -1;
  }
  if (index === -1) index = firstTimed;
  return insertItem(e.source, e.section, items, index, timelineLine(at, text));
}
