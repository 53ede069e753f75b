import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInChunks } from '../../src/site/chunked-parse.js';
import { processorFor } from '../../src/site/markdown.js';
import { ROOT } from '../helpers.js';
// @ts-expect-error plain ESM module without types
import { incident } from '../../bench/generate.mjs';
import { SEED } from './fixtures.js';

const bodyOf = (src: string) => (src.startsWith('---\n') ? src.slice(src.indexOf('\n---\n', 3) + 5) : src);

// Cuts in awkward places: what follows a cut candidate belongs to something still open.
const TRICKY = [
  '# Top\n\n```sh\ncat x\n# not a heading\n- not an item\n```\n\n- a\n- b\n# h\n- c\n',
  '<pre>\ntext\n\n# not a heading\n- not an item\n</pre>\n\n## After\n\n- a\n- b\n',
  '<!--\n\n# hidden\n- hidden\n-->\n\n- a\n- b\n',
  '- a\n- b\n* other list\n* d\n+ third\n1. ordered\n2. two\n1) other delimiter\n2) two\n',
  '- a\n\n- b\n- c\n\n\n- d\n- e\n',
  '- a\n  ```\n  open fence in an item\n- b\n- c\n  > quote\n- d\n',
  'para\n- interrupts\n- more\n\npara\n2. does not interrupt\n3. x\n',
  '- - -\n- a\n* * *\n- b\n---\n- c\n',
  'Setext\n===\n- a\n- b\n\nSetext 2\n---\n- c\n',
  '| a | b |\n|---|---|\n| 1 | 2 |\n# h\n| c |\n- x\n- y\n',
  '> quote\n- a\n> - b\n- c\n\n> lazy\ncontinued\n# h\n',
  '    indented code\n\n# h\n    more code\n- a\n',
  '- [ ] task\n- [x] done\n- plain\n- [ ] task\n\n  second paragraph\n- z\n',
  '1. one\n2. two\n3. three\n4. four\n5. five\n6. six\n7. seven\n8. eight\n',
  '- a\n  - nested\n  - nested\n- b\n  1. n\n  2. n\n- c\n',
  '# h\n#no heading\n#\n# \n###### six\n####### seven\n- a\n',
  'Text with a [ref] and a note[^1].\n\n- a\n- b\n\n[ref]: https://example.org\n[^1]: A note.\n',
];

const corpus = (): string[] => {
  const foreign = path.join(ROOT, 'test', 'fixtures', 'foreign');
  return [
    bodyOf(SEED),
    ...TRICKY,
    ...readdirSync(foreign).filter((n) => n.endsWith('.md')).map((n) => bodyOf(readFileSync(path.join(foreign, n), 'utf8'))),
    ...Array.from({ length: 60 }, (_, i) => bodyOf(incident(i).files['postmortem.md'] as string)),
    Array.from({ length: 3000 }, (_, i) => `- **2026-03-14 09:${String(i % 60).padStart(2, '0')} +01:00** — watch: inodes ${90 + (i % 10)} %\n`).join(''),
  ];
};

describe('parseInChunks', () => {
  it('gives the whole parse, positions included, wherever the cuts fall', () => {
    let chunked = 0;
    for (const body of corpus()) {
      const proc = processorFor(body);
      const whole = parseInChunks(proc, body, Infinity);
      expect(whole.chunks).toBe(1);
      for (const size of [16, 40, 200]) {
        const r = parseInChunks(proc, body, size);
        if (r.chunks > 1) chunked++;
        expect(JSON.stringify(r.tree), `${size}: ${body.slice(0, 60)}`).toBe(JSON.stringify(whole.tree));
        expect(String(proc.stringify(proc.runSync(r.tree)))).toBe(String(proc.stringify(proc.runSync(whole.tree))));
      }
    }
    // most documents were really parsed in pieces, so the comparison above means something
    expect(chunked).toBeGreaterThan(100);
  });

  it('parses a document with link or footnote definitions whole, also when they sit in a list or quote', () => {
    const inItem = '- see [ref] and [q]\n- b\n- c\n'.repeat(20) + '- [ref]: https://example.org/x\n- d\n> [q]: /quoted\n';
    const cases: [string, string[]][] = [
      [TRICKY[TRICKY.length - 1]!.repeat(20), ['href="https://example.org"', 'href="#user-content-fn-1"']],
      [inItem, ['href="https://example.org/x"', 'href="/quoted"']],
    ];
    for (const [body, links] of cases) {
      const proc = processorFor(body);
      const r = parseInChunks(proc, body, 16);
      expect(r.chunks).toBe(1);
      const html = String(proc.stringify(proc.runSync(r.tree)));
      for (const l of links) expect(html).toContain(l);
    }
  });

  it('cuts a long timeline into pieces of about the asked size and joins its list again', () => {
    const body = corpus().pop()!;
    const r = parseInChunks(processorFor(body), body, 8192);
    expect(r.chunks).toBeGreaterThan(10);
    expect(r.tree.children).toHaveLength(1);
    expect(r.tree.children[0]).toMatchObject({ type: 'list', spread: false });
  });
});
