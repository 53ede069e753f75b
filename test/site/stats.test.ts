import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { countTicks, durationBars, durationLines, horizontalBars, niceCeil, stackedColumns } from '../../src/site/charts.js';
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
    expect(charts).toHaveLength(7);
    for (const c of charts) expect(() => xml.parse(c)).not.toThrow();
    const columns = xml.parse(charts[0]!).svg;
    const rects = [columns.rect].flat().filter(Boolean);
    expect(rects.map((r: { class: string }) => r.class).sort()).toEqual(['s-sev1', 's-sev3', 's-unknown']);
    expect(page).toContain('20 min'); // median time to detect
    expect(page).not.toMatch(/<script>/);
  });
});

describe('time to resolve by severity and by service', () => {
  const records = [
    record({ id: 'a', severity: 'SEV1', services: ['Blog'], durations: { toDetect: null, toMitigate: null, toResolve: 2 * H } }),
    record({ id: 'b', severity: 'SEV1', services: ['blog', 'mail'], durations: { toDetect: null, toMitigate: null, toResolve: 4 * H } }),
    record({ id: 'c', severity: 'SEV3', services: ['mail'], durations: { toDetect: null, toMitigate: null, toResolve: 30 * 60_000 } }),
    record({ id: 'd', severity: 'SEV2', services: ['dns'], status: 'investigating' }),
  ];
  const s = computeStats(records);

  it('takes the median per severity and per (case-folded) service, leaving out what never resolved', () => {
    expect(s.resolveBySeverity).toEqual([
      { label: 'SEV1', value: 3 * H, n: 2 },
      { label: 'SEV3', value: 30 * 60_000, n: 1 },
    ]);
    expect(s.resolveByService).toEqual([
      { label: 'Blog', key: 'blog', value: 3 * H, n: 2 },
      { label: 'mail', key: 'mail', value: (4 * H + 30 * 60_000) / 2, n: 2 },
    ]);
  });

  it('draws them as bars labelled with the duration and the count, linking service pages', () => {
    const page = statsPage(s, 'Site');
    expect(page).toContain('Time to resolve by severity (median)');
    expect(page).toContain('>3 h (2)</text>');
    expect(page).toContain('<a href="services/blog.html">');
    const svg = durationBars([{ label: 'x', value: 60_000, n: 1 }, { label: 'y', value: 86_400_000, n: 3 }], 'z', String);
    const widths = ([xml.parse(svg).svg.g].flat() as { rect: { width: string } }[]).map((g) => Number(g.rect.width));
    expect(widths[1]).toBeGreaterThan(widths[0]! * 10); // a day is far longer than a minute, on a log scale
  });

  it('says "1 incident", not "1 incidents"', () => {
    const one = statsPage(computeStats([record({ id: 'x' })]), 'Site');
    expect(one).toContain('<p class="lede">1 incident');
    expect(one).not.toContain('1 incidents');
  });
});

describe('charts', () => {
  it('count axes have whole-number ticks only', () => {
    expect(countTicks(1)).toEqual({ max: 1, ticks: [0, 1] });
    expect(countTicks(3)).toEqual({ max: 3, ticks: [0, 1, 2, 3] });
    expect(countTicks(7)).toEqual({ max: 8, ticks: [0, 2, 4, 6, 8] });
    expect(countTicks(10)).toEqual({ max: 10, ticks: [0, 2, 4, 6, 8, 10] });
    expect(countTicks(23).ticks).toEqual([0, 5, 10, 15, 20, 25]);
    for (const n of [1, 2, 6, 9, 13, 99, 170, 1234]) {
      const t = countTicks(n);
      expect(t.ticks.every(Number.isInteger)).toBe(true);
      expect(t.max).toBeGreaterThanOrEqual(n);
      expect(t.ticks.length).toBeLessThanOrEqual(6);
    }
    const svg = stackedColumns([{ label: 'm', values: { SEV1: 10 } }], ['SEV1'], 'x');
    const labels = ([xml.parse(svg).svg.text].flat() as { '#text': string | number }[]).map((t) => String(t['#text']));
    expect(labels).not.toContain('2.5');
  });

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
