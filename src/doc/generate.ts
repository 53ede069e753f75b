// Markdown the tool writes from captured data (evidence summaries, run's timeline entry) is built as
// mdast and serialised by remark-stringify, so a path with `*`, `_` or `[` in it cannot turn into
// emphasis or a link. What the user types stays as typed. Loaded only by the commands that save
// captured data, never on `log`'s hot path.
import type { PhrasingContent, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { redact, type Redacted } from '../redact/redact.js';

const processor = unified().use(remarkStringify, { bullet: '-', listItemIndent: 'one', strong: '*', emphasis: '_', fences: true });

/** Block content as Markdown (no trailing newline); the pieces were redacted, the result is too. */
export function blocks(nodes: RootContent[]): Redacted {
  return redact(processor.stringify({ type: 'root', children: nodes }).trimEnd());
}

/** Phrasing content as one line of Markdown, e.g. the text of a timeline entry. */
export function inline(nodes: PhrasingContent[]): Redacted {
  return blocks([{ type: 'paragraph', children: nodes }]);
}

export const text = (value: string): PhrasingContent => ({ type: 'text', value });
export const code = (value: string): PhrasingContent => ({ type: 'inlineCode', value });
export const strong = (value: string): PhrasingContent => ({ type: 'strong', children: [text(value)] });
export const link = (url: string, label = url): PhrasingContent => ({ type: 'link', url, children: [text(label)] });

// Tables need GFM; a separate processor so the plain one above stays as it was.
const gfmProcessor = unified().use(remarkGfm).use(remarkStringify, { bullet: '-', listItemIndent: 'one', strong: '*', emphasis: '_', fences: true });

/** Block content that may hold GFM tables, as Markdown (no trailing newline). */
export function gfmBlocks(nodes: RootContent[]): Redacted {
  return redact(gfmProcessor.stringify({ type: 'root', children: nodes }).trimEnd());
}

/** A GFM table of plain-text cells, the first row the header. */
export function gfmTable(rows: string[][], align?: ('left' | 'right' | null)[]): RootContent {
  return {
    type: 'table',
    align: align ?? null,
    children: rows.map((r) => ({ type: 'tableRow', children: r.map((cell) => ({ type: 'tableCell', children: [text(cell)] })) })),
  };
}
