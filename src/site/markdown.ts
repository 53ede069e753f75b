// The one Markdown engine: unified with remark-parse, remark-gfm, remark-rehype, rehype-sanitize and
// rehype-stringify. Each document body is parsed once; the same tree gives the HTML, the plain text
// for search and summaries, and (through node positions) which section each block belongs to.
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Root as MdastRoot, RootContent } from 'mdast';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { PostmortemDoc, SectionId } from '../doc/model.js';
import { slugify } from './html.js';
import { L } from './i18n/labels.js';
import { listItem } from './list-item.js';
import { parseInChunks } from './chunked-parse.js';
import { fitLinks } from './links.js';

// remark-rehype drops raw HTML (no allowDangerousHtml) and rehype-sanitize (GitHub's schema) removes
// what is left that could run: event handlers, javascript: URLs, iframes, scripts, styles.
// The listItem handler is the stock one without its quadratic cost on long lists (see list-item.ts).
export const TO_HAST = { handlers: { listItem } };
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, TO_HAST).use(rehypeSanitize).use(rehypeStringify).freeze();

// GFM's literal autolinks (www.x, https://x, a@b.c) cost a third of the parse: micromark tries the
// e-mail construct at every letter and a regex pass walks every text node afterwards. A document
// with none of their trigger characters cannot produce one, so it gets the same remark-gfm
// extensions minus those three constructs: the output is identical (tested), the parse faster.
const AUTOLINK_CONSTRUCTS = new Set(['wwwAutolink', 'protocolAutolink', 'emailAutolink']);
export const MAY_AUTOLINK = /www\.|https?:|mailto:|xmpp:|\S@/i;

type Ext = Record<string, unknown>;
function withoutAutolinkLiterals(data: { micromarkExtensions?: Ext[]; fromMarkdownExtensions?: unknown[] }) {
  let removed = 0;
  const micromarkExtensions = (data.micromarkExtensions ?? []).map((ext) => {
    const text = ext.text as Record<string, unknown> | undefined;
    if (!text) return ext;
    const kept: Record<string, unknown> = {};
    for (const [code, c] of Object.entries(text)) {
      const list = (Array.isArray(c) ? c : [c]).filter((x) => !(x && AUTOLINK_CONSTRUCTS.has((x as { name?: string }).name ?? '') && ++removed));
      if (list.length) kept[code] = list;
    }
    return { ...ext, text: kept };
  });
  const fromMarkdownExtensions = (data.fromMarkdownExtensions ?? []).flat().filter((e) => {
    const drop = Boolean((e as { enter?: Record<string, unknown> }).enter?.literalAutolink);
    if (drop) removed++;
    return !drop;
  });
  return removed >= 4 ? { micromarkExtensions, fromMarkdownExtensions } : null;
}

const gfmLite = (() => {
  const d = withoutAutolinkLiterals(unified().use(remarkGfm).freeze().data() as never);
  // (the two processors share parse, transforms and stringify; only the GFM text constructs differ)
  if (!d) return processor; // remark-gfm changed shape: always use it whole
  return unified()
    .use(remarkParse)
    .use(function gfmWithoutAutolinkLiterals(this: { data(): object }) {
      const data = this.data() as Record<string, unknown>;
      data.micromarkExtensions = [...((data.micromarkExtensions as unknown[]) ?? []), ...d.micromarkExtensions];
      data.fromMarkdownExtensions = [...((data.fromMarkdownExtensions as unknown[]) ?? []), ...d.fromMarkdownExtensions];
    })
    .use(remarkRehype, TO_HAST)
    .use(rehypeSanitize)
    .use(rehypeStringify)
    .freeze();
})();

/** The processor for a body: whole remark-gfm, or without literal autolinks when none can occur. */
export const processorFor = (body: string) => (MAY_AUTOLINK.test(body) ? processor : gfmLite);

