// The incident window as Prometheus saw it: node_exporter's queries, how their answers become
// charts (per instance: one per filesystem, memory, load, file handles; ours are in exported.ts),
// and the evidence file they are saved as. Shaping is pure (chartsFrom), tested on literal series.
import type { RangeSeries } from './query.js';

/** Units the site knows how to label: bytes and counts in SI, ratios in percent, load as is. */
export type ChartUnit = 'bytes' | 'count' | 'ratio' | 'load';

export interface SavedSeries {
  name: string;
  points: [number, number][];
}

export interface Chart {
  /** inodes | bytes | memory | load | fds | postmortem (a limit `export --textfile` adds) */
  kind: string;
  title: string;
  unit: ChartUnit;
  instance: string;
  /** The mount point, or the exported metric with its labels; "" for the machine. */
  subject: string;
  query: string;
  series: SavedSeries[];
  /** The limit over time (inodes total, size, memory total, CPUs, fd maximum, 1 for a ratio). */
  limit: SavedSeries | null;
  /** Highest value and when it was first reached; utilisation against the limit at that time. */
  peak: { t: number; value: number; limit: number | null; utilization: number | null } | null;
}

/** The evidence file's content (evidence/<time>-prometheus.json). */
export interface PromEvidence {
  kind: 'postmortem-prometheus';
  version: 1;
  source: string;
  pulledAt: string;
  window: { start: string; end: string; step: number };
  instances: string[];
  charts: Chart[];
}

/** Filesystems shown per instance and kind: the ones closest to their limit. */
export const TOP_MOUNTS = 5;

export interface Panel {
  kind: string;
  title: string;
  unit: ChartUnit;
  used: (sel: string) => string;
  limit: ((sel: string) => string) | null;
  /** Labels that tell two charts of this kind apart on one instance. */
  by: (labels: Record<string, string>) => string;
  top?: number;
  /** A fixed limit (a ratio's 1). */
  fixedLimit?: number;
  /** What the limit line is called (default by kind). */
  limitName?: string;
}

const mount = (l: Record<string, string>) => l.mountpoint ?? '';
const machine = () => '';

export const PANELS: Panel[] = [
  {
    kind: 'inodes',
    title: 'Inodes used',
    unit: 'count',
    used: (s) => `node_filesystem_files{${s}} - node_filesystem_files_free{${s}}`,
    limit: (s) => `node_filesystem_files{${s}}`,
    by: mount,
    top: TOP_MOUNTS,
  },
  {
    kind: 'bytes',
    title: 'Disk space used',
    unit: 'bytes',
    // size - avail: what ordinary users can no longer write (root's reserve counts as used)
    used: (s) => `node_filesystem_size_bytes{${s}} - node_filesystem_avail_bytes{${s}}`,
    limit: (s) => `node_filesystem_size_bytes{${s}}`,
    by: mount,
    top: TOP_MOUNTS,
  },
  {
    kind: 'memory',
    title: 'Memory used',
    unit: 'bytes',
    used: (s) => `node_memory_MemTotal_bytes{${s}} - node_memory_MemAvailable_bytes{${s}}`,
    limit: (s) => `node_memory_MemTotal_bytes{${s}}`,
    by: machine,
  },
  {
    kind: 'load',
    title: 'Load (1 min)',
    unit: 'load',
    used: (s) => `node_load1{${s}}`,
    // the CPUs as a reference line: load above it means runnable tasks wait
    limit: (s) => `count by (instance) (node_cpu_seconds_total{${s},mode="idle"})`,
    by: machine,
  },
  {
    kind: 'fds',
    title: 'File handles allocated',
    unit: 'count',
    used: (s) => `node_filefd_allocated{${s}}`,
    limit: (s) => `node_filefd_maximum{${s}}`,
    by: machine,
  },
];

/** Labels that name a series apart from the metric and the scrape job. */
const own = (l: Record<string, string>) => Object.entries(l).filter(([k]) => k !== '__name__' && k !== 'job');

/**
 * The limit series that belongs to a used series: same instance, and its own labels a subset of
 * the used series' (a filesystem's size has the same labels as its use; one inotify limit per
 * machine serves every user's watches; a load's CPU count carries only the instance).
 */
