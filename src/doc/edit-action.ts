// Prevention items, spliced into the Prevention section. Lists get a task item
//   - [ ] Alert when inode use passes 80 % — owner: @ops, due: 2026-04-01, type: detect
// and action-item tables (Google SRE: "| Action Item | Type | Owner | Bug |") get a row, so the
// document keeps whichever form its author chose.
import { PmError } from '../errors.js';
import { actionsFromItems, actionsFromTable, escapeActionText } from './actions.js';
import { ensureSection, insertItem, itemsOf, oneLine, outline, splice, type Outline } from './edit.js';
import type { Action, ActionType, Section } from './model.js';
import { tableRows, type Line } from './outline.js';
import { linesIn } from './parse.js';

export const ACTION_TYPES: ActionType[] = ['prevent', 'mitigate', 'detect', 'process'];

export interface NewAction {
  text: string;
  owner?: string | null;
  due?: string | null;
  type?: string | null;
}

export function actionsOf(source: string, file = ''): Action[] {
  const o = outline(source, file);
  const s = o.sections.find((x) => x.id === 'prevention');
  return s ? actionsIn(o, s) : [];
}

function actionsIn(o: Outline, s: Section): Action[] {
  const lines = linesIn(o.lines, s.contentStart, s.end);
  const list = actionsFromItems(itemsOf(o, s));
  return [...list, ...actionsFromTable(tableRows(lines), list.length + 1)];
}

/** "text — owner: @ops, due: 2026-04-01, type: detect"; a "— owner:" typed in the text is escaped, never metadata. */
export function actionLine(a: NewAction): string {
  const fields = [a.owner && `owner: ${a.owner}`, a.due && `due: ${a.due}`, a.type && `type: ${a.type}`].filter(Boolean);
  return `- [ ] ${escapeActionText(oneLine(a.text))}${fields.length ? ` — ${fields.join(', ')}` : ''}`;
}

interface Table {
  header: string[];
  /** Header, delimiter row and rows. */
  lines: Line[];
  /** Offset after the table's last line (the delimiter row when it has no rows yet). */
  end: number;
  eol: string;
}

const DELIM = /^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const cellsOf = (t: string) => t.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());

/** The first GFM table among the section's lines, also when it has no rows yet (a fresh template). */
function firstTable(lines: Line[]): Table | null {
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = lines[i]!;
    if (head.literal || !head.text.includes('|') || !DELIM.test(lines[i + 1]!.text)) continue;
    let j = i + 2;
    while (j < lines.length && !lines[j]!.literal && lines[j]!.text.includes('|') && !/^\s*$/.test(lines[j]!.text)) j++;
    const last = lines[j - 1]!;
    return { header: cellsOf(head.text), lines: lines.slice(i, j), end: last.end, eol: /\r\n$/.test(head.text + '\n') ? '\r\n' : '\n' };
  }
  return null;
}

const COLUMNS = [
  { key: 'owner', name: 'Owner', re: /owner|who|assignee|responsible/i },
  { key: 'due', name: 'Due', re: /due|deadline|date/i },
  { key: 'type', name: 'Type', re: /type|category|kind/i },
] as const;

/**
 * Columns for the given owner, due and type that the table lacks (the SRE book's table has no Due):
 * appended to the header, the delimiter row and every row (empty there), so nothing given is dropped.
 * Each line only gains text at its end: every byte already there stays.
 */
function widenTable(source: string, t: Table, a: NewAction): string {
  const missing = COLUMNS.filter((col) => a[col.key] && !t.header.some((h) => col.re.test(h)));
  if (!missing.length) return source;
  let out = source;
  for (let k = t.lines.length - 1; k >= 0; k--) {
    const line = t.lines[k]!;
    const body = line.text.replace(/\s+$/, '');
    const closed = /(?<!\\)\|$/.test(body);
    const tight = k === 1 && !/\s/.test(body); // "|---|---|" stays tight
    // "| a | b |" gains " c |", "a | b" gains " | c", "|---|" gains "---|"; an empty cell is " |".
    const add = missing
      .map((col) => (k === 0 ? col.name : k === 1 ? '---' : ''))
      .map((x) => (!x ? ' |' : tight ? (closed ? `${x}|` : `|${x}`) : closed ? ` ${x} |` : ` | ${x}`))
      .join('');
    const at = line.start + body.length;
    out = splice(out, at, at, add);
  }
  return out;
}

