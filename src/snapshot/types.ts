// The snapshot engine's vocabulary: probes collect raw data through a context rooted at `/` (or a
// fixture tree / mounted image), then assess it into findings. Findings are data, never prose only.
import type { Thresholds } from './thresholds.js';

export type Severity = 'critical' | 'warning' | 'info';
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** What a number counts, so reports can print "3.1 GiB" or "3,000,000". */
export type Unit = 'bytes' | 'count' | 'percent' | 'ratio';

export interface Finding {
  /** Stable rule id, e.g. `filesystems.inodes`; with `subject` it names one measurement across snapshots. */
  id: string;
  severity: Severity;
  /** The resource in plain words: "inodes", "memory", "pids (cgroup)". */
  resource: string;
  /** Which one: a mount point, a cgroup, a beancounter row, a process. */
  subject: string;
  used: number | null;
  limit: number | null;
  /** used / limit as a fraction (1 = 100 %), or null when there is no limit. */
  utilization: number | null;
  unit: Unit;
  message: string;
  hint: string;
  /** Set when the finding is about something that happened (a kernel message, a failure counter), not a level measured now. */
  past?: Occurrence;
}

/** A past event checked against the same resource now (see src/snapshot/now.ts). */
export interface Occurrence {
  /** Seconds since the latest one; null when the source has no time (a counter since boot). */
  ageSeconds: number | null;
  /** The same resource now: at or near its limit (or still failing), verifiably recovered, or not known. */
  now: 'at-limit' | 'recovered' | 'unknown';
  /** Why: "the cgroup is gone", "memory.max raised from 16 MiB to 1 GiB", "12 % of its limit". */
  why: string;
}

export type ProbeStatus = 'ok' | 'absent' | 'denied' | 'failed' | 'timeout';

export interface ProbeResult {
  id: string;
  status: ProbeStatus;
  durationMs: number;
  reason?: string;
  data?: unknown;
}

export interface StatfsResult {
  type: number;
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}
/** Result of a call made in the isolated child: a value, an error code, or nothing (stuck: killed at the deadline). */
export type Isolated<T> = { ok: T } | { error: string } | { stuck: true };

export interface ProbeContext {
  /** Root of the machine being read ("/" live; a fixture tree or a mounted image otherwise). */
  root: string;
  /** True when reading this machine's own /proc (root is "/"). */
  live: boolean;
  /** Absolute path under the root: ctx.path('/proc/meminfo'). */
  path(abs: string): string;
  now: Date;
  thresholds: Thresholds;
  /** Shared per-snapshot memo, so the process table is read once for every probe that needs it. */
  once<T>(key: string, make: () => T): T;
  /** statfs each path in a child process killed at the deadline (a dead NFS/FUSE mount never hangs us). */
  statfs(paths: string[], timeoutMs: number): Promise<Isolated<StatfsResult>[]>;
  /** Reads files in the isolated child (e.g. /proc/PID/cmdline, which blocks on a hung process's mm lock). */
  readIsolated(paths: string[], timeoutMs: number): Promise<Isolated<string>[]>;
  /** Counts the lines of files in the isolated child (/proc/PID/maps takes the process's mmap lock). */
  linesIsolated(paths: string[], timeoutMs: number): Promise<Isolated<number>[]>;
  /** How long CPU counters are sampled (ms); 0 uses counters since boot. */
  sampleMs: number;
  /** Extra work asked for with --deep (hunting the inode hog). */
  deep: boolean;
}

export interface Probe<D = any> {
  id: string;
  description: string;
  /**
   * What collect reads, as absolute shell globs: '/proc/[0-9]*\/status'; 'DIR/**' is every folder
   * under DIR, 'DIR/**\/NAME' every NAME under it; '@tail' reads only the last MiB; '@biggest' after
   * '/proc/[0-9]*\/FILE' reads FILE of only the 20 processes with the largest VmSize; '@anon' after
   * '/proc/[0-9]*\/fdinfo/*' reads the fdinfo of anon-inode fds only (inotify, eventfd). The remote
   * collector (src/remote/collector.ts) is built from these, so a probe that reads a new file says so here.
   */
  reads?: string[];
  collect(ctx: ProbeContext): Promise<D>;
  /**
   * Pure: data in, findings out (tested on literal data). `previous` is this probe's data from the
   * previous sample when there is one (watch): a failure counter that rose since is proof of "now".
   */
  assess(data: D, t: Thresholds, previous?: D): Finding[];
}

/** Thrown by collect when the source does not exist here (no beancounters outside OpenVZ): not an error. */
export class Absent extends Error {}
