// A snapshot as metric families for node_exporter's textfile collector, and the atomic write of
// DIR/postmortem.prom. The probes' own metrics come from the table (textfile-table.ts); the findings
// add one gauge per severity and one utilisation ratio per assessed resource.
import path from 'node:path';
import { redact, redactValue, type Redacted } from '../redact/redact.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { Severity } from '../snapshot/types.js';
import { removeStaleTemps, writeFileAtomic } from '../util/atomic.js';
import { serialize, type Family, type Sample } from './metrics.js';
import { PROBE_METRICS } from './textfile-table.js';

export const TEXTFILE = 'postmortem.prom';
/** Utilisation series at most (findings come fullest first, so the ones cut are the emptiest). */
export const MAX_RESOURCES = 100;

const SEVERITIES: Severity[] = ['critical', 'warning', 'info'];

/** The snapshot's own families: findings per severity, utilisation per resource, probe status, time. */
export function snapshotFamilies(s: Snapshot): Family[] {
  const ratio: Family = { name: 'postmortem_resource_utilization_ratio', help: 'used of limit per resource the snapshot assesses (1 = exhausted), fullest first', type: 'gauge', samples: [] };
  const seen = new Set<string>();
  for (const f of s.findings) {
    if (f.utilization === null || !Number.isFinite(f.utilization) || f.limit === null) continue;
    const key = `${f.id}\0${f.subject}`;
    if (seen.has(key)) continue; // a second row of one measurement would be a duplicate series
    seen.add(key);
    ratio.samples.push({ labels: { check: f.id, resource: f.resource, subject: f.subject }, value: f.utilization });
    if (ratio.samples.length >= MAX_RESOURCES) break;
  }
  return [
    { name: 'postmortem_findings', help: 'findings of the snapshot per severity (critical: exhausted or failing now)', type: 'gauge', samples: SEVERITIES.map((severity) => ({ labels: { severity }, value: s.findings.filter((f) => f.severity === severity).length })) },
    ratio,
    // an absent probe (no beancounters outside OpenVZ) is not a failure: it is left out
    { name: 'postmortem_probe_success', help: 'whether a probe read its source (0: denied, failed or timed out)', type: 'gauge', samples: s.probes.filter((p) => p.status !== 'absent').map((p) => ({ labels: { probe: p.id }, value: p.status === 'ok' ? 1 : 0 })) },
    { name: 'postmortem_snapshot_timestamp_seconds', help: 'when the snapshot was taken (a stale file means the cron job stopped)', type: 'gauge', samples: [{ labels: {}, value: Date.parse(s.takenAt) / 1000 }] },
    { name: 'postmortem_snapshot_duration_seconds', help: 'how long the snapshot took', type: 'gauge', samples: [{ labels: {}, value: s.durationMs / 1000 }] },
  ];
}

/** The first sample per label set: two rows of one name (a cgroup path seen in v1 and v2) would make the file unreadable. */
function unique(samples: Sample[]): Sample[] {
  const seen = new Set<string>();
  return samples.filter((s) => {
    const key = JSON.stringify(Object.entries(s.labels).sort());
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every family of the table whose probe answered; a family that cannot read its data is left out, never the file. */
export function probeFamilies(s: Snapshot): Family[] {
  const out: Family[] = [];
  for (const entry of PROBE_METRICS) {
    const r = s.probes.find((p) => p.id === entry.probe && p.status === 'ok');
    if (!r) continue;
    for (const spec of entry.families) {
      let samples;
      try {
        samples = spec.samples(r.data);
      } catch {
        continue; // data of an older shape: the other families still go out
      }
      if (samples.length) out.push({ name: spec.name, help: spec.help, type: spec.type, samples: unique(samples) });
    }
  }
  return out;
}

/**
 * The exposition text through the redaction gate: label values are the machine's words (commands,
 * cgroups, users); the snapshot engine redacted them already, this makes sure for anything added here.
 */
export function textfile(s: Snapshot): { text: Redacted; families: Family[] } {
  const families = redactValue([...snapshotFamilies(s), ...probeFamilies(s)]);
  return { text: redact(serialize(families)), families };
}

/**
 * Writes DIR/postmortem.prom atomically: the temporary file (".postmortem.prom.PID.x.tmp", which
 * node_exporter's *.prom glob skips) is renamed over it, so a scrape never reads half a file.
 */
export function writeTextfile(dir: string, text: Redacted): string {
  const file = path.join(dir, TEXTFILE);
  removeStaleTemps(file); // left by a run killed mid-write; a live writer's pid is alive, its file stays
  writeFileAtomic(file, text);
  return file;
}
