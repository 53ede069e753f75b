import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Heading as MdHeading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../src/doc/frontmatter.js';
import { headings, listItems, plainInline, splitLines, tableRows } from '../../src/doc/outline.js';
import { fillTemplate } from '../../src/commands/new.js';
import { ROOT } from '../helpers.js';

/** Headings as remark sees them: the reference our line scanner must agree with. */
function mdastHeadings(source: string, from: number) {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(source.slice(from)) as Root;
  const firstLine = source.slice(0, from).split('\n').length;
  return tree.children
    .filter((n): n is MdHeading => n.type === 'heading')
    .map((h) => ({ depth: h.depth, line: h.position!.start.line + firstLine - 1, text: plainInline(toString(h)) }));
}

function scanned(source: string, from: number) {
  return headings(splitLines(source, from)).map((h) => ({ depth: h.depth, line: h.line, text: plainInline(h.text) }));
}

const TRICKY = [
  '# A\n\n```\n# not a heading\n```\n\n## B ##\n',
  'Setext one\n==========\n\nSetext\ntwo\n---\n\ntext\n\n---\n\n## C\n',
  '- item\n---\n\n    # indented code\n\n<!--\n# comment\n-->\n### D\n',
  '~~~md\n## fenced\n~~~\n#not-a-heading\n#\n## E: `code` and *emphasis* [link](http://x)\n',
  '> # quoted heading\n\n## F\n\n- list\n  ```\n  # fenced in item\n  ```\n## G\n',
];

const SAMPLE = { id: 'x', title: 'T', titleYaml: '"T"', severity: 'SEV3', started: '2026-03-14T09:12:00+01:00', stamp: '2026-03-14 09:12 +01:00', tagsYaml: '[]' };

describe('outline headings agree with remark', () => {
  const docs: [string, string][] = TRICKY.map((t, i) => [`tricky ${i}`, t]);
  const add = (dir: string, filter: (f: string) => boolean) => {
    if (!existsSync(dir)) return;
    for (const f of readdirSync(dir, { recursive: true }) as string[])
      if (filter(f)) docs.push([path.join(dir, f), fillTemplate(readFileSync(path.join(dir, f), 'utf8'), SAMPLE)]);
  };
  add(path.join(ROOT, 'templates'), (f) => f.endsWith('.md'));
  add(path.join(ROOT, 'incidents'), (f) => f.endsWith('postmortem.md'));
  add(path.join(ROOT, 'test/fixtures/foreign'), (f) => f.endsWith('.md'));

  it.each(docs)('%s', (_name, source) => {
    const from = parseFrontMatter(source, 'x')?.end ?? 0;
    const expected = mdastHeadings(source, from).filter((h) => !/^> /.test(source.split('\n')[h.line - 1]!));
    expect(scanned(source, from)).toEqual(expected);
  });
});

describe('list items and tables', () => {
  it('finds top-level items with offsets, task boxes and continuation lines', () => {
    const src = '- [ ] one — owner: @a\n  more of one\n\n  second paragraph\n- [x] two\n  - nested\n* three\n\nafter\n';
    const items = listItems(splitLines(src));
    expect(items.map((i) => [i.checked, i.text])).toEqual([
      [false, 'one — owner: @a more of one'],
      [true, 'two - nested'],
      [null, 'three'],
    ]);
    expect(items[0]!.rest).toEqual(['more of one', '', 'second paragraph']);
    expect(src.slice(items[1]!.start, items[1]!.end)).toBe('- [x] two\n  - nested\n');
  });

  it('a fenced block at column 0 after a blank line ends the item; an indented one belongs to it', () => {
    const src = '- **H1** open — idea\n\n  ```\n  # inside\n  ```\n  Rejected 2026-03-14 10:00 +01:00: no\n\n```\nnot the item\n```\n- next\n';
    const items = listItems(splitLines(src));
    expect(items.map((i) => i.first)).toEqual(['**H1** open — idea', 'next']);
    expect(items[0]!.rest).toContain('Rejected 2026-03-14 10:00 +01:00: no');
    expect(items[0]!.rest).not.toContain('not the item');
  });

  it('reads GFM table rows under their header', () => {
    const src = '| Time | Event |\n|---|:--|\n| 09:12 | alarm |\n| 09:15 | ack \\| paged |\n\ntext\n';
    const rows = tableRows(splitLines(src));
    expect(rows.map((r) => r.cells)).toEqual([['09:12', 'alarm'], ['09:15', 'ack \\| paged']]);
    expect(rows[0]!.header).toEqual(['Time', 'Event']);
    expect(rows[0]!.line).toBe(3);
  });
});
