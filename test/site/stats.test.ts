import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { durationLines, horizontalBars, niceCeil, stackedColumns } from '../../src/site/charts.js';
import { computeStats, statsPage } from '../../src/site/pages/stats.js';
import { record } from './fixtures.js';

const H = 3_600_000;
const svgs = (html: string) => html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

describe('computeStats', () => {
  const records = [
    record({ id: 'a', started: '2026-01-10T10:00:00Z', severity: 'SEV1', tags: ['inodes', 'vps'], services: ['blog'], category: 'inodes', durations: { toDetect: 10 * 60_000, toMitigate: H, toResolve: 2 * H } }),
    record({ id: 'b', started: '2026-01-20T10:00:00Z', severity: 'SEV3', tags: ['inodes'], services: ['blog', 'mail'], category: 'inodes', durations: { toDetect: 30 * 60_000, toMitigate: null, toResolve: 4 * H } }),
    record({ id: 'c', started: '2026-04-02T10:00:00Z', severity: 'sev9', tags: ['dns'], category: 'dns', status: 'investigating' }),
    record({ id: 'd', severity: 'SEV2' }),
  ];
  const s = computeStats(records);

  it('counts per month by severity, every month from first to last', () => {
    expect(s.months).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    expect(s.perMonth['2026-01']).toEqual({ SEV1: 1, SEV3: 1 });
    expect(s.perMonth['2026-04']).toEqual({ unknown: 1 });
    expect(s.dated).toBe(3);
    expect(s.total).toBe(4);
    expect(s.open).toBe(1);
  });

  it('takes monthly and overall medians of the durations', () => {
    expect(s.medianToDetect).toEqual([20 * 60_000, null, null, null]);
    expect(s.medianToResolve[0]).toBe(3 * H);
    expect(s.overall.toMitigate).toBe(H);
  });

  it('ranks tags, services and categories by frequency', () => {
    expect(s.tags).toEqual([['inodes', 2], ['dns', 1], ['vps', 1]]);
    expect(s.services[0]).toEqual(['blog', 2]);
    expect(s.categories[0]).toEqual(['inodes', 2]);
  });

  it('draws the charts as well-formed inline SVG, one bar per non-empty value', () => {
    const page = statsPage(s, 'Site');
    const charts = svgs(page.slice(page.indexOf('<main')));
    expect(charts).toHaveLength(5);
    for (const c of charts) expect(() => xml.parse(c)).not.toThrow();
    const columns = xml.parse(charts[0]!).svg;
    const rects = [columns.rect].flat().filter(Boolean);
    expect(rects.map((r: { class: string }) => r.class).sort()).toEqual(['s-sev1', 's-sev3', 's-unknown']);
    expect(page).toContain('20 min'); // median time to detect
    expect(page).not.toMatch(/<script>/);
  });
});

describe('charts', () => {
  it('niceCeil rounds up to 1, 2, 5 steps', () => {
    expect([0, 1, 3, 7, 11, 48, 120].map(niceCeil)).toEqual([1, 1, 5, 10, 20, 50, 200]);
  });

  it('stacks columns proportionally', () => {
    const svg = stackedColumns([{ label: '2026-01', values: { SEV1: 2, SEV2: 2 } }, { label: '2026-02', values: { SEV1: 1 } }], ['SEV1', 'SEV2'], 'x');
    const rects = [xml.parse(svg).svg.rect].flat() as { height: string }[];
    const heights = rects.map((r) => Number(r.height));
    expect(heights[0]).toBeCloseTo(heights[1]!, 5);
    expect(heights[2]! * 2).toBeCloseTo(heights[0]!, 0);
  });

  it('breaks duration lines where a month has no data and escapes labels', () => {
    const svg = durationLines(['a', 'b', 'c'], [{ name: 'ttd', key: 'a', values: [H, null, 2 * H] }], 'x');
    const d = xml.parse(svg).svg.path.d as string;
    expect(d.match(/M/g)).toHaveLength(2);
    const bars = horizontalBars([{ label: '<b>x</b>', value: 3, href: 'tags/x.html' }], 'y');
    expect(bars).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(bars).toContain('<a href="tags/x.html">');
  });
});
