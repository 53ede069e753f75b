// Charts drawn at build time as inline SVG from plain data: no chart library in the browser, and
// colours come from the stylesheet (classes), so the same markup follows light and dark mode.
import { esc } from './html.js';
import { L as LABELS } from './i18n/labels.js';

export interface Column {
  label: string;
  values: Record<string, number>;
}

/** 1, 2, 5, 10, 20, 50, ... at or above n. */
export function niceCeil(n: number): number {
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

/**
 * Ticks for a count axis: whole numbers only (no "2.5 incidents"), a step of 1, 2 or 5 times a power
 * of ten, at most six ticks; the axis ends on the first tick at or above the largest value.
 */
export function countTicks(top: number): { max: number; ticks: number[] } {
  let step = 1;
  for (let p = 1; ; p *= 10) {
    const s = [1, 2, 5].map((m) => m * p).find((c) => Math.ceil(top / c) <= 5);
    if (s) {
      step = s;
      break;
    }
  }
  const max = Math.max(step, Math.ceil(top / step) * step);
  return { max, ticks: Array.from({ length: max / step + 1 }, (_, i) => i * step) };
}

const svgOpen = (w: number, h: number, label: string) =>
  `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg"><title>${esc(label)}</title>`;
const fmt = (n: number) => (Math.abs(n) >= 100 || Number.isInteger(n) ? String(Math.round(n)) : n.toFixed(1));

/** Stacked columns, one per label (e.g. a month), stacked by series (e.g. severity). */
export function stackedColumns(cols: Column[], series: string[], label: string, opts: { labelEvery?: (l: string, i: number) => string | null } = {}): string {
  const W = 720;
  const H = 240;
  const L = 34;
  const B = 26;
  const T = 8;
  const total = (c: Column) => series.reduce((s, k) => s + (c.values[k] ?? 0), 0);
  const { max, ticks } = countTicks(Math.max(1, ...cols.map(total)));
  const plotW = W - L - 4;
  const plotH = H - B - T;
  const step = plotW / Math.max(1, cols.length);
  const bw = Math.max(1, Math.min(28, step * 0.78));
  const y = (v: number) => T + plotH - (v / max) * plotH;
  let out = svgOpen(W, H, label);
  for (const t of ticks) out += `<line class="grid" x1="${L}" x2="${W - 4}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}"/><text class="axis" x="${L - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${fmt(t)}</text>`;
  cols.forEach((c, i) => {
    const x = L + i * step + (step - bw) / 2;
    let acc = 0;
    for (const k of series) {
      const v = c.values[k] ?? 0;
      if (!v) continue;
      const y1 = y(acc + v);
      const h = y(acc) - y1;
      out += `<rect class="s-${esc(k.toLowerCase())}" x="${x.toFixed(1)}" y="${y1.toFixed(1)}" width="${bw.toFixed(1)}" height="${Math.max(0.5, h).toFixed(1)}"><title>${esc(`${c.label}: ${v} ${k === 'unknown' ? LABELS.unknown : k}`)}</title></rect>`;
      acc += v;
    }
    const tick = opts.labelEvery ? opts.labelEvery(c.label, i) : c.label;
    if (tick !== null) out += `<text class="axis" x="${(L + i * step + step / 2).toFixed(1)}" y="${H - 8}" text-anchor="middle">${esc(tick)}</text>`;
  });
  return out + '</svg>';
}

export interface LineSeries {
  name: string;
  /** CSS suffix: "a" or "b". */
  key: string;
  /** One value per column index; null where there is no data. */
  values: (number | null)[];
}

const MIN = 60_000;
const DURATION_TICKS: [number, string][] = [
  [MIN, '1 min'],
  [10 * MIN, '10 min'],
  [60 * MIN, '1 h'],
  [6 * 60 * MIN, '6 h'],
  [24 * 60 * MIN, '1 d'],
  [7 * 24 * 60 * MIN, '1 w'],
  [30 * 24 * 60 * MIN, '30 d'],
];

/** Durations over time on a log scale (a detection in minutes and a fix in days share one chart). */
export function durationLines(labels: string[], series: LineSeries[], label: string, opts: { labelEvery?: (l: string, i: number) => string | null } = {}): string {
  const W = 720;
  const H = 240;
  const L = 46;
  const B = 26;
  const T = 8;
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null && v > 0);
  const lo = Math.log10(Math.min(MIN, ...all));
  const hi = Math.log10(Math.max(24 * 60 * MIN, ...all));
  const plotW = W - L - 8;
  const plotH = H - B - T;
  const step = plotW / Math.max(1, labels.length);
  const x = (i: number) => L + i * step + step / 2;
  const y = (v: number) => T + plotH - ((Math.log10(Math.max(v, 1000)) - lo) / (hi - lo || 1)) * plotH;
  let out = svgOpen(W, H, label);
  for (const [v, t] of DURATION_TICKS) {
    if (Math.log10(v) < lo - 1e-9 || Math.log10(v) > hi + 1e-9) continue;
    out += `<line class="grid" x1="${L}" x2="${W - 4}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/><text class="axis" x="${L - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${t}</text>`;
  }
  for (const s of series) {
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null || v <= 0) return void (pen = false);
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
      pen = true;
    });
    if (d) out += `<path class="line-${esc(s.key)}" d="${d}"/>`;
    s.values.forEach((v, i) => {
      if (v === null || v <= 0) return;
      out += `<circle class="dot-${esc(s.key)}" cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="${labels.length > 40 ? 2 : 3}"><title>${esc(`${labels[i]}: ${s.name} ${humanMs(v)}`)}</title></circle>`;
    });
  }
  labels.forEach((l, i) => {
    const tick = opts.labelEvery ? opts.labelEvery(l, i) : l;
    if (tick !== null) out += `<text class="axis" x="${x(i).toFixed(1)}" y="${H - 8}" text-anchor="middle">${esc(tick)}</text>`;
  });
  return out + '</svg>';
}

