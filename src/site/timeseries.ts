// Prometheus evidence (evidence/*-prometheus.json, written by `evidence prometheus`) drawn as
// inline SVG time-series charts at build time: no script, no chart library, colours from the
// stylesheet's chart classes (light and dark mode alike), so the strict CSP holds. Each chart marks
// started/detected/mitigated/resolved with vertical lines and draws the limit dashed where there is
// one. The data stays assertable: `data-points` on each series holds the raw [time, value] pairs
// the polylines were drawn from, and the <title> names min, max and the limit. Parsing is lenient
// like snapshots': a file that is not such evidence is a warning, never a failed build.
import type { Meta } from '../doc/model.js';
import { parseStamp } from '../doc/dates.js';
import { checkZone, offsetAt } from '../util/zone.js';
import type { Chart, ChartUnit, SavedSeries } from '../prom/evidence.js';
import { siAmount, trimZeros } from './si.js';
import { esc } from './html.js';
import { L } from './i18n/labels.js';
import { parseJson } from './json.js';

/** A chart as the site draws it: the evidence file's (src/prom/evidence.ts), without its query and peak. */
export type TsChart = Pick<Chart, 'kind' | 'title' | 'unit' | 'instance' | 'subject' | 'series' | 'limit'>;

export interface TsEvidence {
  /** Path inside the incident folder. */
  name: string;
  window: { start: number; end: number; step: number };
  instances: string[];
  charts: TsChart[];
}

export interface Mark {
  name: 'started' | 'detected' | 'mitigated' | 'resolved';
  /** Unix seconds. */
  t: number;
  /** As written in the front matter. */
  stamp: string;
}

const UNITS = new Set<ChartUnit>(['bytes', 'count', 'ratio', 'load']);
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);

function pointsOf(v: unknown): [number, number][] {
  const out: [number, number][] = [];
  if (Array.isArray(v)) for (const p of v) if (Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1])) out.push([p[0], p[1]]);
  return out.sort((a, b) => a[0] - b[0]);
}

function seriesOf(v: unknown): SavedSeries | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const points = pointsOf(o.points);
  return points.length ? { name: str(o.name, 'value'), points } : null;
}

/** Parses one evidence file; throws an Error with a reason when it is not Prometheus evidence. */
export function parsePromEvidence(text: string, name: string): TsEvidence {
  const data = parseJson(text);
  const o = data as Record<string, unknown>;
  if (!o || typeof o !== 'object' || o.kind !== 'postmortem-prometheus' || !Array.isArray(o.charts)) throw new Error('expected Prometheus evidence ("kind": "postmortem-prometheus" with "charts")');
  const w = (o.window ?? {}) as Record<string, unknown>;
  const ms = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : NaN);
  const charts = o.charts
    .filter((c): c is Record<string, unknown> => Boolean(c) && typeof c === 'object')
    .map((c): TsChart => ({
      kind: str(c.kind, 'series'),
      title: str(c.title, str(c.kind, 'Series')),
      unit: UNITS.has(c.unit as ChartUnit) ? (c.unit as ChartUnit) : 'count',
      instance: str(c.instance),
      subject: str(c.subject),
      series: (Array.isArray(c.series) ? c.series : []).map(seriesOf).filter((s): s is SavedSeries => s !== null),
      limit: seriesOf(c.limit),
    }))
    .filter((c) => c.series.length);
  const step = typeof w.step === 'number' && w.step > 0 ? w.step : 0;
  return {
    name,
    window: { start: ms(w.start) / 1000, end: ms(w.end) / 1000, step },
    instances: (Array.isArray(o.instances) ? o.instances : []).map((i) => str(i)).filter(Boolean),
    charts,
  };
}

/** The front matter's moments that are set and readable, in order. */
export function marksOf(meta: Pick<Meta, 'started' | 'detected' | 'mitigated' | 'resolved'>): Mark[] {
  const out: Mark[] = [];
  for (const name of ['started', 'detected', 'mitigated', 'resolved'] as const) {
    const stamp = meta[name];
    const ms = stamp ? parseStamp(stamp)?.ms : undefined;
    if (stamp && ms !== undefined) out.push({ name, t: ms / 1000, stamp });
  }
  return out;
}

