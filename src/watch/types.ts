// The vocabulary of watch: a sample is the engine's findings at one time plus the failure counters
// that rose since the previous sample; episodes and the recorder are built from samples only.
import type { Severity } from '../snapshot/types.js';

/** One measured resource in a sample: a finding reduced to what history needs. */
export interface Level {
  /** `id subject` of the finding: one measurement across samples. */
  key: string;
  resource: string;
  subject: string;
  severity: Severity;
  utilization: number | null;
}

/** A failure counter that rose between two samples (or new kernel log lines of one kind). */
export interface Increment {
  /** Names the counter: "pids.events max /sys/fs/cgroup/pids/app". */
  key: string;
  /** What one count is, plural: "forks refused (pids.max)". */
  what: string;
  delta: number;
  /** The window it happened in: the previous sample's time and this one's (ms since the epoch). */
  from: number;
  to: number;
  /** A kernel log line, redacted, when the counter is the kernel log. */
  example?: string;
}

export interface Sample {
  at: number;
  levels: Level[];
  increments: Increment[];
}

