// `postmortem history`: the flight recorder read back. Per resource a sparkline of utilisation, the
// episodes (the same tracker as watch) and every counter increment; --at one moment like a snapshot
// report; --save the episodes into the active incident.
import type { Globals } from '../context.js';
import { PmError } from '../errors.js';
import { pct } from '../snapshot/format.js';
import { bar } from '../snapshot/render.js';
import { SEVERITY_RANK } from '../snapshot/types.js';
import { c, table } from '../util/term.js';
import { EpisodeTracker, type Episode } from '../watch/episodes.js';
import { DEFAULT_RING, readRecording } from '../watch/recorder.js';
import { sparkline } from '../watch/spark.js';
import { clock, episodeLine, incrementText } from '../watch/text.js';
import type { Increment, Level, Sample } from '../watch/types.js';

export interface HistoryArgs {
  file?: string;
  since?: string;
  until?: string;
  resource?: string;
  at?: string;
  save?: boolean;
}

export interface ResourceRow {
  key: string;
  resource: string;
  subject: string;
  peak: number | null;
  spark: string;
}

export interface HistoryData {
  file: string;
  from: string | null;
  to: string | null;
  samples: number;
  resources: ResourceRow[];
  episodes: Episode[];
  increments: Increment[];
  /** --at: the nearest recorded sample. */
  at?: { takenAt: string; levels: Level[] };
  saved?: { file: string; entries: number };
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function run(args: HistoryArgs, g: Globals): Promise<HistoryData> {
  const file = args.file ?? DEFAULT_RING;
  const rec = readRecording(file);
  const when = async (t: string | undefined, what: string) => (t === undefined ? undefined : (await import('../util/when.js')).parseWhen(t, { what }));
  const since = (await when(args.since, '--since'))?.getTime() ?? -Infinity;
  const until = (await when(args.until, '--until'))?.getTime() ?? Infinity;
  const needle = args.resource?.toLowerCase();
  const match = (s: string) => !needle || s.toLowerCase().includes(needle);
  const samples: Sample[] = rec.samples
    .filter((s) => s.at >= since && s.at <= until)
    .map((s) => ({ at: s.at, levels: s.levels.filter((l) => match(`${l.resource} ${l.subject}`)), increments: s.increments.filter((i) => match(`${i.key} ${i.what}`)) }));
  const tracker = new EpisodeTracker();
  for (const s of samples) tracker.push(s);
  if (samples.length) tracker.finish(samples[samples.length - 1]!.at);
  const from = samples[0]?.at ?? 0;
  const to = samples[samples.length - 1]?.at ?? 0;
  const series = new Map<string, { l: Level; points: Array<{ at: number; u: number | null }> }>();
  for (const s of samples)
    for (const l of s.levels) {
      const e = series.get(l.key) ?? { l, points: [] };
      e.points.push({ at: s.at, u: l.utilization });
      series.set(l.key, e);
    }
  const resources = [...series.values()]
    .map(({ l, points }) => ({ key: l.key, resource: l.resource, subject: l.subject, peak: points.reduce<number | null>((m, p) => (p.u === null ? m : Math.max(m ?? 0, p.u)), null), spark: sparkline(points, from, to, Math.max(1, Math.min(48, samples.length))) }))
    .sort((a, b) => (b.peak ?? -1) - (a.peak ?? -1));
  const data: HistoryData = {
    file,
    from: samples.length ? iso(from) : null,
    to: samples.length ? iso(to) : null,
    samples: samples.length,
    resources: needle ? resources : resources.slice(0, 15),
    episodes: tracker.all(),
    increments: samples.flatMap((s) => s.increments),
  };
  if (args.at !== undefined) {
    const t = (await when(args.at, '--at'))!.getTime();
    const near = samples.reduce<Sample | undefined>((best, s) => (!best || Math.abs(s.at - t) < Math.abs(best.at - t) ? s : best), undefined);
    if (!near) throw new PmError(`${file}: nothing recorded${args.since || args.until || args.resource ? ' in that range' : ''}`);
    data.at = { takenAt: iso(near.at), levels: [...near.levels].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (b.utilization ?? -1) - (a.utilization ?? -1)) };
  }
  if (args.save) {
    const { saveHistory } = await import('../watch/save-history.js');
    data.saved = await saveHistory(g, data);
  }
  return data;
}

const sev = (l: Level) => (l.severity === 'critical' ? c.red(l.severity) : l.severity === 'warning' ? c.yellow(l.severity) : c.dim(l.severity));

export function format(d: HistoryData): string {
  if (!d.samples) return `${d.file}: no samples recorded${d.from ? '' : ' (in that range)'}`;
  const out: string[] = [];
  if (d.at) {
    out.push(`${d.file}: recorded state at ${d.at.takenAt.replace(/\.\d+Z$/, 'Z')} (${clock(Date.parse(d.at.takenAt))})`);
    out.push(table(d.at.levels.slice(0, 20).map((l) => [sev(l), `${l.resource} ${l.subject}`, bar(l.utilization), pct(l.utilization)])));
    return out.join('\n');
  }
  out.push(`${d.file}: ${d.samples} samples from ${d.from!.replace(/\.\d+Z$/, 'Z')} to ${d.to!.replace(/\.\d+Z$/, 'Z')}`, '');
  if (d.resources.length) out.push(table(d.resources.map((r) => [`${r.resource} ${r.subject}`, r.spark, `peak ${pct(r.peak)}`])), '');
  out.push(d.episodes.length ? `Episodes (${d.episodes.length}):` : 'No episodes.');
  out.push(...d.episodes.map((e) => `  ${episodeLine(e)}`));
  if (d.increments.length) out.push('', `Counter increments (${d.increments.length}):`, ...d.increments.map((i) => `  ${incrementText(i)}`));
  if (d.saved) out.push('', `${d.saved.entries} entr${d.saved.entries === 1 ? 'y' : 'ies'} added to ${d.saved.file}`);
  return out.join('\n');
}
