// One engine kept alive across samples: the isolating child, the host facts and the package list
// are read once; the kernel log is a stream (kmsg.ts) instead of a re-read of the whole ring; every
// other probe runs at each sample, because its state is what changes. Probes are the engine's own.
import os from 'node:os';
import path from 'node:path';
import { runProbeList } from '../snapshot/run.js';
import { makeIsolator, type Isolating } from '../snapshot/isolate.js';
import { PROBES } from '../snapshot/probes/index.js';
import type { HostData } from '../snapshot/probes/host.js';
import { SCHEMA, type Snapshot } from '../snapshot/snapshot.js';
import type { Thresholds } from '../snapshot/thresholds.js';
import type { Probe, ProbeResult } from '../snapshot/types.js';
import { UsageError } from '../errors.js';
import { diffCounters, readCounters, type Readings } from './counters.js';
import { KmsgStream, kmsgIncrements } from './kmsg.js';
import type { Sample } from './types.js';

/** Read once at start: what they read does not change while we watch (or, kernel-log, is streamed). */
export const ONCE = new Set(['host', 'packages']);
const STREAMED = 'kernel-log';
/** A fresh isolating child now and then: one with a call stuck in a dead mount is not kept for days. */
const ISOLATOR_SAMPLES = 360;

export interface SamplerOptions {
  thresholds?: Thresholds;
  /** Probe ids to run (default all). */
  ids?: string[];
  timeoutMs?: number;
}

export class Sampler {
  private iso: Isolating = makeIsolator();
  private used = 0;
  private once: ProbeResult[] = [];
  private counters: Readings = new Map();
  private last = 0;
  readonly kmsg = new KmsgStream();
  private readonly probes: Probe[];
  private readonly onceProbes: Probe[];
  private startedAt: number | undefined;
  /** The last sample's probe results: each probe grades a counter that rose since as failing now. */
  private previous: ProbeResult[] | undefined;
  /** The kernel log is wanted but /dev/kmsg cannot be streamed (not root): the probe re-reads it. */
  readonly wantsKernelLog: boolean;

  constructor(private readonly o: SamplerOptions = {}) {
    const unknown = (o.ids ?? []).filter((id) => !PROBES.some((p) => p.id === id));
    if (unknown.length) throw new UsageError(`--probe: unknown probe ${unknown.join(', ')}; expected one of ${PROBES.map((p) => p.id).join(', ')}`);
    const chosen = PROBES.filter((p) => !o.ids || o.ids.includes(p.id));
    this.wantsKernelLog = chosen.some((p) => p.id === STREAMED) && !this.kmsg.open();
    this.probes = chosen.filter((p) => !ONCE.has(p.id) && !(p.id === STREAMED && this.kmsg.readable));
    this.onceProbes = chosen.filter((p) => ONCE.has(p.id));
  }

  /** The first sample: also reads the probes run only once and sets the counters' base. */
  async sample(now = new Date()): Promise<{ sample: Sample; snapshot: Snapshot }> {
    const t0 = performance.now();
    if (this.used++ >= ISOLATOR_SAMPLES) {
      await this.iso.close();
      this.iso = makeIsolator();
      this.used = 1;
    }
    const first = this.last === 0;
    const opts = { thresholds: this.o.thresholds, timeoutMs: this.o.timeoutMs, now, isolator: this.iso, previous: this.previous };
    const [run, once] = await Promise.all([runProbeList(this.probes, opts), first ? runProbeList(this.onceProbes, opts) : null]);
    if (once) this.once = once.probes;
    this.previous = run.probes;
    const at = now.getTime();
    // The window of an increment ends when the counters were read, which is after the probes ran.
    const readAt = Date.now();
    const counters = readCounters(run.probes);
    const increments = first ? [] : [...diffCounters(this.counters, counters, this.last, readAt), ...kmsgIncrements(this.kmsg.drain(), this.last, readAt)];
    this.counters = counters;
    this.last = readAt;
    // Levels are measurements against a limit; "ever refused since boot" findings are counters here.
    const levels = run.findings
      .filter((f) => f.utilization !== null)
      .map((f) => ({ key: `${f.id} ${f.subject}`, resource: f.resource, subject: f.subject, severity: f.severity, utilization: f.utilization }));
    const host = this.once.find((p) => p.id === 'host' && p.status === 'ok')?.data as HostData | undefined;
    const snapshot: Snapshot = {
      schema: SCHEMA,
      host: host?.hostname ?? os.hostname(),
      kernel: host?.kernel ?? null,
      uptimeSeconds: host ? host.uptimeSeconds + Math.round((at - (this.startedAt ??= at)) / 1000) : null,
      root: path.resolve('/'),
      takenAt: now.toISOString(),
      durationMs: Math.round(performance.now() - t0),
      findings: run.findings,
      probes: [...this.once, ...run.probes],
    };
    return { sample: { at, levels, increments }, snapshot };
  }
  async close(): Promise<void> {
    this.kmsg.close();
    await this.iso.close();
  }
}
