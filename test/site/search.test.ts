// The search index: words of every block apart, the data file's shape, rows for earlier years.
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/doc/parse.js';
import { runJob, searchWords } from '../../src/site/job.js';
import { plainText, processorFor } from '../../src/site/markdown.js';
import { byYear, indexPage, searchScript } from '../../src/site/pages/index.js';
import { groupsOf } from '../../src/site/pages/facet.js';
import { record } from './fixtures.js';
import type { Root } from 'mdast';
import { useLang } from '../../src/site/i18n/labels.js';

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

describe('in German', () => {
  it('the index, its script wording and the rows of earlier years come from the label table', () => {
    useLang('de');
    try {
      const recs = [record({ id: 'n', started: '2026-03-01T00:00:00Z' }), record({ id: 'o', started: '2019-03-01T00:00:00Z', status: 'resolved' })];
      const years = byYear(recs, 1);
      const html = indexPage(recs, 'S', years);
      expect(html).toContain('data-found="gefunden in: {fields}"');
      expect(html).toContain('data-fields="Titel|Schlagwörter|Dienste|Zusammenfassung|Text"');
      expect(html).toContain('Frühere Jahre, 1 Vorfall:');
      const data = new Function('window', searchScript(recs, years) + 'return window.PM_SEARCH;')({});
      expect(data.rows[1].slice(3, 8)).toEqual(['01.03.2019', 'sev3', 'SEV3', 'resolved', 'behoben']);
    } finally {
      useLang('en');
    }
  });
});

describe('a long history', () => {
  it('600 incidents over three years: the index stays under 250 KB, every incident still searchable', () => {
    const recs = Array.from({ length: 600 }, (_, i) => {
      const d = new Date(Date.UTC(2024, 0, 1) + i * 1.8 * 86_400_000).toISOString();
      return record({
        id: `${d.slice(0, 10)}-inode-quota-exhausted-by-cache-files-${i}`,
        title: `Inode quota exhausted by cache files on web${i % 9}`,
        started: d,
        severity: `SEV${1 + (i % 4)}`,
        tags: ['inodes', 'wordpress', i % 2 ? 'mail' : 'dns'],
        services: ['blog', 'mysql'],
        summary: 'The blog returned errors for two hours because the inode quota of the container was full of cache files. '.repeat(3),
        words: 'inode quota cache files blog wordpress container errors hours',
        durations: { toDetect: 600_000, toMitigate: 3_600_000, toResolve: 7_200_000 },
      });
    }).reverse();
    const years = byYear(recs);
    const html = indexPage(recs, 'S', years);
    expect(html.length).toBeLessThan(250_000);
    const data = new Function('window', searchScript(recs, years) + 'return window.PM_SEARCH;')({});
    expect(data.words).toHaveLength(600);
    const onIndex = (html.match(/<tr data-i=/g) ?? []).length;
    // what is not a row on the index is a row in the search data, and the other way round
    expect(data.rows.filter((r: unknown) => r !== null)).toHaveLength(600 - onIndex);
    expect(onIndex).toBeGreaterThanOrEqual(60);
  });
});

describe('tags folded', () => {
  it('one group per tag whatever its case or separators, spelt as most incidents spell it', () => {
    const recs = [record({ id: 'a', tags: ['Config Change', 'DNS'] }), record({ id: 'b', tags: ['config-change', 'dns'] }), record({ id: 'c', tags: ['config_change', 'dns', 'DNS'] })];
    const g = groupsOf(recs, (r) => r.tags);
    expect(g.map((x) => [x.key, x.label, x.records.length])).toEqual([
      ['config-change', 'Config Change', 3],
      ['dns', 'dns', 3],
    ]);
  });
});