// Blocks whose children are blocks: their texts are joined with a space, else "## Impact" followed
// by "For ..." reads "impactfor" to the search (mdast-util-to-string joins without one).
const CONTAINERS = new Set(['root', 'blockquote', 'list', 'listItem', 'table', 'tableRow', 'footnoteDefinition']);

/**
 * Plain text of a Markdown tree with a space between blocks (and at hard breaks). Raw HTML is left
 * out: it is never rendered, so it is never summarized or searched.
 */
export function plainText(node: MdastRoot | RootContent): string {
  switch (node.type) {
    case 'html':
      return '';
    case 'break':
      return ' ';
    case 'image':
    case 'imageReference':
      return node.alt ?? '';
  }
  if ('value' in node) return node.value;
  if (!('children' in node)) return '';
  const parts = (node.children as RootContent[]).map(plainText);
  return parts.join(CONTAINERS.has(node.type) ? ' ' : '');
}

/** A short Markdown text (a front matter summary) as sanitized HTML and plain text. */
export function renderFragment(md: string): { html: string; text: string } {
  const proc = processorFor(md);
  const tree = proc.parse(md) as MdastRoot;
  const text = plainText(tree).replace(/\s+/g, ' ').trim();
  const hast = proc.runSync(tree) as HastRoot;
  fitLinks(hast);
  fitForReaders(hast);
  return { html: String(proc.stringify(hast)), text };
}

/**
 * One line of Markdown (an action item's text) as inline HTML through the same sanitizing pipeline:
 * `code`, **bold** and links render instead of showing their backticks and stars. Text without any
 * Markdown punctuation skips the pipeline (most action items). `folder` is the incident folder as
 * seen from the page showing the text ("incidents/<id>/"): a link the author wrote relative to the
 * postmortem (evidence/x.txt) still reaches it, and private files stay unlinked as on the page.
 */
