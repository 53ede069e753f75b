// The runner: every chosen probe in parallel, each with its own time budget. A probe that fails, is
// not permitted or runs out of time is reported with its reason and never sinks the others.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { redactValue } from '../redact/redact.js';
import { sortFindings } from './assess.js';
import { makeIsolator, type Isolating } from './isolate.js';
import { PROBES } from './probes/index.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds.js';
import { Absent, type Finding, type Isolated, type Probe, type ProbeContext, type ProbeResult, type StatfsResult } from './types.js';

export interface RunOptions {
  /** Root of the machine to read (default "/"). */
  root?: string;
  /** Probe ids to run (default all). */
  ids?: string[];
  thresholds?: Thresholds;
  /** Budget per probe in ms (default 5000). */
  timeoutMs?: number;
  /** CPU sampling window in ms (default 50 live, 0 under another root: counters since boot). */
  sampleMs?: number;
  deep?: boolean;
  now?: Date;
  /** Replaces statfs (tests). Receives mount points as seen inside the root. */
  statfs?: (mounts: string[], timeoutMs: number) => Promise<Isolated<StatfsResult>[]>;
  /** A long-lived isolating child to use (watch keeps one across samples); the caller closes it. */
  isolator?: Isolating;
  /** Each probe's data from the previous sample (watch): a failure counter that rose since is proof of "now". */
  previous?: ProbeResult[];
}

export interface ProbeRun {
  findings: Finding[];
  probes: ProbeResult[];
}

export const probeIds = (): string[] => PROBES.map((p) => p.id);

export function makeContext(o: RunOptions = {}, iso: Isolating = makeIsolator()): ProbeContext {
  const root = path.resolve(o.root ?? '/');
  const live = root === '/';
  const memo = new Map<string, unknown>();
  const inRoot = (abs: string) => (live ? abs : path.join(root, abs));
  return {
    root,
    live,
    path: inRoot,
    now: o.now ?? new Date(),
    thresholds: o.thresholds ?? DEFAULT_THRESHOLDS,
    sampleMs: o.sampleMs ?? (live ? 50 : 0), // a fixture's counters do not move
    deep: Boolean(o.deep),
    once<T>(key: string, make: () => T): T {
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key) as T;
    },
    statfs: o.statfs ?? ((mounts, timeoutMs) => statfsAt(iso, root, live, mounts, timeoutMs)),
    readIsolated: (paths, timeoutMs) => iso.all<string>(
        paths.map((p) => ({ op: 'read', path: inRoot(p) })),
        timeoutMs,
      ),
    linesIsolated: (paths, timeoutMs) => iso.all<number>(
        paths.map((p) => ({ op: 'lines', path: inRoot(p) })),
        timeoutMs,
      ),
  };
}

/**
 * statfs cannot be replayed from files, so a fixture tree or a saved image may carry the answers in
 * `<root>/statfs.json` ({"/": {files, ffree, ...} | "stuck" | {"error": "EACCES"}}); otherwise the
 * mount points are statted under the root.
 */
async function statfsAt(iso: Isolating, root: string, live: boolean, mounts: string[], timeoutMs: number): Promise<Isolated<StatfsResult>[]> {
  const recorded = path.join(root, 'statfs.json');
  if (!live && existsSync(recorded)) {
    const table = JSON.parse(readFileSync(recorded, 'utf8')) as Record<string, StatfsResult | 'stuck' | { error: string }>;
    return mounts.map((m) => {
      const r = table[m];
      if (r === undefined) return { error: 'ENOENT' };
      if (r === 'stuck') return { stuck: true };
      return 'error' in r ? { error: r.error } : { ok: r };
    });
  }
  return iso.all<StatfsResult>(
    mounts.map((m) => ({ op: 'statfs', path: live ? m : path.join(root, m) })),
    timeoutMs,
  );
}

function classify(e: unknown): { status: ProbeResult['status']; reason: string } {
  if (e instanceof Absent) return { status: 'absent', reason: e.message };
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return { status: 'denied', reason: `not permitted: ${err.path ?? err.message}` };
  return { status: 'failed', reason: err?.message ?? String(e) };
}

async function runOne(probe: Probe, ctx: ProbeContext, timeoutMs: number, previous?: unknown): Promise<{ result: ProbeResult; findings: Finding[] }> {
  let t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), timeoutMs);
  });
  try {
    // Yield first so a probe with synchronous reading does not delay the start of the others' timers.
    const data = await Promise.race([
      Promise.resolve().then(() => {
        t0 = performance.now(); // the probe's own time, not the time spent waiting for others' synchronous reads
        return probe.collect(ctx);
      }),
      timeout,
    ]);
    const durationMs = Math.round(performance.now() - t0);
    let findings: Finding[];
    try {
      findings = probe.assess(data, ctx.thresholds, previous);
    } catch (e) {
      return { result: { id: probe.id, status: 'failed', durationMs, reason: `assessing: ${(e as Error).message}`, data }, findings: [] };
    }
    return { result: { id: probe.id, status: 'ok', durationMs, data }, findings };
  } catch (e) {
    const durationMs = Math.round(performance.now() - t0);
    if (e instanceof TimeoutError) return { result: { id: probe.id, status: 'timeout', durationMs, reason: `no answer within ${timeoutMs} ms` }, findings: [] };
    return { result: { id: probe.id, ...classify(e), durationMs }, findings: [] };
  } finally {
    clearTimeout(timer);
  }
}

class TimeoutError extends Error {}

/**
 * Runs the chosen probes (default all) against a root and returns their findings, most severe first,
 * and each probe's status and data. This is the engine's one entry point (snapshot, diff, explain).
 */
export async function runProbes(o: RunOptions = {}): Promise<ProbeRun> {
  const unknown = (o.ids ?? []).filter((id) => !PROBES.some((p) => p.id === id));
  if (unknown.length) throw new UsageError(`unknown probe ${unknown.join(', ')}; expected one of ${probeIds().join(', ')}`);
  return runProbeList(o.ids ? PROBES.filter((p) => o.ids!.includes(p.id)) : PROBES, o);
}

/**
 * Runs the given probes in parallel, each within `timeoutMs`. What they read leaves the engine only
 * through the redaction gate: command lines, kernel log lines and whatever a probe adds later.
 */
export async function runProbeList(probes: Probe[], o: RunOptions = {}): Promise<ProbeRun> {
  const iso = o.isolator ?? makeIsolator();
  const ctx = makeContext(o, iso);
  let runs;
  try {
    const before = (id: string) => o.previous?.find((r) => r.id === id && r.status === 'ok')?.data;
    runs = await Promise.all(probes.map((p) => runOne(p, ctx, o.timeoutMs ?? 5000, before(p.id))));
  } finally {
    if (!o.isolator) await iso.close();
  }
  return redactValue({ findings: sortFindings(runs.flatMap((r) => r.findings)), probes: runs.map((r) => r.result) });
}
