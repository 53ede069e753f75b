// Prometheus evidence drawn as SVG: the data is read back from the markup (data-points, polyline
// coordinates, the title), never from pixels.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build.js';
import { chartLabel, clockOf, marksOf, niceStep, parsePromEvidence, prometheusSection, si, timeSeriesChart, type TsChart } from '../../src/site/timeseries.js';
import { tempDir } from '../helpers.js';
import { doc, writeIncidents } from './fixtures.js';

const T0 = Date.parse('2026-03-14T08:00:00Z') / 1000;
const inodes: TsChart = {
  kind: 'inodes',
  title: 'Inodes used',
  unit: 'count',
  instance: 'web-3:9100',
  subject: '/srv',
  series: [{ name: 'used', points: [[T0, 100], [T0 + 60, 400], [T0 + 120, 1000], [T0 + 600, 1000], [T0 + 660, 1000]] }],
  limit: { name: 'inodes total', points: [[T0, 1000], [T0 + 660, 1000]] },
};
const window = { start: T0 - 3600, end: T0 + 4 * 3600, step: 60 };
const meta = { started: '2026-03-14T09:01:00+01:00', detected: '2026-03-14T09:05:00+01:00', mitigated: null, resolved: '2026-03-14T12:00:00+01:00', extra: {} };

