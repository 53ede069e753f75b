// The one Markdown engine: unified with remark-parse, remark-gfm, remark-rehype, rehype-sanitize and
// rehype-stringify. Each document body is parsed once; the same tree gives the HTML, the plain text
// for search and summaries, and (through node positions) which section each block belongs to.
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Root as MdastRoot, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { PostmortemDoc, SectionId } from '../doc/model.js';
import { slugify } from './html.js';

// remark-rehype drops raw HTML (no allowDangerousHtml) and rehype-sanitize (GitHub's schema) removes
// what is left that could run: event handlers, javascript: URLs, iframes, scripts, styles.
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize).use(rehypeStringify).freeze();

export interface TocEntry {
  id: string;
  text: string;
  depth: number;
}

export interface RenderedBody {
  html: string;
  toc: TocEntry[];
  /** Plain text of the whole body. */
  text: string;
  /** Plain text of one canonical section's content (without its heading), by id. */
  sectionText: Partial<Record<SectionId, string>>;
}

/** Finds the innermost canonical section holding a source offset. */
function sectionFinder(doc: PostmortemDoc): (offset: number) => SectionId | null {
  const known = doc.sections.filter((s) => s.id !== null);
  return (offset) => {
    let best: (typeof known)[number] | undefined;
    for (const s of known) if (s.contentStart <= offset && offset < s.end && (!best || s.start > best.start)) best = s;
    return best ? best.id : null;
  };
}

const addClass = (el: Element, name: string) => {
  const c = el.properties.className;
  el.properties.className = Array.isArray(c) ? [...c, name] : c ? [String(c), name] : [name];
};

const textOf = (node: ElementContent | HastRoot): string =>
  node.type === 'text' ? node.value : 'children' in node ? node.children.map((c) => textOf(c as ElementContent)).join('') : '';

const isElement = (n: unknown): n is Element => (n as Element)?.type === 'element';

export function renderBody(doc: PostmortemDoc): RenderedBody {
  const bodyStart = doc.frontMatter?.end ?? 0;
  const body = doc.source.slice(bodyStart);
  let lineShift = 0;
  for (let i = doc.source.indexOf('\n'); i !== -1 && i < bodyStart; i = doc.source.indexOf('\n', i + 1)) lineShift++;

  const mdast = processor.parse(body) as MdastRoot;
  const sectionAt = sectionFinder(doc);
  const offsetOf = (n: { position?: { start: { offset?: number } } }) => (n.position?.start.offset ?? -1) + bodyStart;

  // Plain text per canonical section, from the Markdown tree (headings excluded).
  const sectionText: Partial<Record<SectionId, string>> = {};
  for (const child of mdast.children as RootContent[]) {
    if (child.type === 'heading') continue;
    const id = sectionAt(offsetOf(child));
    if (id) sectionText[id] = (sectionText[id] ? sectionText[id] + ' ' : '') + toString(child);
  }

  const hast = processor.runSync(mdast) as HastRoot;
  const toc = decorate(hast, doc, sectionAt, offsetOf, lineShift);
  return { html: processor.stringify(hast), toc, text: toString(mdast), sectionText };
}

/**
 * Runs after sanitizing, so everything added here is ours: heading anchors, the timeline and
 * hypothesis classes the stylesheet draws, wrappers that let wide tables scroll on phones.
 */
function decorate(
  tree: HastRoot,
  doc: PostmortemDoc,
  sectionAt: (offset: number) => SectionId | null,
  offsetOf: (n: ElementContent) => number,
  lineShift: number,
): TocEntry[] {
  const toc: TocEntry[] = [];
  const used = new Set<string>();
  // The page header shows the title: drop a leading H1 that repeats it.
  const first = tree.children.find((c) => c.type !== 'text' || c.value.trim());
  if (isElement(first) && first.tagName === 'h1') tree.children.splice(tree.children.indexOf(first), 1);

  const hypByLine = new Map(doc.hypotheses.map((h) => [h.line, h]));
  for (let i = 0; i < tree.children.length; i++) {
    const node = tree.children[i]!;
    if (!isElement(node)) continue;
    const tag = node.tagName;
    if (tag === 'h2' || tag === 'h3') {
      const text = textOf(node).trim();
      let id = `s-${slugify(text)}`;
      for (let k = 2; used.has(id); k++) id = `s-${slugify(text)}-${k}`;
      used.add(id);
      node.properties.id = id;
      toc.push({ id, text, depth: tag === 'h2' ? 2 : 3 });
      continue;
    }
    const section = sectionAt(offsetOf(node));
    if ((tag === 'ul' || tag === 'ol') && section === 'timeline') addClass(node, 'timeline');
    if (tag === 'table' && section === 'timeline') addClass(node, 'timeline-table');
    if ((tag === 'ul' || tag === 'ol') && section === 'hypotheses') {
      for (const li of node.children) {
        if (!isElement(li) || !li.position) continue;
        const h = hypByLine.get(li.position.start.line + lineShift);
        if (h?.status) addClass(li, `hyp-${h.status}`);
      }
      addClass(node, 'hypotheses');
    }
    if (tag === 'table') {
      tree.children[i] = { type: 'element', tagName: 'div', properties: { className: ['table-wrap'] }, children: [node] };
    }
  }
  return toc;
}
