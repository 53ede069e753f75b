// The incident window as Prometheus saw it: which queries, how their answers become charts
// (one per filesystem, memory, load, file handles and each of our exported ratios, per instance),
// and the evidence file they are saved as. Shaping is pure (chartsFrom), tested on literal series.
import type { RangeSeries, PromClient } from './query.js';
import { instanceMatcher } from './query.js';

/** Units the site knows how to label: bytes and counts in SI, ratios in percent, load as is. */
export type ChartUnit = 'bytes' | 'count' | 'ratio' | 'load';

export interface SavedSeries {
  name: string;
  points: [number, number][];
}

export interface Chart {
  /** inodes | bytes | memory | load | fds | postmortem */
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
/** Exported ratios shown per instance: the highest. */
export const TOP_RATIOS = 6;

interface Panel {
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
}

const mount = (l: Record<string, string>) => l.mountpoint ?? '';
const machine = () => '';
/** The exported metric and its labels, as a subject ("postmortem_inotify_watches_ratio{user=\"www\"}"). */
const series = (l: Record<string, string>) => {
  const rest = Object.entries(l).filter(([k]) => k !== '__name__' && k !== 'instance' && k !== 'job');
  return `${l.__name__ ?? ''}${rest.length ? `{${rest.map(([k, v]) => `${k}="${v}"`).join(',')}}` : ''}`;
};

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
  {
    kind: 'postmortem',
    title: 'Limit used',
    unit: 'ratio',
    // what `export --textfile` adds beyond node_exporter: every use/limit ratio it exports
    used: (s) => `{__name__=~"postmortem_.+_ratio",${s}}`,
    limit: null,
    fixedLimit: 1,
    by: series,
    top: TOP_RATIOS,
  },
];

/** Key of a series for matching used to limit: the instance and what tells charts apart. */
const keyOf = (p: Panel, l: Record<string, string>) => `${l.instance ?? ''}\0${p.by(l)}`;

function peakOf(points: [number, number][], limit: SavedSeries | null, fixed?: number): Chart['peak'] {
  let best: [number, number] | null = null;
  for (const p of points) if (!best || p[1] > best[1]) best = p;
  if (!best) return null;
  const lim = fixed ?? (limit ? valueAt(limit.points, best[0]) : null);
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
  const lim = new Map<string, SavedSeries>();
  for (const s of limits) if (!lim.has(keyOf(panel, s.labels))) lim.set(keyOf(panel, s.labels), { name: limitName(panel), points: s.points });
  const seen = new Set<string>();
  const charts: (Chart & { rank: [number, number] })[] = [];
  for (const s of used) {
    const key = keyOf(panel, s.labels);
    if (seen.has(key) || s.points.length === 0) continue;
    seen.add(key);
    const limit = lim.get(key) ?? null;
    const peak = peakOf(s.points, limit, panel.fixedLimit);
    const min = Math.min(...s.points.map((p) => p[1]));
    const u = peak?.utilization ?? null;
    const scale = peak?.limit ?? peak?.value ?? 1;
    charts.push({
      kind: panel.kind,
      title: panel.title,
      unit: panel.unit,
      instance: s.labels.instance ?? '',
      subject: panel.by(s.labels),
      query,
      series: [{ name: 'used', points: s.points }],
      limit: panel.fixedLimit !== undefined ? { name: limitName(panel), points: [[s.points[0]![0], panel.fixedLimit], [s.points[s.points.length - 1]![0], panel.fixedLimit]] } : limit,
      peak,
      // how full it got plus how much it rose in the window: one that filled during the incident
      // comes before one that was always full (a small tmpfs, /boot); ties by the peak alone
      rank: [(u ?? 0) + (scale ? ((peak?.value ?? 0) - min) / scale : 0), u ?? -1],
    });
  }
  const out: Chart[] = [];
  const byInstance = new Map<string, typeof charts>();
  for (const c of charts) byInstance.set(c.instance, [...(byInstance.get(c.instance) ?? []), c]);
  for (const [, cs] of [...byInstance].sort((a, b) => a[0].localeCompare(b[0]))) {
    cs.sort((a, b) => b.rank[0] - a.rank[0] || b.rank[1] - a.rank[1] || a.subject.localeCompare(b.subject));
    out.push(...cs.slice(0, panel.top ?? cs.length).map(({ rank: _r, ...c }) => c));
  }
  return out;
}

function limitName(p: Panel): string {
  return p.kind === 'inodes' ? 'inodes total' : p.kind === 'bytes' ? 'size' : p.kind === 'memory' ? 'memory total' : p.kind === 'load' ? 'CPUs' : p.kind === 'fds' ? 'fd maximum' : 'limit';
}

/** Runs every panel's queries for the instances over [start, end] (seconds); charts in panel order. */
export async function pullCharts(c: PromClient, instances: string[], start: number, end: number, step: number): Promise<Chart[]> {
  const sel = instanceMatcher(instances);
  const answers = await Promise.all(
    PANELS.map(async (p) => {
      const q = p.used(sel);
      const [used, limits] = await Promise.all([c.rangeQuery(q, start, end, step), p.limit ? c.rangeQuery(p.limit(sel), start, end, step) : Promise.resolve([])]);
      return chartsFrom(p, used, limits, q);
    }),
  );
  return answers.flat();
}