export function renderInline(text: string, folder = ''): string {
  if (!/[`*_[\]<>&!~\\]|https?:|www\./.test(text)) return text.replace(/"/g, '&#x22;');
  const proc = processorFor(text);
  const hast = proc.runSync(proc.parse(text)) as HastRoot;
  fitLinks(hast);
  fitForReaders(hast);
  if (folder) rebase(hast, folder);
  const only = hast.children.filter((c) => c.type !== 'text' || c.value.trim());
  const inner = only.length === 1 && isElement(only[0]) && only[0].tagName === 'p' ? { type: 'root' as const, children: only[0].children } : hast;
  return proc.stringify(inner as HastRoot);
}

const ABSOLUTE = /^(?:[a-z][a-z0-9+.-]*:|\/)/i;

function rebase(tree: HastRoot | Element, folder: string): void {
  for (const node of tree.children) {
    if (!isElement(node)) continue;
    const key = node.tagName === 'a' ? 'href' : node.tagName === 'img' ? 'src' : null;
    const url = key ? node.properties[key] : undefined;
    if (key && typeof url === 'string' && !ABSOLUTE.test(url)) node.properties[key] = url.startsWith('#') ? `${folder}index.html${url}` : folder + url;
    rebase(node, folder);
  }
}

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
  /** Plain prose of one canonical section (without its heading and code blocks), by id. */
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

  const proc = processorFor(body);
  let mdast: MdastRoot | null = parseInChunks(proc, body).tree;
  const sectionAt = sectionFinder(doc);
  const offsetOf = (n: { position?: { start: { offset?: number } } }) => (n.position?.start.offset ?? -1) + bodyStart;

  // Plain text per canonical section, from the Markdown tree (headings excluded).
  const sectionText: Partial<Record<SectionId, string>> = {};
  for (const child of mdast.children as RootContent[]) {
    // prose only: command output in code blocks would drown the summary and the category
    if (child.type === 'heading' || child.type === 'code') continue;
    const id = sectionAt(offsetOf(child));
    if (id) sectionText[id] = (sectionText[id] ? sectionText[id] + ' ' : '') + plainText(child);
  }

  const text = plainText(mdast);
  const hast = proc.runSync(mdast) as HastRoot;
  mdast = null; // not needed any more: let it go before the HTML string is made
  const toc = decorate(hast, doc, sectionAt, offsetOf, lineShift);
  fitLinks(hast);
  fitForReaders(hast);
  return { html: proc.stringify(hast), toc, text, sectionText };
}

const REMOTE = /^(?:https?:)?\/\//i;

/**
 * Two things the reader would otherwise get wrong, fixed in the sanitized tree:
 * - an image from another host would be blocked by the page's CSP (img-src 'self') and show as a
 *   broken icon: it becomes a link to the image with its alt text (inside a link: just the text);
 * - a done task ("- [x]") is shown done in words and by a stroke, not only by a small tick, and
 *   its checkbox gets a name (an unnamed form control is an accessibility error).
 */
export function fitForReaders(tree: HastRoot): void {
  const stack: { node: HastRoot | Element; inLink: boolean }[] = [{ node: tree, inLink: false }];
  while (stack.length) {
    const { node: parent, inLink } = stack.pop()!;
    parent.children.forEach((node, i) => {
      if (!isElement(node)) return;
      if (node.tagName === 'img' && typeof node.properties.src === 'string' && REMOTE.test(node.properties.src)) {
        const alt = typeof node.properties.alt === 'string' && node.properties.alt.trim() ? node.properties.alt : L.image;
        parent.children[i] = inLink
          ? { type: 'text', value: alt }
          : { type: 'element', tagName: 'a', properties: { href: node.properties.src, className: ['remote-image'] }, children: [{ type: 'text', value: alt }] };
        return;
      }
      if (node.tagName === 'li' && [node.properties.className].flat().includes('task-list-item')) markTask(node);
      stack.push({ node, inLink: inLink || node.tagName === 'a' });
    });
  }
}

function markTask(li: Element): void {
  const host = li.children.find((c) => isElement(c) && c.tagName === 'p') as Element | undefined;
  const box = (host ?? li).children.find((c) => isElement(c) && c.tagName === 'input') as Element | undefined;
  if (!box) return;
  const done = Boolean(box.properties.checked);
  box.properties.ariaLabel = done ? L.taskDone : L.taskOpen;
  if (!done) return;
  addClass(li, 'task-done');
  const parent = host ?? li;
  parent.children.splice(parent.children.indexOf(box) + 1, 0, { type: 'element', tagName: 'span', properties: { className: ['done-label'] }, children: [{ type: 'text', value: L.taskDone }] });
}

/** "**09:12** — text": the stamp is drawn on its own line, so the dash that separated it goes. */
function dropDashAfterStamp(li: Element): void {
  const host = li.children.find((c) => isElement(c) || (c.type === 'text' && c.value.trim()));
  const parent = isElement(host) && host.tagName === 'p' ? host : li;
  const i = parent.children.findIndex((c) => isElement(c) || (c.type === 'text' && c.value.trim()));
  const first = parent.children[i];
  const next = parent.children[i + 1];
  if (isElement(first) && first.tagName === 'strong' && next?.type === 'text') next.value = next.value.replace(/^\s*[—–:-]\s*/, ' ');
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
  const nextNumber = new Map<string, number>();
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
      const base = `s-${slugify(text)}`;
      let id = base;
      // the next free number per heading text: a long log of "Update" headings stays linear
      for (let k = nextNumber.get(base) ?? 2; used.has(id); k++) {
        id = `${base}-${k}`;
        nextNumber.set(base, k + 1);
      }
      used.add(id);
      node.properties.id = id;
      toc.push({ id, text, depth: tag === 'h2' ? 2 : 3 });
      continue;
    }
    const section = sectionAt(offsetOf(node));
    if ((tag === 'ul' || tag === 'ol') && section === 'timeline') {
      addClass(node, 'timeline');
      for (const li of node.children) if (isElement(li)) dropDashAfterStamp(li);
    }
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
