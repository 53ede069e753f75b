// `evidence prometheus`: pulls the incident's window (1 h before it started until 1 h after it
// was resolved, or now) from Prometheus for the incident's hosts: filesystem inodes and bytes,
// memory, load, file handles and the ratios `export --textfile` adds. Saves them as evidence JSON
// that `build` draws as charts, with an Evidence line and a timeline entry at the peak.
import path from 'node:path';
import type { Globals } from '../context.js';
import { PmError, UsageError } from '../errors.js';
import { formatIso, formatStamp, parseStamp } from '../doc/dates.js';
import { resolveIncident, summarize } from '../incidents/store.js';
import type { PromEvidence } from '../prom/evidence.js';
import { pullCharts } from '../prom/pull.js';
import { baseUrl, client, displayUrl, instancesOf, stepFor } from '../prom/query.js';
import { peakText, savePrometheus } from '../prom/save.js';
import { redactValue } from '../redact/redact.js';
import { progress, progressDone, table } from '../util/term.js';
import { parseDuration } from '../watch/units.js';

export interface EvidenceArgs {
  source: 'prometheus';
  url?: string;
  host?: string[];
  step?: string;
}

export interface EvidenceResult {
  id: string;
  file: string;
  source: string;
  window: { start: string; end: string; step: number };
  instances: string[];
  charts: { kind: string; instance: string; subject: string; points: number; peak: string | null; utilization: number | null }[];
  evidence: string;
  timeline: { added: boolean; at: string };
}

const HOUR_S = 3600;
/** Instances named in an error: enough to spot the right one, not a fleet's thousand. */
const LISTED = 20;

const listed = (xs: string[]) => (xs.length > LISTED ? `${xs.slice(0, LISTED).join(', ')}, … (${xs.length - LISTED} more)` : xs.join(', '));

export async function run(args: EvidenceArgs, g: Globals): Promise<EvidenceResult> {
  const given = args.url ?? process.env.PROMETHEUS_URL;
  if (!given) throw new UsageError('evidence prometheus: no Prometheus to ask; pass --url http://HOST:9090 or set $PROMETHEUS_URL');
  const url = baseUrl(given);
  if (!url) throw new UsageError(`--url: expected an http:// or https:// URL, got "${displayUrl(given)}"`);
  const step = args.step === undefined ? undefined : Math.max(1, Math.round(parseDuration(args.step, '--step') / 1000));

  const ref = await resolveIncident(g);
  const meta = (await summarize(ref)).meta;
  const started = meta.started ? parseStamp(meta.started)?.ms : undefined;
  if (started === undefined) throw new UsageError(`${ref.file}: no "started:" time to take the window from; set it with "postmortem set started <time>"`);
  const resolved = meta.resolved ? parseStamp(meta.resolved)?.ms : undefined;
  const now = Date.now();
  const start = Math.floor(started / 1000) - HOUR_S;
  // Prometheus has nothing after now: the window ends there for an open or just-resolved incident
  const end = Math.min(Math.ceil(now / 1000), resolved === undefined ? Infinity : Math.ceil(resolved / 1000) + HOUR_S);
  if (end <= start) throw new UsageError(`${ref.file}: "started:" ${meta.started} is in the future; the window would be empty`);
  const span = `${formatStamp(new Date(start * 1000))} .. ${formatStamp(new Date(end * 1000))}`;

  const prom = client(url);
  progress(`asking ${prom.url} for its instances`);
  const known = await prom.instances(start, end);
  if (known.length === 0) throw new PmError(`Prometheus at ${prom.url} has no data in the window ${span}: no instance was scraped then`);
  const hosts = args.host?.length ? args.host : meta.hosts;
  let instances: string[];
  if (hosts.length === 0) {
    if (known.length !== 1) throw new UsageError(`no hosts to ask for: set "hosts:" in ${path.basename(ref.file)} or pass --host; Prometheus at ${prom.url} has instances ${listed(known)}`);
    instances = known;
  } else {
    instances = [];
    for (const h of hosts) {
      const mine = instancesOf(h, known);
      if (mine.length === 0) throw new PmError(`no series for host "${h}" in Prometheus at ${prom.url} (${span}); it has instances ${listed(known)}`);
      for (const i of mine) if (!instances.includes(i)) instances.push(i);
    }
  }

  const st = step ?? stepFor(start, end);
  progress(`querying ${prom.url} for ${instances.join(', ')}`);
  const charts = await pullCharts(prom, instances, start, end, st);
  progressDone();
  if (charts.length === 0) throw new PmError(`Prometheus at ${prom.url} has no data for ${listed(instances)} in the window ${span}`);

  const e: PromEvidence = {
    kind: 'postmortem-prometheus',
    version: 1,
    source: prom.url,
    pulledAt: new Date(now).toISOString(),
    window: { start: new Date(start * 1000).toISOString(), end: new Date(end * 1000).toISOString(), step: st },
    instances,
    charts,
  };
  // one gate for all: label values, mount points and the URL came from outside
  const safe = redactValue(e);
  const saved = await savePrometheus(ref, safe);
  return {
    id: ref.id,
    file: ref.file,
    source: safe.source,
    window: { start: formatIso(new Date(start * 1000)), end: formatIso(new Date(end * 1000)), step: st },
    instances: safe.instances,
    charts: safe.charts.map((c) => ({ kind: c.kind, instance: c.instance, subject: c.subject, points: c.series[0]?.points.length ?? 0, peak: c.peak ? peakText(c) : null, utilization: c.peak?.utilization ?? null })),
    evidence: saved.evidence,
    timeline: { added: saved.timeline, at: saved.at },
  };
}

export function format(r: EvidenceResult): string {
  const doc = path.relative(process.cwd(), r.file) || r.file;
  const rows = r.charts.map((c) => [c.kind, c.subject || '-', c.instance, String(c.points), c.peak ?? '']);
  return [
    `Prometheus ${r.source}: ${r.charts.length} charts for ${r.instances.join(', ')}, ${r.window.start} .. ${r.window.end} (step ${r.window.step} s)`,
    '',
    table(rows, ['chart', 'subject', 'instance', 'points', 'peak']),
    '',
    `saved ${path.join(path.dirname(doc), r.evidence)}; ${r.timeline.added ? `timeline entry at ${r.timeline.at}` : 'timeline entry already there'} (${doc})`,
  ].join('\n');
}
