// micromark holds every token of a document until the tree is built: a 10 MB postmortem (a long
// `watch` timeline) peaks near 2 GB while parsing. A long body is therefore parsed in pieces of
// about CHUNK characters, cut only where CommonMark cannot carry state across the cut:
//   - before a top-level ATX heading that follows a blank line, or
//   - between two items of one top-level list (an item line at column 0 after a non-blank line),
// and the pieces' trees are joined (the two halves of a cut list become one list again, positions
// shifted). Each cut is checked on the trees (the heading or list really starts the second piece,
// nothing open like a fence or an HTML block ends the first); a cut that fails is undone by
// parsing its two pieces together. A body with link or footnote definitions anywhere (they reach
// across the whole document) is parsed whole. The result equals the whole parse, positions included
// (tested).
import type { Nodes, Root, RootContent } from 'mdast';

export const CHUNK = 256 * 1024;

type Parser = { parse(text: string): unknown };
type Point = { line: number; column: number; offset?: number };

// the common case of a definition, to skip cutting at once; the trees tell the rest
const DEFINITION = /^ {0,3}\[[^\]\n]*\]:/m;
// A cut: the line after the newline is a bullet or ordered item at column 0, or an ATX heading.
const CANDIDATE = /\n(?=(?:[-*+]|\d{1,9}[.)])[ \t]|#{1,6}(?:[ \t\n]|$))/g;

function cutPoints(body: string, size: number): number[] {
  const cuts: number[] = [];
  let from = size;
  while (from < body.length - size / 2) {
    CANDIDATE.lastIndex = from;
    let m: RegExpExecArray | null;
    let at = -1;
    while ((m = CANDIDATE.exec(body))) {
      const start = m.index + 1;
      const prevStart = body.lastIndexOf('\n', m.index - 1) + 1;
      const prevBlank = body.slice(prevStart, m.index).trim() === '';
      // headings after a blank line; list items directly after their previous item's text
      if (body[start] === '#' ? prevBlank : !prevBlank) {
        at = start;
        break;
      }
    }
    if (at === -1) break;
    cuts.push(at);
    from = at + size;
  }
  return cuts;
}

/** The item marker of a list item starting at `offset` (its delimiter for ordered items). */
function markerAt(text: string, offset: number): string {
  const m = /^ {0,3}(?:([-*+])|\d{1,9}([.)]))/.exec(text.slice(offset, offset + 16));
  return m ? (m[1] ?? m[2]!) : '';
}

/**
 * Moves the positions of a piece to where it is in the body, keeping them only on the root, its
 * blocks and their children (what the site reads: sections, list items); the rest would be
 * copied into the HTML tree too, a third of the memory on a long timeline. Returns whether the
 * piece holds a link or footnote definition.
 */
function place(root: Root, offset: number, lines: number): boolean {
  let definitions = false;
  const move = (p: Point): Point => ({ line: p.line + lines, column: p.column, offset: (p.offset ?? 0) + offset });
  const stack: [Nodes, number][] = [[root, 0]];
  while (stack.length) {
    const [n, depth] = stack.pop()!;
    if (n.type === 'definition' || n.type === 'footnoteDefinition') definitions = true;
    if (depth > 2) delete n.position;
    else if (n.position && (offset || lines)) n.position = { start: move(n.position.start), end: move(n.position.end) };
    if ('children' in n) for (const c of n.children) stack.push([c as Nodes, depth + 1]);
  }
  return definitions;
}

/**
 * Parses `body` with `proc` as one document, in pieces when it is long; positions are kept down to
 * the blocks' children. `chunks` says how many pieces were parsed (1: whole).
 */
export function parseInChunks(proc: Parser, body: string, size = CHUNK): { tree: Root; chunks: number } {
  const whole = () => {
    const tree = proc.parse(body) as Root;
    place(tree, 0, 0);
    return { tree, chunks: 1 };
  };
  if (body.length < 2 * size || DEFINITION.test(body)) return whole();
  const cuts = cutPoints(body, size);
  if (!cuts.length) return whole();

  const bounds = [0, ...cuts, body.length];
  const pieces: Piece[] = [];
  let lines = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i]!;
    const end = bounds[i + 1]!;
    let piece: Piece = { start, lines, tree: proc.parse(body.slice(start, end)) as Root };
    // a definition anywhere (even inside a list item) serves references in every piece
    if (place(piece.tree, start, lines)) return whole();
    // A cut that was not clean: parse the piece before it together with this one.
    while (pieces.length && !clean(pieces[pieces.length - 1]!.tree, piece.tree, body, piece.start)) {
      const prev = pieces.pop()!;
      if (end - prev.start > 4 * size) return whole(); // cut after cut fails: no point in pieces
      piece = { start: prev.start, lines: prev.lines, tree: proc.parse(body.slice(prev.start, end)) as Root };
      if (place(piece.tree, prev.start, prev.lines)) return whole();
    }
    pieces.push(piece);
    for (let k = body.indexOf('\n', start); k !== -1 && k < end; k = body.indexOf('\n', k + 1)) lines++;
  }
  const tree = pieces[0]!.tree;
  for (const p of pieces.slice(1)) join(tree, p.tree);
  return { tree, chunks: pieces.length };
}

interface Piece {
  start: number;
  /** Lines before `start`. */
  lines: number;
  tree: Root;
}

/**
 * Whether `part`, parsed from `body` at `cut`, continues `before` as the whole parse would: it
 * starts with a heading, or with more items of the list `before` ends with, and `before` leaves
 * nothing open (a fence, an HTML block) that would have taken in what follows.
 */
function clean(before: Root, part: Root, body: string, cut: number): boolean {
  const last = before.children[before.children.length - 1];
  const first = part.children[0];
  if (!last || !first || first.position?.start.offset !== cut || endsInRaw(last)) return false;
  if (first.type === 'heading') return body[cut] === '#';
  if (first.type !== 'list' || last.type !== 'list' || first.ordered !== last.ordered) return false;
  const lastItem = last.children[last.children.length - 1];
  const between = body.slice(last.position?.end.offset ?? -1, cut);
  // the list ran up to the cut (no blank line, no other block), and the marker is the same
  const marker = markerAt(body, cut);
  return Boolean(lastItem) && between.trim() === '' && !between.includes('\n\n') && marker !== '' && markerAt(body, lastItem!.position?.start.offset ?? -1) === marker;
}

/** Appends a piece that `clean` accepted: a list cut in two becomes one list again. */
function join(tree: Root, part: Root): void {
  const last = tree.children[tree.children.length - 1]!;
  const [first, ...rest] = part.children;
  if (first!.type === 'list' && last.type === 'list') {
    for (const item of first!.children) last.children.push(item);
    last.spread = Boolean(last.spread || first!.spread);
    if (last.position && first!.position) last.position.end = first!.position.end;
  } else rest.unshift(first!);
  for (const c of rest) tree.children.push(c);
  if (tree.position && part.position) tree.position.end = part.position.end;
}

/** Whether the innermost last block is code or HTML: a fence or HTML block may still be open. */
function endsInRaw(node: RootContent): boolean {
  let n: Nodes = node;
  while ((n.type === 'list' || n.type === 'listItem' || n.type === 'blockquote') && n.children.length) n = n.children[n.children.length - 1]!;
  return n.type === 'code' || n.type === 'html';
}
