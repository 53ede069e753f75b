// A line scanner for the block structure we need: headings (ATX and setext) and list items, with
// exact offsets. It follows CommonMark where it matters (fenced code, HTML comments, indented code,
// setext underlines) and is checked against remark's mdast on real documents in the tests. Why not
// remark itself: micromark takes seconds on a 1 MB postmortem, and `log` must finish in a blink.

export interface Line {
  text: string;
  /** Offset of the first character. */
  start: number;
  /** Offset just after the line break (or end of source). */
  end: number;
  number: number;
  /** Inside fenced code or an HTML comment: never structure. */
  literal: boolean;
  /** For literal lines: the indent of the line that opened the block (decides which list item owns it). */
  blockIndent: number;
}

export interface Heading {
  depth: number;
  text: string;
  line: number;
  start: number;
  /** Offset just after the heading's last line. */
  end: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const BLOCK_START = /^ {0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|>|#|<|`{3}|~{3}|\|)|^ {0,3}[-*+]$/;
const BLANK = /^[ \t]*$/;

export function splitLines(source: string, from = 0, firstLineNumber?: number): Line[] {
  const lines: Line[] = [];
  let number = firstLineNumber ?? countLines(source, from);
  let fence: { char: string; len: number } | null = null;
  let comment = false;
  let blockIndent = 0;
  // A BOM is not text: the first line starts after it (and edits at that line's start stay after it).
  if (from === 0 && source.charCodeAt(0) === 0xfeff) from = 1;
  for (let start = from; start < source.length; ) {
    const nl = source.indexOf('\n', start);
    const end = nl === -1 ? source.length : nl + 1;
    const text = source.slice(start, nl === -1 ? source.length : nl).replace(/\r$/, '');
    let literal = false;
    if (fence) {
      literal = true;
      const m = FENCE.exec(text);
      if (m && m[1]![0] === fence.char && m[1]!.length >= fence.len && BLANK.test(m[2]!)) fence = null;
    } else if (comment) {
      literal = true;
      if (text.includes('-->')) comment = false;
    } else {
      const m = FENCE.exec(text);
      if (m && !(m[1]![0] === '`' && m[2]!.includes('`'))) {
        fence = { char: m[1]![0]!, len: m[1]!.length };
        literal = true;
      } else if (/^ {0,3}<!--/.test(text) && !text.includes('-->', text.indexOf('<!--') + 4)) {
        comment = true;
        literal = true;
      }
      if (literal) blockIndent = indentOf(text);
    }
    lines.push({ text, start, end, number: number++, literal, blockIndent: literal ? blockIndent : 0 });
    start = end;
  }
  return lines;
}

/** Columns of leading whitespace, tabs to the next multiple of 4 as CommonMark counts them. */
export function indentOf(text: string): number {
  let n = 0;
  for (const ch of text) {
    if (ch === ' ') n++;
    else if (ch === '\t') n += 4 - (n % 4);
    else break;
  }
  return n;
}

export function countLines(source: string, offset: number): number {
  let n = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) n++;
  return n;
}

/** Strips inline Markdown from heading text: emphasis, code ticks, links, trailing colon. */
export function plainInline(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]+/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function headings(lines: Line[]): Heading[] {
  const out: Heading[] = [];
  let para: Line[] = []; // the open paragraph, candidate for a setext heading
  for (const l of lines) {
    if (l.literal) {
      para = [];
      continue;
    }
    if (BLANK.test(l.text)) {
      para = [];
      continue;
    }
    const indented = /^(?: {4}|\t)/.test(l.text);
    if (indented && para.length === 0) {
      continue; // indented code block: no structure inside
    }
    const atx = ATX.exec(l.text);
    if (atx && !indented) {
      out.push({ depth: atx[1]!.length, text: plainInline((atx[2] ?? '').replace(/[ \t]+#+$/, '').replace(/^#+$/, '')), line: l.number, start: l.start, end: l.end });
      para = [];
      continue;
    }
    const setext = SETEXT.exec(l.text);
    if (setext && para.length > 0) {
      out.push({ depth: setext[1]![0] === '=' ? 1 : 2, text: plainInline(para.map((p) => p.text.trim()).join(' ')), line: para[0]!.number, start: para[0]!.start, end: l.end });
      para = [];
      continue;
    }
    if (para.length === 0 && BLOCK_START.test(l.text)) continue; // lists, quotes, tables, html: not a paragraph start
    if (para.length > 0 || !indented) para.push(l);
  }
  return out;
}

export interface ListItem {
  /** "-", "*", "+", "1." ... */
  marker: string;
  /** true/false for task items "[x]"/"[ ]", null otherwise. */
  checked: boolean | null;
  /** The text of the item's first line, after the marker and task box. */
  first: string;
  /** The item's first paragraph: the line after the marker and its continuation lines, de-indented. */
  text: string;
  /** Every line after the first, trimmed, '' for blank lines (for "Rejected ...: reason" under a hypothesis). */
  rest: string[];
  line: number;
  start: number;
  /** Offset after the item's last non-blank line. */
  end: number;
}

const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])(?:([ \t]+)(.*))?$/;

/** Top-level list items among `lines` (a section's content). Nested lists stay in their parent. */
export function listItems(lines: Line[]): ListItem[] {
  const items: ListItem[] = [];
  let cur: (ListItem & { contentIndent: number; blank: boolean }) | null = null;
  const close = () => {
    if (cur) {
      while (cur.rest[cur.rest.length - 1] === '') cur.rest.pop();
      items.push({ marker: cur.marker, checked: cur.checked, first: cur.first, text: cur.text, rest: cur.rest, line: cur.line, start: cur.start, end: cur.end });
    }
    cur = null;
  };
  for (const l of lines) {
    let m = l.literal ? null : ITEM.exec(l.text);
    if (m && cur && m[1]!.length >= (cur as { contentIndent: number }).contentIndent) m = null; // a nested item
    if (m && !/^ {0,3}(?:-[ \t]*){3,}$/.test(l.text) && !/^ {0,3}(?:\*[ \t]*){3,}$/.test(l.text)) {
      close();
      let text = (m[4] ?? '').trim();
      let checked: boolean | null = null;
      const task = /^\[([ xX])\](?:[ \t]+|$)(.*)$/.exec(text);
      if (task) {
        checked = task[1] !== ' ';
        text = task[2]!.trim();
      }
      const contentIndent = m[1]!.length + m[2]!.length + Math.min((m[3] ?? ' ').length, 4);
      cur = { marker: m[2]!, checked, first: text, text, rest: [], line: l.number, start: l.start, end: l.end, contentIndent, blank: false };
      continue;
    }
    if (!cur) continue;
    const c: ListItem & { contentIndent: number; blank: boolean } = cur;
    if (BLANK.test(l.text) && !l.literal) {
      c.blank = true;
      c.rest.push('');
      continue;
    }
    // A fenced block or comment belongs to the item when its opening line is indented under it.
    const indent = l.literal ? l.blockIndent : indentOf(l.text);
    // After a blank line only indented lines continue the item; before it, lazy continuation is allowed.
    if (indent < c.contentIndent && (c.blank || BLOCK_START.test(l.text))) {
      close();
      continue;
    }
    const t = l.text.trim();
    if (!c.rest.includes('')) c.text = c.text ? `${c.text} ${t}` : t;
    c.rest.push(t);
    c.end = l.end;
    c.blank = false;
  }
  close();
  return items;
}

/** Rows of GFM tables among `lines`: cells trimmed; header rows and the delimiter row left out. */
export interface TableRow {
  cells: string[];
  header: string[];
  line: number;
  start: number;
  end: number;
}

export function tableRows(lines: Line[]): TableRow[] {
  const rows: TableRow[] = [];
  const cells = (t: string) => t.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = lines[i]!, delim = lines[i + 1]!;
    if (head.literal || !head.text.includes('|') || !/^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(delim.text)) continue;
    const header = cells(head.text);
    let j = i + 2;
    for (; j < lines.length && !lines[j]!.literal && lines[j]!.text.includes('|') && !BLANK.test(lines[j]!.text); j++)
      rows.push({ cells: cells(lines[j]!.text), header, line: lines[j]!.number, start: lines[j]!.start, end: lines[j]!.end });
    i = j - 1;
  }
  return rows;
}