/** Minutes east of UTC for chart times: the document's `timezone:`, else the offset `started:` was written with. */
export function clockOf(meta: Pick<Meta, 'started' | 'extra'>): (t: number) => number {
  const tz = typeof meta.extra?.timezone === 'string' ? checkZone(meta.extra.timezone) : null;
  if (tz) return (t) => offsetAt(t * 1000, tz);
  const m = meta.started ? /([+-])(\d{2}):?(\d{2})\s*$/.exec(meta.started) : null;
  const off = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return () => off;
}

/** A value with SI prefixes (bytes and counts: 1.5 GB, 12 k), a ratio in percent, a load as it is. */
export function si(v: number, unit: ChartUnit): string {
  if (unit === 'ratio') return `${trimZeros((v * 100).toFixed(Math.abs(v) < 0.1 && v !== 0 ? 1 : 0))} %`;
  if (unit === 'load') return trimZeros(v.toFixed(Math.abs(v) < 10 ? 2 : 0));
  return siAmount(v, unit === 'bytes');
}

/** A step of 1, 2, 2.5 or 5 times a power of ten giving at most `ticks` intervals up to `max`. */
export function niceStep(max: number, ticks = 4): number {
  if (!(max > 0)) return 1;
  const raw = max / ticks;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

const two = (n: number) => String(n).padStart(2, '0');
/** Wall-clock "HH:MM" (or "HH:MM:SS") of unix seconds at the given offset. */
function clock(t: number, offMin: number, seconds: boolean): string {
  const d = new Date((t + offMin * 60) * 1000);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}${seconds ? `:${two(d.getUTCSeconds())}` : ''}`;
}
function dayOf(t: number, offMin: number): string {
  return new Date((t + offMin * 60) * 1000).toISOString().slice(0, 10);
}
function offsetLabel(offMin: number): string {
  const a = Math.abs(offMin);
  return `UTC${offMin < 0 ? '−' : '+'}${two(Math.floor(a / 60))}:${two(a % 60)}`;
}

const W = 720;
const H = 260;
const LEFT = 58;
const R = 12;
const T = 22;
const B = 34;
const f1 = (n: number) => n.toFixed(1);

/** What the y axis counts. */
function yCaption(c: TsChart): string {
  if (c.unit === 'ratio') return '% of the limit';
  if (c.unit === 'load') return 'runnable tasks';
  if (c.unit === 'bytes') return 'bytes (SI)';
  return c.kind === 'inodes' ? 'inodes' : c.kind === 'fds' ? 'file handles' : 'count';
}

export function chartLabel(c: TsChart): string {
  const where = c.subject ? (c.kind === 'postmortem' ? ` {${c.subject}}` : ` on ${c.subject}`) : '';
  return `${c.title}${where}${c.instance ? ` at ${c.instance}` : ''}`;
}

/** Consecutive points with no gap longer than `gap` seconds: each becomes one polyline. */
function runs(points: [number, number][], gap: number): [number, number][][] {
  const out: [number, number][][] = [];
  let cur: [number, number][] = [];
  for (const p of points) {
    if (cur.length && p[0] - cur[cur.length - 1]![0] > gap) out.push(cur), (cur = []);
    cur.push(p);
  }
  if (cur.length) out.push(cur);
  return out;
}

/** A limit more than this many times the data's peak is named, not drawn: it would flatten the data to the floor. */
const LIMIT_SCALE = 20;

/** One chart as an SVG element. `offset` gives the minutes east of UTC for the time labels. */
export function timeSeriesChart(c: TsChart, marks: Mark[], window: TsEvidence['window'], offset: (t: number) => number = () => 0): string {
  const values = c.series.flatMap((s) => s.points);
  const dataMin = Math.min(...values.map((p) => p[1]));
  const dataMax = Math.max(...values.map((p) => p[1]));
  const limitMax = c.limit ? Math.max(...c.limit.points.map((p) => p[1])) : null;
  const drawLimit = c.limit !== null && limitMax !== null && (dataMax <= 0 || limitMax <= dataMax * LIMIT_SCALE);
  // the time axis spans the data and the incident's moments inside the pulled window
  const inWindow = marks.filter((m) => !(m.t < window.start) && !(m.t > window.end));
  const times = [...values, ...(drawLimit ? c.limit!.points : [])].map((p) => p[0]).concat(inWindow.map((m) => m.t));
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  if (t1 - t0 < 1) (t0 -= Math.max(1, window.step)), (t1 += Math.max(1, window.step));
  const top = Math.max(dataMax, drawLimit ? limitMax! : 0, c.unit === 'ratio' ? 1 : 0);
  const ystep = niceStep(top > 0 ? top : 1);
  const ymax = Math.max(ystep, Math.ceil((top > 0 ? top : 1) / ystep - 1e-9) * ystep);
  const plotW = W - LEFT - R;
  const plotH = H - T - B;
  const x = (t: number) => LEFT + ((t - t0) / (t1 - t0)) * plotW;
  const y = (v: number) => T + plotH - (Math.max(0, v) / ymax) * plotH;

  const lastLimit = c.limit ? c.limit.points[c.limit.points.length - 1]![1] : null;
  const off0 = offset(t0);
  // counts exactly in the summary (2,000 of 2,000 inodes), prefixed on the axis
  const exact = (v: number) => (c.unit === 'count' ? Math.round(v).toLocaleString('en-US') : si(v, c.unit));
  const summary =
    `${chartLabel(c)}: min ${exact(dataMin)}, max ${exact(dataMax)}` +
    (lastLimit !== null ? `, limit ${exact(lastLimit)}${lastLimit > 0 && c.unit !== 'ratio' ? ` (peak ${Math.round((dataMax / lastLimit) * 100)} % of it)` : ''}${drawLimit ? '' : ', off the scale'}` : '') +
    `; ${dayOf(t0, off0)} ${clock(t0, off0, false)} to ${clock(t1, offset(t1), false)} ${offsetLabel(off0)}`;
  let out = `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(summary)}" xmlns="http://www.w3.org/2000/svg" class="timeseries" data-kind="${esc(c.kind)}" data-unit="${esc(c.unit)}" data-instance="${esc(c.instance)}" data-subject="${esc(c.subject)}" data-min="${dataMin}" data-max="${dataMax}"${lastLimit !== null ? ` data-limit="${lastLimit}"` : ''}><title>${esc(summary)}</title>`;

  // y grid and labels
  for (let v = 0; v <= ymax + 1e-9; v += ystep)
    out += `<line class="grid" x1="${LEFT}" x2="${W - R}" y1="${f1(y(v))}" y2="${f1(y(v))}"/><text class="axis" x="${LEFT - 6}" y="${f1(y(v) + 4)}" text-anchor="end">${esc(si(v, c.unit))}</text>`;
  out += `<text class="axis" x="4" y="${T - 8}">${esc(yCaption(c))}</text>`;

  // time ticks: the first step giving at most 6 intervals, on whole wall-clock multiples
  const span = t1 - t0;
  const ts = TIME_STEPS.find((s) => span / s <= 6) ?? 86400 * Math.ceil(span / 86400 / 6);
  const first = Math.ceil((t0 + off0 * 60) / ts) * ts - off0 * 60;
  for (let t = first; t <= t1 + 1e-9; t += ts)
    out += `<line class="grid" x1="${f1(x(t))}" x2="${f1(x(t))}" y1="${T + plotH}" y2="${T + plotH + 4}"/><text class="axis" x="${f1(x(t))}" y="${T + plotH + 17}" text-anchor="${x(t) > W - R - 24 ? 'end' : 'middle'}">${clock(t, offset(t), ts < 60)}</text>`;
  out += `<text class="axis" x="${W - R}" y="${H - 2}" text-anchor="end">${esc(`${L.chartTime}, ${dayOf(t0, off0)} ${offsetLabel(off0)}`)}</text>`;

  // gaps longer than a few steps (a missed scrape run, a restart) are left open
  const gap = Math.max(3 * (window.step || 1), 1);
  const line = (s: SavedSeries, cls: string, group: string, extra = '', limit = false) => {
    const data = s.points.map((p) => `${p[0]},${p[1]}`).join(' ');
    // a limit holds until it changes: never broken by gaps, and a single value spans the chart
    const drawn = limit && s.points.length === 1 ? [[t0, s.points[0]![1]], [t1, s.points[0]![1]]] as [number, number][] : s.points;
    const lines = runs(drawn, limit ? Infinity : gap)
      .map((r) => (r.length === 1 ? `<circle class="${cls.replace('line', 'dot')}" cx="${f1(x(r[0]![0]))}" cy="${f1(y(r[0]![1]))}" r="2"/>` : `<polyline class="${cls}"${extra} points="${r.map((p) => `${f1(x(p[0]))},${f1(y(p[1]))}`).join(' ')}"/>`))
      .join('');
    return `<g class="${group}" data-name="${esc(s.name)}" data-points="${data}">${lines}</g>`;
  };
  if (drawLimit) out += line(c.limit!, 'line-b', 'ts-limit', ' stroke-dasharray="6 4"', true);
  for (const s of c.series) out += line(s, 'line-a', 'ts-series');

  // the incident's moments, labelled at the top; labels of moments close together are staggered
  let lastX = -Infinity;
  let row = 0;
  for (const m of inWindow) {
    const mx = x(m.t);
    row = mx - lastX < 64 ? (row + 1) % 2 : 0;
    lastX = mx;
    out += `<line class="ts-mark" data-mark="${m.name}" data-at="${esc(m.stamp)}" x1="${f1(mx)}" x2="${f1(mx)}" y1="${T}" y2="${T + plotH}" stroke="currentColor" stroke-opacity="0.6" stroke-dasharray="3 3"><title>${esc(`${m.name} ${m.stamp}`)}</title></line>`;
    out += `<text class="axis" x="${f1(mx + 3)}" y="${T + 10 + row * 12}">${esc(L.phase[m.name].toLowerCase())}</text>`;
  }
  return `${out}</svg>`;
}