function humanMs(ms: number): string {
  const m = ms / MIN;
  return m < 60 ? `${Math.round(m)} min` : m < 48 * 60 ? `${(m / 60).toFixed(1)} h` : `${(m / 1440).toFixed(1)} d`;
}

export interface BarItem {
  label: string;
  value: number;
  href?: string;
}

/** Horizontal bars, largest first, each optionally a link (a tag's page). */
export function horizontalBars(items: BarItem[], label: string): string {
  const W = 360;
  const row = 24;
  const LW = 128;
  const H = Math.max(1, items.length) * row + 4;
  const max = Math.max(1, ...items.map((i) => i.value));
  // with links inside, the chart is a group of links, not one image (axe: nested-interactive)
  let out = items.some((i) => i.href) ? svgOpen(W, H, label).replace('role="img"', 'role="group"') : svgOpen(W, H, label);
  if (!items.length) return out + `<text class="axis" x="0" y="16">no data</text></svg>`;
  items.forEach((it, i) => {
    const y = i * row + 2;
    const w = Math.max(2, ((W - LW - 40) * it.value) / max);
    const text = it.label.length > 20 ? it.label.slice(0, 19) + '…' : it.label;
    const bar = `<title>${esc(`${it.label}: ${it.value}`)}</title><text class="hlabel" x="${LW - 8}" y="${y + 15}" text-anchor="end">${esc(text)}</text><rect class="hbar" x="${LW}" y="${y + 4}" width="${w.toFixed(1)}" height="${row - 10}" rx="3"/><text class="hvalue" x="${(LW + w + 6).toFixed(1)}" y="${y + 15}">${it.value}</text>`;
    out += it.href ? `<a href="${esc(it.href)}"><g>${bar}</g></a>` : `<g>${bar}</g>`;
  });
  return out + '</svg>';
}

export interface DurationItem {
  label: string;
  /** Milliseconds (a median). */
  value: number;
  /** How many incidents the value is of. */
  n: number;
  href?: string;
}

/**
 * Horizontal bars of durations on a log scale from one minute (minutes and days side by side), each
 * labelled with the duration and how many incidents it is the median of.
 */
export function durationBars(items: DurationItem[], label: string, format: (ms: number) => string): string {
  const W = 360;
  const row = 24;
  const LW = 112;
  const VW = 92;
  const H = Math.max(1, items.length) * row + 4;
  // with links inside it is a group of links, not one image (axe: nested-interactive)
  let out = items.some((i) => i.href) ? svgOpen(W, H, label).replace('role="img"', 'role="group"') : svgOpen(W, H, label);
  if (!items.length) return out + `<text class="axis" x="0" y="16">${esc(LABELS.noData)}</text></svg>`;
  const lo = Math.log10(MIN);
  const hi = Math.log10(Math.max(60 * MIN, ...items.map((i) => i.value)));
  const width = (v: number) => Math.max(2, ((W - LW - VW) * (Math.log10(Math.max(v, MIN)) - lo)) / (hi - lo || 1));
  items.forEach((it, i) => {
    const y = i * row + 2;
    const w = width(it.value);
    const text = it.label.length > 17 ? it.label.slice(0, 16) + '…' : it.label;
    const value = `${format(it.value)} (${it.n})`;
    const bar = `<title>${esc(LABELS.medianOver(it.label, format(it.value), it.n))}</title><text class="hlabel" x="${LW - 8}" y="${y + 15}" text-anchor="end">${esc(text)}</text><rect class="hbar" x="${LW}" y="${y + 4}" width="${w.toFixed(1)}" height="${row - 10}" rx="3"/><text class="hvalue" x="${(LW + w + 6).toFixed(1)}" y="${y + 15}">${esc(value)}</text>`;
    out += it.href ? `<a href="${esc(it.href)}"><g>${bar}</g></a>` : `<g>${bar}</g>`;
  });
  return out + '</svg>';
}
