// A snapshot: every probe's findings and data with host and timing, as saved to
// snapshots/<timestamp>.json and printed with --json. `--deep` adds where the inodes went.
import os from 'node:os';
import path from 'node:path';
import { sortFindings } from './assess.js';
import { count, pct } from './format.js';
import { runProbes, type RunOptions } from './run.js';
import type { HostData } from './probes/host.js';
import type { Finding, ProbeResult } from './types.js';

export const SCHEMA = 'postmortem/snapshot@1';

export interface Snapshot {
  schema: typeof SCHEMA;
  host: string;
  kernel: string | null;
  uptimeSeconds: number | null;
  /** The machine root that was read ("/" live). */
  root: string;
  takenAt: string;
  durationMs: number;
  findings: Finding[];
  probes: ProbeResult[];
}

export interface DeepEntry {
  path: string;
  inodes: number;
  bytes: number | null;
}
export interface DeepData {
  mount: string;
  complete: boolean;
  entries: DeepEntry[];
}

interface HuntModule {
  hunt(o: { path: string; by: 'inodes'; maxTimeMs: number; top: number }): Promise<{ entries: DeepEntry[]; complete: boolean }>;
}

/** The filesystem whose inodes are fullest, the one with more of them in use on a tie (what --deep hunts). */
export function fullestInodes(findings: Finding[]): Finding | undefined {
  return findings.filter((f) => f.id === 'filesystems.inodes' && f.utilization !== null).sort((a, b) => b.utilization! - a.utilization! || (b.used ?? 0) - (a.used ?? 0))[0];
}

async function deep(findings: Finding[], root: string, mount?: string): Promise<{ result: ProbeResult; finding?: Finding }> {
  const t0 = performance.now();
  const target = mount ? findings.find((f) => f.id === 'filesystems.inodes' && f.subject === mount) : fullestInodes(findings);
  const ms = () => Math.round(performance.now() - t0);
  if (!target) return { result: { id: 'hunt', status: 'absent', durationMs: ms(), reason: mount ? `${mount} is not a measured mount point` : 'no filesystem with inode counts' } };
  let mod: HuntModule;
  try {
    const spec = '../hunt/hunt.js'; // built by the hunt command; a variable keeps the two compiled apart
    mod = (await import(spec)) as HuntModule;
  } catch (e) {
    return { result: { id: 'hunt', status: 'failed', durationMs: ms(), reason: `hunt is not available: ${(e as Error).message}` } };
  }
  try {
    const r = await mod.hunt({ path: path.join(root, target.subject), by: 'inodes', maxTimeMs: 4000, top: 10 });
    const data: DeepData = { mount: target.subject, complete: r.complete, entries: r.entries.map((e) => ({ path: e.path, inodes: e.inodes, bytes: e.bytes ?? null })) };
    const top = data.entries[0];
    const finding: Finding | undefined = top && {
      id: 'hunt.inodes',
      severity: 'info',
      resource: 'inodes',
      subject: target.subject,
      used: top.inodes,
      limit: target.used,
      utilization: target.used ? top.inodes / target.used : null,
      unit: 'count',
      message: `most inodes on ${target.subject} are under ${top.path}: ${count(top.inodes)} (${pct(target.used ? top.inodes / target.used : null)} of those in use)${r.complete ? '' : ', counted within the time budget'}`,
      hint: 'a cache or mail queue that never expires its files; postmortem hunt shows more',
    };
    return { result: { id: 'hunt', status: 'ok', durationMs: ms(), data }, finding };
  } catch (e) {
    return { result: { id: 'hunt', status: 'failed', durationMs: ms(), reason: (e as Error).message } };
  }
}

/** `deepMount`: hunt this mount point instead of the fullest one. */
export async function takeSnapshot(o: RunOptions & { deepMount?: string } = {}): Promise<Snapshot> {
  const now = o.now ?? new Date();
  const t0 = performance.now();
  const run = await runProbes({ ...o, now });
  const root = path.resolve(o.root ?? '/');
  if (o.deep) {
    const d = await deep(run.findings, root, o.deepMount);
    run.probes.push(d.result);
    if (d.finding) run.findings = sortFindings([...run.findings, d.finding]);
  }
  const hostData = run.probes.find((p) => p.id === 'host' && p.status === 'ok')?.data as HostData | undefined;
  return {
    schema: SCHEMA,
    host: hostData?.hostname ?? (root === '/' ? os.hostname() : path.basename(root)),
    kernel: hostData?.kernel ?? null,
    uptimeSeconds: hostData?.uptimeSeconds ?? null,
    root,
    takenAt: now.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    findings: run.findings,
    probes: run.probes,
  };
}