function limitFor(used: Record<string, string>, limits: RangeSeries[]): RangeSeries | undefined {
  return limits.find((l) => l.labels.instance === used.instance && own(l.labels).every(([k, v]) => used[k] === v));
}

function peakOf(points: [number, number][], limit: SavedSeries | null): Chart['peak'] {
  let best: [number, number] | null = null;
  for (const p of points) if (!best || p[1] > best[1]) best = p;
  if (!best) return null;
  const lim = limit ? valueAt(limit.points, best[0]) : null;
  return { t: best[0], value: best[1], limit: lim, utilization: lim ? best[1] / lim : null };
}

/** The value in effect at `t`: the last point at or before it (else the first). */
function valueAt(points: [number, number][], t: number): number | null {
  let v: number | null = points[0]?.[1] ?? null;
  for (const p of points) {
    if (p[0] > t) break;
    v = p[1];
  }
  return v;
}

/**
 * One panel's answers as charts: used series matched to their limit by instance and subject,
 * several series of one subject (a filesystem mounted twice) folded into the first, the top
 * `panel.top` per instance kept: the highest peak utilisation plus rise first (the filesystem
 * that filled during the incident before one that was always full).
 */
export function chartsFrom(panel: Panel, used: RangeSeries[], limits: RangeSeries[], query: string): Chart[] {
  const seen = new Set<string>();
  const charts: Chart[] = [];
  for (const s of used) {
    const key = `${s.labels.instance ?? ''}\0${panel.by(s.labels)}`;
    if (seen.has(key) || s.points.length === 0) continue;
    seen.add(key);
    const name = panel.limitName ?? limitName(panel);
    const found = panel.fixedLimit === undefined ? limitFor(s.labels, limits) : undefined;
    const limit: SavedSeries | null =
      panel.fixedLimit !== undefined ? { name, points: [[s.points[0]![0], panel.fixedLimit], [s.points[s.points.length - 1]![0], panel.fixedLimit]] } : found ? { name, points: found.points } : null;
    charts.push({
      kind: panel.kind,
      title: panel.title,
      unit: panel.unit,
      instance: s.labels.instance ?? '',
      subject: panel.by(s.labels),
      query,
      series: [{ name: 'used', points: s.points }],
      limit,
      peak: peakOf(s.points, limit),
    });
  }
  return topPerInstance(charts, panel.top);
}

/**
 * How telling a chart is: how full it got plus how much it rose in the window, so one that filled
 * during the incident comes before one that was always full (a small tmpfs, /boot); ties by the
 * peak alone.
 */
export function rankOf(c: Chart): [number, number] {
  const u = c.peak?.utilization ?? null;
  const values = c.series[0]?.points.map((p) => p[1]) ?? [];
  const scale = c.peak?.limit || c.peak?.value || 1;
  const rise = values.length ? (Math.max(...values) - Math.min(...values)) / scale : 0;
  // without a limit there is no "how full": after every chart that has one
  return u === null ? [-1, rise] : [u + rise, u];
}

/** The `top` most telling charts per instance (all without `top`), instances in order. */
export function topPerInstance(charts: Chart[], top = Infinity): Chart[] {
  const byInstance = new Map<string, { c: Chart; r: [number, number] }[]>();
  for (const c of charts) byInstance.set(c.instance, [...(byInstance.get(c.instance) ?? []), { c, r: rankOf(c) }]);
  const out: Chart[] = [];
  for (const [, cs] of [...byInstance].sort((a, b) => a[0].localeCompare(b[0]))) {
    cs.sort((a, b) => b.r[0] - a.r[0] || b.r[1] - a.r[1] || a.c.subject.localeCompare(b.c.subject));
    out.push(...cs.slice(0, top).map((x) => x.c));
  }
  return out;
}

function limitName(p: Panel): string {
  return p.kind === 'inodes' ? 'inodes total' : p.kind === 'bytes' ? 'size' : p.kind === 'memory' ? 'memory total' : p.kind === 'load' ? 'CPUs' : p.kind === 'fds' ? 'fd maximum' : 'limit';
}
