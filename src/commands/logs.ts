// `logs [FILE...]`: the machine's logs over the incident's window, error lines grouped by shape,
// each group explained by the `explain` knowledge base, with its pattern over time. `--save` puts a
// timeline entry per resource-explained group at its first-seen time and the table into evidence.
// Everything printed or stored from a log line passes the redaction gate first.
import path from 'node:path';
import type { Globals } from '../context.js';
import { UsageError, WriteError } from '../errors.js';
import { formatIso, formatStamp, parseStamp } from '../doc/dates.js';
import { rank } from '../explain/match.js';
import { resolveIncidentOrError, summarize, type IncidentRef } from '../incidents/store.js';
import { bins, sparkline, type Cluster } from '../logs/cluster.js';
import { collect, type SourceStats, type Window } from '../logs/collect.js';
import { defaultSources, fileSource, KMSG, stdinSource, type Source } from '../logs/sources.js';
import { redact, redactValue } from '../redact/redact.js';
import { c, progress, progressDone, table } from '../util/term.js';
import { checkZone } from '../util/zone.js';

export interface LogsArgs {
  files?: string[];
  since?: string;
  until?: string;
  tz?: string;
  journalFile?: string;
  journal?: boolean;
  top?: string;
  save?: boolean;
}

export interface ClusterOut {
  shape: string;
  count: number;
  first: string;
  last: string;
  sources: string[];
  /** First occurrence, redacted. */
  example: string;
  exampleSource: string;
  resource: string | null;
  title: string | null;
  score: number;
  /** Occurrences per hour (hour start, ISO) over the window. */
  hours: Record<string, number>;
  sparkline: string;
}

export interface LogsResult {
  window: { since: string; until: string; from: 'options' | 'incident' | 'default' };
  /** What the sparklines span: the window trimmed to the lines seen, in `width` characters. */
  spark: { since: string; until: string; width: number };
  sources: SourceStats[];
  warnings: string[];
  matched: number;
  untimed: number;
  clusters: ClusterOut[];
  /** Clusters not shown because of --top. */
  more: number;
  saved?: { evidence: string; added: number; present: number; file: string };
}

const SPARK = 32;
const HOUR = 3_600_000;

async function parseTime(text: string, what: string, zone: string | undefined): Promise<number> {
  const { parseWhen } = await import('../util/when.js');
  return (await parseWhen(text, { what, zone })).getTime();
}

export async function run(args: LogsArgs, g: Globals): Promise<LogsResult & { _raw?: Cluster[] }> {
  const zone = args.tz === undefined ? undefined : (checkZone(args.tz) ?? undefined);
  if (args.tz !== undefined && !zone) throw new UsageError(`--tz: unknown zone "${args.tz}", expected an IANA name such as Europe/Berlin or UTC`);
  const top = args.top === undefined ? Infinity : Number(args.top);
  if (top !== Infinity && (!Number.isInteger(top) || top < 1)) throw new UsageError(`--top: expected a positive whole number, got "${args.top}"`);

  const needIncident = args.save || args.since === undefined;
  const found = needIncident ? await resolveIncidentOrError(g) : null;
  if (args.save && !(found && 'file' in found)) throw new WriteError(`--save: ${(found as Error).message}`);
  const ref = found && 'file' in found ? (found as IncidentRef) : null;

  const now = Date.now();
  let w: Window;
  let from: LogsResult['window']['from'] = 'options';
  if (args.since !== undefined) {
    w = { since: await parseTime(args.since, '--since', zone), until: args.until === undefined ? now + 1 : await parseTime(args.until, '--until', zone) };
  } else if (ref) {
    const meta = (await summarize(ref)).meta;
    const started = meta.started ? parseStamp(meta.started)?.ms : undefined;
    const resolved = meta.resolved ? parseStamp(meta.resolved)?.ms : undefined;
    if (started === undefined) throw new UsageError(`${ref.file}: no "started:" time to take the window from; pass --since`);
    w = { since: started - HOUR, until: args.until !== undefined ? await parseTime(args.until, '--until', zone) : (resolved ?? now) + 1 };
    from = 'incident';
  } else {
    // no incident to take the window from: the last day, said so in the output
    w = { since: now - 24 * HOUR, until: args.until !== undefined ? await parseTime(args.until, '--until', zone) : now + 1 };
    from = 'default';
  }
  if (w.until <= w.since) throw new UsageError(`--until must be later than --since`);

  const warnings: string[] = [];
  const sources: Source[] = [];
  const files = args.files ?? [];
  if (files.length === 0 && !args.journalFile) {
    const d = defaultSources('/var/log', args.journal !== false);
    sources.push(...d.sources);
    warnings.push(...d.warnings);
  }
  if (args.journalFile) sources.push({ kind: 'journal', name: `journal:${path.basename(args.journalFile)}`, file: args.journalFile });
  for (const f of files) {
    const s = f === '-' ? stdinSource() : f === '/dev/kmsg' ? KMSG : fileSource(f);
    if (typeof s === 'string') warnings.push(s);
    else sources.push(s);
  }

  let shown = 0;
  const onProgress = (name: string, bytes: number) => {
    if (bytes - shown < 64 << 20 && bytes > shown) return;
    shown = bytes;
    progress(`reading ${name}: ${Math.round(bytes / (1 << 20))} MB`);
  };
  const got = await collect(sources, w, { zone, onProgress: (n, b) => onProgress(n, b) });
  progressDone();
  for (const s of got.stats) if (s.error) warnings.push(`${s.name}: ${s.error}`);

  // The sparklines span the window trimmed to the lines seen: an open incident's window runs to
  // now, and four days of errors a month ago would otherwise all fall into one character.
  const seen = [...got.clusters.by.values()];
  const span = seen.length
    ? { since: Math.max(w.since, Math.floor(Math.min(...seen.map((x) => x.first)) / HOUR) * HOUR), until: Math.min(w.until, Math.ceil((Math.max(...seen.map((x) => x.last)) + 1) / HOUR) * HOUR) }
    : w;
  // counts are kept per hour: a character never stands for less
  const width = Math.max(1, Math.min(SPARK, Math.round((span.until - span.since) / HOUR)));
  const all = seen.map((cl) => describe(cl, span, width));
  // resource clusters first, then by count; ties by first seen
  all.sort((a, b) => Number(b.resource !== null) - Number(a.resource !== null) || b.count - a.count || a.first.localeCompare(b.first));
  const kept = all.slice(0, top);
  const result: LogsResult = {
    window: { since: formatIso(new Date(w.since), zone), until: formatIso(new Date(w.until), zone), from },
    spark: { since: formatIso(new Date(span.since), zone), until: formatIso(new Date(span.until), zone), width },
    sources: got.stats,
    warnings,
    matched: got.stats.reduce((s, x) => s + x.matched, 0),
    untimed: got.stats.reduce((s, x) => s + x.untimed, 0),
    clusters: kept,
    more: all.length - kept.length,
  };
  if (args.save && ref) {
    const { saveLogs } = await import('../logs/save.js');
    const raw = new Map([...got.clusters.by.values()].map((cl) => [cl.signature, cl]));
    result.saved = await saveLogs(ref, result, raw);
  }
  if (!g.json) for (const m of warnings) process.stderr.write(`postmortem: ${redact(m)}\n`);
  // every string in the result came from logs or is ours: through the gate as a whole
  return redactValue(result);
}

