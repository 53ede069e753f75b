import { describe, expect, it } from 'vitest';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { listItem } from '../../src/site/list-item.js';

const stock = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify);
const ours = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { handlers: { listItem } }).use(rehypeStringify);

// Every shape of list whose looseness the handlers decide differently if they get it wrong.
const LISTS: Record<string, string> = {
  tight: '- a\n- b\n- c\n',
  'blank line between items': '- a\n\n- b\n- c\n',
  'blank line only before the last item': '- a\n- b\n\n- c\n',
  'item with two paragraphs': '- a\n\n  more of a\n- b\n',
  'item with a paragraph and a code block': '- a\n\n      code\n- b\n',
  'item with a paragraph and a nested list (tight)': '- a\n  - a1\n  - a2\n- b\n',
  'loose outer, tight inner': '- a\n\n  - a1\n  - a2\n\n- b\n',
  'tight outer, loose inner': '- a\n  - a1\n\n  - a2\n- b\n',
  'empty items': '-\n- b\n-\n',
  'ordered, starting at 3': '3. three\n4. four\n',
  'ordered, loose': '1. one\n\n2. two\n',
  'task list, tight': '- [ ] open\n- [x] done\n- plain\n',
  'task list, loose': '- [ ] open\n\n- [x] done\n',
  'task item with a nested list': '- [ ] open\n  - sub\n- [x] done\n',
  'task item, empty': '- [ ]\n- [x] done\n',
  'item starting with a heading': '- # heading\n- b\n',
  'item with a blockquote': '- > quoted\n- b\n',
  'item with a fenced block': '- a\n  ```\n  code\n  ```\n- b\n',
  'timeline entries': '- **2026-03-14 09:12 +01:00** — alarm\n- **2026-03-14 09:40 +01:00** — `df -i` 100 %\n',
  'lists next to each other': '- a\n- b\n\n* c\n\n* d\n\n1. e\n1) f\n',
  'deeply nested': '- a\n  - b\n    - c\n\n      c2\n    - d\n  - e\n- f\n',
  'list in a blockquote': '> - a\n>\n> - b\n',
};

describe('listItem handler', () => {
  it.each(Object.entries(LISTS))('renders %s exactly as the stock handler', (_, md) => {
    const expected = String(stock.processSync(md));
    expect(expected).toContain('<li');
    expect(String(ours.processSync(md))).toBe(expected);
  });

  it('renders all of them in one document exactly as the stock handler, tight and loose apart', () => {
    const md = Object.values(LISTS).join('\n<!-- -->\n\n');
    const html = String(ours.processSync(md));
    expect(html).toBe(String(stock.processSync(md)));
    // both kinds occur, so a handler that always answered the same would fail above
    expect(html).toContain('<li>a</li>');
    expect(html).toContain('<li>\n<p>a</p>');
  });

  it('renders a long tight list exactly as the stock handler', () => {
    const md = Array.from({ length: 2000 }, (_, i) => `- **09:${String(i % 60).padStart(2, '0')}** — entry ${i}\n`).join('');
    expect(String(ours.processSync(md))).toBe(String(stock.processSync(md)));
  });
});