/** The values of attribute `name` on elements with class `cls`. */
const attrs = (svg: string, cls: string, name: string) => [...svg.matchAll(new RegExp(`<[a-z]+ class="${cls}"[^>]*?\\b${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);
const pairs = (s: string) => s.split(' ').map((p) => p.split(',').map(Number));

describe('timeSeriesChart', () => {
  const svg = timeSeriesChart(inodes, marksOf(meta), window, clockOf(meta));

  it('keeps the data it drew: raw points on the series and the limit, polylines in the plot', () => {
    expect(pairs(attrs(svg, 'ts-series', 'data-points')[0]!)).toEqual(inodes.series[0]!.points);
    expect(pairs(attrs(svg, 'ts-limit', 'data-points')[0]!)).toEqual(inodes.limit!.points);
    // the gap between +120 and +600 (8 steps) is left open: two lines
    const lines = attrs(svg, 'line-a', 'points').map(pairs);
    expect(lines.map((l) => l.length)).toEqual([3, 2]);
    // y grows downwards: the line rises, and the full value sits on the limit's height
    const [first] = lines;
    expect(first![0]![1]).toBeGreaterThan(first![2]![1]!);
    const limitY = pairs(attrs(svg, 'line-b', 'points')[0]!)[0]![1];
    expect(first![2]![1]).toBe(limitY);
  });

  it('is an accessible image summarising min, max and the limit', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    const title = /<title>([^<]*)<\/title>/.exec(svg)![1];
    expect(title).toBe('Inodes used on /srv at web-3:9100: min 100, max 1,000, limit 1,000 (peak 100 % of it); 2026-03-14 09:00 to 12:00 UTC+01:00');
    expect(svg).toContain(`aria-label="${title}"`);
    expect(svg).toContain('data-max="1000"');
    expect(svg).toContain('data-limit="1000"');
  });

  it('marks the moments inside the window; resolved lies past the data and is still drawn', () => {
    expect(attrs(svg, 'ts-mark', 'data-mark')).toEqual(['started', 'detected', 'resolved']);
    const xs = attrs(svg, 'ts-mark', 'x1').map(Number);
    expect(xs[0]).toBeLessThan(xs[1]!);
    // the axis now runs to resolved (12:00 +01:00), so the data ends well left of it
    const lastX = Math.max(...attrs(svg, 'line-a', 'points').flatMap((p) => pairs(p).map((q) => q[0]!)));
    expect(lastX).toBeLessThan(xs[2]!);
  });

  it('labels the axes with units and wall-clock times in the incident offset', () => {
    expect(svg).toContain('>inodes</text>');
    expect(svg).toContain('>09:00</text>');
    expect(svg).toContain('>time, 2026-03-14 UTC+01:00</text>');
    const bytes = timeSeriesChart({ ...inodes, kind: 'bytes', unit: 'bytes', series: [{ name: 'used', points: [[T0, 2.5e9], [T0 + 60, 4e9]] }], limit: { name: 'size', points: [[T0, 5e9]] } }, [], window);
    expect(bytes).toContain('>bytes (SI)</text>');
    expect(bytes).toContain('>4 GB</text>');
    expect(bytes).toContain('limit 5 GB (peak 80 % of it)');
  });

  it('names a limit far off the scale instead of flattening the data', () => {
    const fds: TsChart = { ...inodes, kind: 'fds', subject: '', series: [{ name: 'used', points: [[T0, 1500], [T0 + 60, 1800]] }], limit: { name: 'fd maximum', points: [[T0, 9223372036854775807]] } };
    const s = timeSeriesChart(fds, [], window);
    expect(s).not.toContain('class="ts-limit"');
    expect(s).toContain('off the scale');
    expect(s).toContain('>2 k</text>');
  });

  it('escapes label values from the machine', () => {
    const s = timeSeriesChart({ ...inodes, subject: '/mnt/<script>"x' }, [], window);
    expect(s).not.toContain('<script>');
    expect(s).toContain('data-subject="/mnt/&lt;script&gt;&quot;x"');
  });
});

describe('parsePromEvidence', () => {
  it('keeps what it can read and drops broken points', () => {
    const e = parsePromEvidence(JSON.stringify({ kind: 'postmortem-prometheus', window: { start: '2026-03-14T07:00:00Z', end: '2026-03-14T12:00:00Z', step: 60 }, instances: ['a:1'], charts: [{ kind: 'load', unit: 'weird', series: [{ name: 'used', points: [[2, 1], [1, 'x'], [1, 3]] }] }, { kind: 'empty', series: [] }, 7] }), 'evidence/p.json');
    expect(e.window).toEqual({ start: Date.parse('2026-03-14T07:00:00Z') / 1000, end: Date.parse('2026-03-14T12:00:00Z') / 1000, step: 60 });
    expect(e.charts).toEqual([{ kind: 'load', title: 'load', unit: 'count', instance: '', subject: '', series: [{ name: 'used', points: [[1, 3], [2, 1]] }], limit: null }]);
  });

  it('refuses what is not Prometheus evidence', () => {
    expect(() => parsePromEvidence('{', 'x')).toThrow(/^not JSON/);
    expect(() => parsePromEvidence('{"findings":[]}', 'x')).toThrow('expected Prometheus evidence');
  });

  it('formats amounts in SI and picks round steps', () => {
    expect([si(0.8, 'ratio'), si(0.05, 'ratio'), si(1.5, 'load'), si(1500, 'count'), si(1536, 'bytes'), si(0, 'bytes')]).toEqual(['80 %', '5 %', '1.5', '1.5 k', '1.54 kB', '0 B']);
    expect([niceStep(1000), niceStep(1024), niceStep(1), niceStep(0)]).toEqual([250, 500, 0.25, 1]);
    expect(chartLabel({ ...inodes, subject: '' })).toBe('Inodes used at web-3:9100');
  });
});

describe('the incident page', () => {
  it('draws every chart of the Prometheus evidence under its own heading, without scripts or inline styles', async () => {
    const root = tempDir('pm-ts-');
    const dir = path.join(root, 'incidents');
    const evidence = { kind: 'postmortem-prometheus', version: 1, source: 'http://p:9090', pulledAt: '2026-03-15T10:00:00Z', window: { start: '2026-03-14T07:00:00Z', end: '2026-03-14T12:00:00Z', step: 60 }, instances: ['web-3:9100'], charts: [inodes, { ...inodes, kind: 'bytes', title: 'Disk space used', unit: 'bytes' }] };
    writeIncidents(dir, {
      '2026-03-14-inodes': {
        'postmortem.md': doc({ title: 'Inodes', started: meta.started, detected: meta.detected, resolved: meta.resolved, status: 'resolved' }),
        'evidence/2026-03-15T10-00-00Z-prometheus.json': JSON.stringify(evidence),
        'evidence/other.json': '{"kind":"not ours"}',
      },
      '2026-03-20-broken': { 'postmortem.md': doc({ title: 'Broken', started: '2026-03-20T09:00:00+01:00' }), 'evidence/2026-03-20T10-00-00Z-prometheus.json': 'not json' },
    });
    const out = path.join(root, 'site');
    const r = await buildSite({ dir, out });
    expect(r.warnings.filter((w) => !w.endsWith(`the site shows "unknown"`))).toEqual(['2026-03-20-broken/evidence/2026-03-20T10-00-00Z-prometheus.json: not JSON (Unexpected token \'o\', "not json" is not valid JSON); no charts drawn from it']);
    const html = readFileSync(path.join(out, 'incidents/2026-03-14-inodes/index.html'), 'utf8');
    expect(html).toContain('<h2 id="prometheus">Prometheus</h2>');
    expect(html).toContain('<a href="#prometheus">Prometheus</a>');
    const svgs = html.match(/<svg [^>]*class="timeseries"[\s\S]*?<\/svg>/g)!;
    expect(svgs.map((s) => /data-kind="(\w+)"/.exec(s)![1])).toEqual(['inodes', 'bytes']);
    for (const s of svgs) expect(s).not.toMatch(/<script|style=|on\w+=/);
    // the evidence file itself is published beside the page
    expect(JSON.parse(readFileSync(path.join(out, 'incidents/2026-03-14-inodes/evidence/2026-03-15T10-00-00Z-prometheus.json'), 'utf8')).charts).toHaveLength(2);
    expect(readFileSync(path.join(out, 'incidents/2026-03-20-broken/index.html'), 'utf8')).not.toContain('id="prometheus"');
  });

  it('leaves the section out when there is nothing to draw', () => {
    expect(prometheusSection([], meta)).toBe('');
  });
});
