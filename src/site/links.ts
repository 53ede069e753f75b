// Links from a postmortem to files of its own incident folder, fitted to what the site publishes
// (published.ts): a link to a private file becomes plain text marked "(private)", so the page
// neither points at nor names a path that is not there; a link to a snapshot file (never
// published) goes to the page's snapshot cards; a link to evidence published with ".txt" added
// gets the ".txt".
import type { Element, ElementContent, Root } from 'hast';
import path from 'node:path';
import { inertName, isPrivate } from './published.js';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** The path inside the incident folder that a relative URL names, or null for any other URL. */
export function localPath(url: string): string | null {
  const u = url.replace(/\\/g, '/'); // browsers read a backslash in a URL as a slash
  if (!u || SCHEME.test(u) || /^[/#?]/.test(u)) return null;
  let p = u.replace(/[?#][\s\S]*$/, '');
  try {
    p = decodeURIComponent(p);
  } catch {
    /* not valid percent-encoding: judged as written */
  }
  return path.posix.normalize(p).replace(/^(\.\/)+/, '');
}

const privateText = (children: ElementContent[]): Element => ({
  type: 'element',
  tagName: 'span',
  properties: { className: ['private'] },
  children: [...children, { type: 'text', value: children.length ? ' (private)' : '(private)' }],
});

/** Rewrites the links of a sanitized tree in place. */
export function fitLinks(tree: Root): void {
  const stack: (Root | Element)[] = [tree];
  while (stack.length) {
    const parent = stack.pop()!;
    parent.children.forEach((node, i) => {
      if (node.type !== 'element') return;
      const url = node.tagName === 'a' ? node.properties.href : node.tagName === 'img' ? node.properties.src : undefined;
      const local = typeof url === 'string' ? localPath(url) : null;
      if (local !== null && isPrivate(local)) {
        const alt = node.properties.alt;
        parent.children[i] = privateText(node.tagName === 'img' ? (alt ? [{ type: 'text', value: String(alt) }] : []) : node.children);
        return;
      }
      if (local !== null && node.tagName === 'a') {
        if (local.startsWith('snapshots/')) node.properties.href = '#snapshots';
        else if (local.startsWith('evidence/') && inertName(local) !== local) node.properties.href = String(url).replace(/(?=[?#]|$)/, '.txt');
      }
      stack.push(node);
    });
  }
}