function tableRow(header: string[], a: NewAction): string {
  const esc = (s: string | null | undefined) => (s ? oneLine(s).replace(/\|/g, '\\|') : '');
  let textDone = false;
  const cells = header.map((h) => {
    if (/owner|who|assignee|responsible/i.test(h)) return esc(a.owner);
    if (/due|deadline|date/i.test(h)) return esc(a.due);
    if (/type|category|kind/i.test(h)) return esc(a.type);
    if (/status|done|state/i.test(h)) return 'open';
    if (!textDone && /action|item|task|description|what/i.test(h)) {
      textDone = true;
      return esc(a.text);
    }
    return '';
  });
  if (!textDone) cells[0] = esc(a.text);
  return `| ${cells.join(' | ')} |`;
}

/** Adds an action item; returns the new source and its number as `action list` shows it. */
export function addAction(source: string, a: NewAction, file = ''): { source: string; n: number } {
  if (!oneLine(a.text)) throw new PmError('action add: expected the action text');
  const e = ensureSection(source, 'prevention', file);
  const items = itemsOf(e.outline, e.section);
  const table = items.length === 0 ? firstTable(linesIn(e.outline.lines, e.section.contentStart, e.section.end)) : null;
  let out: string, at: number;
  const wide = table ? widenTable(e.source, table, a) : e.source;
  if (wide !== e.source) return addAction(wide, a, file); // once more, on the table with every column
  if (table) {
    at = table.end;
    const row = tableRow(table.header, a);
    out = e.source[at - 1] === '\n' ? splice(e.source, at, at, `${row}${table.eol}`) : splice(e.source, at, at, `${table.eol}${row}`);
    if (e.source[at - 1] !== '\n') at += table.eol.length;
  } else {
    out = insertItem(e.source, e.section, items, items.length, actionLine(a));
    at = items.length ? items[items.length - 1]!.end : -1;
  }
  const after = actionsOf(out, file);
  const added = at >= 0 ? after.find((x) => x.start >= at) : after[after.length - 1];
  return { source: out, n: (added ?? after[after.length - 1])!.n };
}

/** Marks action `n` done: "[ ]" becomes "[x]" (or "[x] " is added), a table row's status cell says "done". */
export function markActionDone(source: string, n: number, file = ''): { source: string; before: Action } {
  const before = actionsOf(source, file).find((x) => x.n === n);
  if (!before) throw new PmError(`${file || 'document'}: no action ${n}; "postmortem action list" shows them`);
  if (before.done) return { source, before };
  const nl = source.indexOf('\n', before.start);
  const line = source.slice(before.start, nl === -1 ? source.length : nl).replace(/\r$/, '');
  const item = /^([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)(\[ \])?/.exec(line);
  if (item) {
    const p = before.start + item[1]!.length;
    return { source: item[2] ? splice(source, p, p + 3, '[x]') : splice(source, p, p, '[x] '), before };
  }
  // A table row: find the status column's cell by its pipes.
  const o = outline(source, file);
  const section = o.sections.find((x) => x.id === 'prevention')!;
  const row = tableRows(linesIn(o.lines, section.contentStart, section.end)).find((r) => r.start === before.start);
  const k = row ? row.header.findIndex((h) => /status|done|state/i.test(h)) : -1;
  if (!row || k === -1) throw new PmError(`${file}:${before.line}: action ${n} is a table row without a Status column; mark it done by hand`);
  const pipes: number[] = [];
  for (let i = 0; i < line.length; i++) if (line[i] === '|' && line[i - 1] !== '\\') pipes.push(i);
  const lead = /^\s*\|/.test(line);
  const from = lead ? pipes[k] : k === 0 ? -1 : pipes[k - 1];
  const to = lead ? pipes[k + 1] : pipes[k];
  if (from === undefined) throw new PmError(`${file}:${before.line}: cannot find the status cell of action ${n}; mark it done by hand`);
  const cellStart = from + 1, cellEnd = to ?? line.length;
  return { source: splice(source, before.start + cellStart, before.start + cellEnd, ' done '), before };
}
