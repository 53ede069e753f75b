// Several hosts at once: each read on its own (ssh or a capture file), at most `parallel` at a
// time; a host that fails is one line in the table and never stops the others.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError, PmError, RemoteError } from '../errors.js';
import { redact } from '../redact/redact.js';
import { pct } from '../snapshot/format.js';
import type { RunOptions } from '../snapshot/run.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { SEVERITY_RANK } from '../snapshot/types.js';
import { table } from '../util/term.js';
import { collectorScript } from './collector.js';
import { runCollector } from './ssh.js';
import { snapshotFromArchive } from './unpack.js';

export interface HostResult {
  /** The host as named on the command line (an ssh alias) or the capture file's name. */
  host: string;
  snapshot?: Snapshot;
  /** Why this host could not be read, one line. */
  error?: string;
  /** Wall time for this host, ms. */
  ms: number;
}

/** Runs `fn` on every item, at most `n` at a time, results in the items' order. */
export async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
  return out;
}

async function one(host: string, read: () => Promise<Buffer>, o: RunOptions): Promise<HostResult> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  try {
    const snapshot = await snapshotFromArchive(await read(), host, o);
    return { host, snapshot, ms: ms() };
  } catch (e) {
    // one host's capture that trips a bug here is that host's line, not the end of the fleet's read
    const why = e instanceof PmError ? e.message : `${host}: internal error: ${(e as Error)?.message ?? e}`;
    return { host, error: redact(why), ms: ms() };
  }
}

export function fromFiles(files: string[], parallel: number, o: RunOptions = {}): Promise<HostResult[]> {
  return pool(files, parallel, (f) => one(path.basename(f), async () => {
    try {
      return readFileSync(f);
    } catch (e) {
      throw new InputError(f, undefined, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message);
    }
  }, o));
}

/** A host to read over ssh: the name the table shows, and what ssh connects to (an inventory's ansible_host, user, port). */
export interface SshTarget {
  name: string;
  destination: string;
  /** Why this host is not read over ssh at all (an inventory's ansible_connection=local, docker...). */
  notOverSsh?: string;
}

/** ssh's errors start with the destination; the table and the saved files speak of the host's name. */
const asNamed = (p: Promise<Buffer>, t: SshTarget) =>
  t.destination === t.name ? p : p.catch((e) => {
    throw e instanceof RemoteError && e.message.startsWith(`${t.destination}: `) ? new RemoteError(`${t.name}: ${e.message.slice(t.destination.length + 2)}`) : e;
  });

export function overSsh(hosts: Array<string | SshTarget>, parallel: number, timeoutMs: number, o: RunOptions = {}): Promise<HostResult[]> {
  const script = collectorScript();
  return pool(hosts, parallel, (h) => {
    const t: SshTarget = typeof h === 'string' ? { name: h, destination: h } : h;
    if (t.notOverSsh) return Promise.resolve({ host: t.name, error: redact(`${t.name}: ${t.notOverSsh}`), ms: 0 });
    return one(t.name, () => asNamed(runCollector(t.destination, script, timeoutMs), t), o);
  });
}

const worst = (r: HostResult) => r.snapshot?.findings[0];
const tally = (r: HostResult, s: 'critical' | 'warning') => r.snapshot?.findings.filter((f) => f.severity === s).length ?? 0;

/** Failed hosts first (nothing is known of them), then by worst finding, criticals, warnings. */
export function worstFirst(rs: HostResult[]): HostResult[] {
  const rank = (r: HostResult) => (r.error ? -1 : SEVERITY_RANK[worst(r)?.severity ?? 'info']);
  return [...rs].sort((a, b) => rank(a) - rank(b) || tally(b, 'critical') - tally(a, 'critical') || tally(b, 'warning') - tally(a, 'warning') || a.host.localeCompare(b.host, 'en', { numeric: true })); // web-2 before web-10
}

/** The fleet table: host, worst finding, criticals, warnings, time. */
export function renderFleet(rs: HostResult[]): string {
  const rows = worstFirst(rs).map((r) => {
    const f = worst(r);
    const what = r.error ? `not read: ${r.error.startsWith(`${r.host}: `) ? r.error.slice(r.host.length + 2) : r.error}` : f && f.severity !== 'info' ? `${f.severity} ${f.resource} ${f.subject}${f.utilization !== null ? ` ${pct(f.utilization)}` : ''}` : 'nothing at warning or above';
    return [r.host, what, r.error ? '-' : String(tally(r, 'critical')), r.error ? '-' : String(tally(r, 'warning')), `${(r.ms / 1000).toFixed(1)} s`];
  });
  const failed = rs.filter((r) => r.error).length;
  return `${table(rows, ['host', 'worst finding', 'crit', 'warn', 'time'])}\n\n${rs.length} hosts, ${rs.length - failed} read${failed ? `, ${failed} not read` : ''}`;
}