/** The incident page's Prometheus section: each evidence file's charts, newest file first. */
export function prometheusSection(files: TsEvidence[], meta: Pick<Meta, 'started' | 'detected' | 'mitigated' | 'resolved' | 'extra'>): string {
  const shown = files.filter((f) => f.charts.length).sort((a, b) => b.name.localeCompare(a.name));
  if (!shown.length) return '';
  const marks = marksOf(meta);
  const offset = clockOf(meta);
  const blocks = shown.map((f) => {
    const charts = f.charts
      .map((c) => {
        const legend = `<ul class="legend">${c.series.map((s) => `<li><i class="k-a"></i>${esc(s.name)}</li>`).join('')}${c.limit ? `<li><i class="k-b"></i>${esc(c.limit.name)}</li>` : ''}</ul>`;
        return `<figure class="chart card full"><figcaption><strong>${esc(c.title)}</strong>${c.subject ? ` <code>${esc(c.subject)}</code>` : ''} <span class="muted">${esc(c.instance)}</span></figcaption>${timeSeriesChart(c, marks, f.window, offset)}${legend}</figure>`;
      })
      .join('\n');
    return `<p class="muted">${esc(L.chartsNote(f.instances.join(', '), f.window.step))} <a href="${esc(f.name.split('/').map(encodeURIComponent).join('/'))}">${esc(f.name)}</a></p>\n<div class="charts">${charts}</div>`;
  });
  return `<h2 id="prometheus">Prometheus</h2>\n${blocks.join('\n')}`;
}