function describe(cl: Cluster, w: Window, width: number): ClusterOut {
  // explain matches on the raw text (the gate could eat an errno); only what is shown is redacted
  const best = rank(cl.exampleMessage)[0];
  const hours: Record<string, number> = {};
  for (const [h, n] of [...cl.hours].sort((a, b) => a[0] - b[0])) hours[new Date(h).toISOString()] = n;
  return {
    shape: cl.signature,
    count: cl.count,
    first: new Date(cl.first).toISOString(),
    last: new Date(cl.last).toISOString(),
    sources: [...cl.sources].sort(),
    example: redact(cl.example),
    exampleSource: cl.exampleSource,
    resource: best?.resource ?? null,
    title: best?.title ?? null,
    score: best?.score ?? 0,
    hours,
    sparkline: sparkline(bins(cl.hours, w.since, w.until, width)),
  };
}

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const when = (iso: string) => formatStamp(new Date(iso)).slice(5, 16);

export function format(r: LogsResult): string {
  const out: string[] = [];
  const why = r.window.from === 'incident' ? ' (the incident, from 1 h before it started)' : r.window.from === 'default' ? ' (last 24 h: no active incident)' : '';
  const n = (k: number, one: string) => `${k.toLocaleString('en')} ${one}${k === 1 ? '' : 's'}`;
  out.push(`${r.window.since} .. ${r.window.until}${why}: ${n(r.matched, 'error line')} in ${n(r.clusters.length + r.more, 'shape')} from ${r.sources.filter((s) => !s.error).length} of ${n(r.sources.length, 'source')}`);
  const row = (x: ClusterOut) => [x.count.toLocaleString('en'), when(x.first), when(x.last), `|${x.sparkline}|`, x.resource ? c.yellow(x.resource) : '', short(x.sources.join(','), 28), short(x.shape, 90)];
  const head = ['count', 'first', 'last', `${when(r.spark.since)} .. ${when(r.spark.until)}, 1 char = ${spanOf(r)}`, 'resource', 'sources', 'message (shape)'];
  const explained = r.clusters.filter((x) => x.resource);
  const other = r.clusters.filter((x) => !x.resource);
  if (explained.length) out.push('', c.bold('Explained by an exhausted resource'), table(explained.map(row), head));
  if (other.length) out.push('', c.bold('Not explained'), table(other.map(row), head));
  if (!r.clusters.length) out.push('', 'no error-like lines in the window');
  if (r.more) out.push('', `${r.more} more ${r.more === 1 ? 'shape' : 'shapes'} (--top)`);
  const copies = r.sources.reduce((k, x) => k + (x.duplicates ?? 0), 0);
  if (copies) out.push(`${n(copies, 'line')} in files also in the journal (rsyslog's copies), counted once`);
  for (const s of r.sources.filter((x) => x.untimed)) out.push(`${s.name}: ${s.untimed} error-like ${s.untimed === 1 ? 'line' : 'lines'} without a readable time, not placed${s.untimedExample ? ` (e.g. "${short(s.untimedExample, 80)}")` : ''}`);
  if (r.saved) out.push('', `saved ${r.saved.evidence}; ${r.saved.added} timeline entries added, ${r.saved.present} already there (${path.relative(process.cwd(), r.saved.file) || r.saved.file})`);
  return out.join('\n');
}

function spanOf(r: LogsResult): string {
  const ms = (Date.parse(r.spark.until) - Date.parse(r.spark.since)) / r.spark.width;
  return ms >= 86_400_000 ? `${(ms / 86_400_000).toFixed(1)} d` : ms >= HOUR ? `${(ms / HOUR).toFixed(1)} h` : `${Math.max(1, Math.round(ms / 60000))} min`;
}
