// A snapshot: every probe's findings and data with host and timing, as saved to
// snapshots/<timestamp>.json and printed with --json. `--deep` adds where the inodes (or the bytes,
// when bytes are what is full) went.
import os from 'node:os';
import path from 'node:path';
import { redactValue } from '../redact/redact.js';
import { sortFindings } from './assess.js';
import { amount, pct } from './format.js';
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
  /** What was hunted (older snapshots: inodes). */
  by?: 'inodes' | 'bytes';
  /** Bytes held by deleted files still open on it, which the walk cannot see (bytes only). */
  unseen?: number;
  complete: boolean;
  entries: DeepEntry[];
}

interface HuntModule {
  hunt(o: { path: string; by: 'inodes' | 'bytes'; maxTimeMs: number; top: number }): Promise<{ entries: DeepEntry[]; complete: boolean; gap?: { used: number; counted: number; deleted: { bytes: number } | null } | null }>;
}

/** The filesystem whose inodes are fullest, the one with more of them in use on a tie (what --deep hunts). */
export function fullestInodes(findings: Finding[]): Finding | undefined {
  return findings.filter((f) => f.id === 'filesystems.inodes' && f.utilization !== null).sort((a, b) => b.utilization! - a.utilization! || (b.used ?? 0) - (a.used ?? 0))[0];
}

/**
 * What --deep hunts: of the filesystems (or of `mount`'s), whichever of inodes and bytes is fuller;
 * inodes on a tie (they are what du never shows).
 */
export function deepTarget(findings: Finding[], mount?: string): { target: Finding; by: 'inodes' | 'bytes' } | undefined {
  const rank = (f: Finding) => (f.id === 'filesystems.inodes' ? 0 : 1);
  const target = findings
    .filter((f) => (f.id === 'filesystems.inodes' || f.id === 'filesystems.bytes') && f.utilization !== null && (mount === undefined || f.subject === mount))
    .sort((a, b) => b.utilization! - a.utilization! || rank(a) - rank(b) || (b.used ?? 0) - (a.used ?? 0))[0];
  return target && { target, by: target.id === 'filesystems.bytes' ? 'bytes' : 'inodes' };
}

async function deep(findings: Finding[], root: string, mount?: string): Promise<{ result: ProbeResult; finding?: Finding }> {
  const t0 = performance.now();
  const chosen = deepTarget(findings, mount);
  const ms = () => Math.round(performance.now() - t0);
  if (!chosen) return { result: { id: 'hunt', status: 'absent', durationMs: ms(), reason: mount ? `${mount} is not a measured mount point` : 'no measured filesystem' } };
  const { target, by } = chosen;
  let mod: HuntModule;
  try {
    const spec = '../hunt/hunt.js'; // built by the hunt command; a variable keeps the two compiled apart
    mod = (await import(spec)) as HuntModule;
  } catch (e) {
    return { result: { id: 'hunt', status: 'failed', durationMs: ms(), reason: `hunt is not available: ${(e as Error).message}` } };
  }
  try {
    const r = await mod.hunt({ path: path.join(root, target.subject), by, maxTimeMs: 4000, top: 10 });
    const unseen = r.gap?.deleted?.bytes ?? 0;
    const data: DeepData = { mount: target.subject, by, complete: r.complete, entries: r.entries.map((e) => ({ path: e.path, inodes: e.inodes, bytes: e.bytes ?? null })), ...(unseen > 0 && { unseen }) };
    const top = data.entries[0];
    const weight = (e: DeepEntry) => (by === 'bytes' ? (e.bytes ?? 0) : e.inodes);
    const unit = by === 'bytes' ? 'bytes' : 'count';
    const found = top ? weight(top) : 0;
    const share = target.used ? found / target.used : null;
    const where = top
      ? `most ${by} on ${target.subject} are under ${top.path}: ${amount(found, unit)} (${pct(share)} of those in use)${r.complete ? '' : ', counted within the time budget'}`
      : `the walk found no ${by} worth a line on ${target.subject}`;
    // the walk found far less than df says: the rest is held by deleted files still open (the filesystems finding names them)
    const gap = unseen > 0 ? `; ${amount(unseen, 'bytes')} more are held by deleted files still open, which no walk can see` : '';
    const finding: Finding | undefined = (top || unseen > 0) ? {
      id: `hunt.${by}`,
      severity: 'info',
      resource: by === 'bytes' ? 'disk space' : 'inodes',
      subject: target.subject,
      used: found,
      limit: target.used,
      utilization: share,
      unit,
      message: where + gap,
      hint: by === 'bytes' ? 'logs, dumps or backups that are never rotated; postmortem hunt --by bytes shows more' : 'a cache or mail queue that never expires its files; postmortem hunt shows more',
    } : undefined;
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
    // paths the walk met, through the same gate as everything the probes captured
    const d = redactValue(await deep(run.findings, root, o.deepMount));
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
