// The search index: words of every block apart, the data file's shape, rows for earlier years.
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/doc/parse.js';
import { runJob, searchWords } from '../../src/site/job.js';
import { plainText, processorFor } from '../../src/site/markdown.js';
import { byYear, indexPage, searchScript } from '../../src/site/pages/index.js';
import { record } from './fixtures.js';
import type { Root } from 'mdast';

const text = (md: string) => plainText(processorFor(md).parse(md) as Root);

describe('search words', () => {
  it('keeps a space between blocks: headings, list items, quotes, table cells', () => {
    expect(text('## Impact\nFor two hours')).toBe('Impact For two hours');
    expect(text('- mitigate\n- alert on it')).toBe('mitigate alert on it');
    expect(text('> quoted\n\nnext')).toBe('quoted next');
    expect(text('| a | b |\n|---|---|\n| c | d |')).toBe('a b c d');
    // inline parts of one paragraph stay one text; raw HTML is never searched
    expect(text('in**ode**s and <b>x</b>')).toBe('inodes and x');
    expect(searchWords(text('## Impact\n\n- For two hours mail stalled.\n## Mitigate\nAlert'))).toBe('impact two hours mail stalled mitigate alert');
  });

  it('a rendered incident is searchable by each word after a heading or list item', () => {
    const src = '---\ntitle: T\n---\n## Impact\n- Outgoing mail stopped.\n## Fix\nRestarted postfix\n';
    const r = runJob({ id: 'x', file: 'x/postmortem.md', bytes: new TextEncoder().encode(src), snapshots: [], evidence: [], drafts: false, siteTitle: 's' });
    expect(r.record!.words.split(' ')).toEqual(expect.arrayContaining(['impact', 'outgoing', 'fix', 'restarted']));
    expect(parseDocument(src, 'x.md').meta.title).toBe('T');
  });
});

describe('search data', () => {
  const recs = [
    record({ id: 'new', title: 'New', started: '2026-03-01T00:00:00Z', words: 'new', tags: ['DNS'] }),
    record({ id: 'old', title: 'Old </script>', started: '2019-03-01T00:00:00Z', words: 'old', tags: ['dns'], durations: { toDetect: null, toMitigate: null, toResolve: 90 * 60_000 } }),
  ];

  it('holds every incident in index order, and the rows of years not on the index; cannot close its script', () => {
    const years = byYear(recs, 1);
    expect(years.map((y) => [y.year, y.onIndex])).toEqual([
      ['2026', true],
      ['2019', false],
    ]);
    const js = searchScript(recs, years);
    expect(js).not.toContain('</script>');
    const data = new Function('window', js + 'return window.PM_SEARCH;')({});
    expect(data.words).toEqual(['new', 'old']);
    expect(data.rows[0]).toBeNull();
    expect(data.rows[1]).toEqual(['incidents/old/index.html', 'Old </script>', '2019-03-01T00:00:00Z', '2019-03-01', 'sev3', 'SEV3', 'resolved', 'resolved', 5_400_000, '1 h 30 min', Date.parse('2019-03-01T00:00:00Z'), [['dns', 'dns', 'tags/dns.html']], []]);
    expect(data.stop).toContain('the');
  });

  it('the index shows whole years until it is full, links the others, and loads no search data itself', () => {
    const html = indexPage(recs, 'S', byYear(recs, 1));
    expect(html).toContain('id="y-2026"');
    expect(html).not.toContain('id="y-2019"');
    expect(html).toContain('href="years/2019.html"');
    expect(html).toContain('data-total="2"');
    expect(html).not.toMatch(/<script[^>]+search-data/);
    // "DNS" and "dns" are one option, spelt as the first seen when tied
    expect(html.match(/<option value="dns">/g)).toHaveLength(1);
    expect(html).toContain('<option value="dns">DNS (2)</option>');
  });
});
