// Thresholds as fractions (0.9 = 90 %). The defaults follow netdata's stock health alarms where one
// exists (disk_space_usage / disk_inode_usage / ram_in_use / used_swap: warning above 90 %, critical
// above 98 %, the values at which netdata raises them); the rest are chosen to stay quiet on a healthy
// machine. Override with --threshold name=warn,crit (percent).
import { UsageError } from '../errors.js';

export interface Level {
  warn: number;
  crit: number;
}

export const DEFAULT_THRESHOLDS = {
  'fs-bytes': { warn: 0.9, crit: 0.98 },
  'fs-inodes': { warn: 0.9, crit: 0.98 },
  memory: { warn: 0.9, crit: 0.98 },
  swap: { warn: 0.9, crit: 0.98 },
  commit: { warn: 0.9, crit: 0.98 },
  'file-nr': { warn: 0.9, crit: 0.98 },
  'process-fds': { warn: 0.9, crit: 0.98 },
  pids: { warn: 0.9, crit: 0.98 },
  threads: { warn: 0.9, crit: 0.98 },
  nproc: { warn: 0.9, crit: 0.98 },
  conntrack: { warn: 0.9, crit: 0.98 },
  inotify: { warn: 0.9, crit: 0.98 },
  orphans: { warn: 0.5, crit: 0.9 },
  'tcp-mem': { warn: 0.75, crit: 0.9 },
  ports: { warn: 0.8, crit: 0.95 },
  'cgroup-memory': { warn: 0.9, crit: 0.98 },
  'cgroup-pids': { warn: 0.9, crit: 0.98 },
  'cgroup-throttle': { warn: 0.25, crit: 2 },
  beancounter: { warn: 0.9, crit: 0.98 },
  /** 15-minute load per CPU. */
  load: { warn: 2, crit: 4 },
  /** PSI avg60 as a fraction of time: some tasks (cpu), all tasks (memory, io) stalled. */
  'psi-cpu': { warn: 0.5, crit: 0.9 },
  'psi-memory': { warn: 0.1, crit: 0.4 },
  'psi-io': { warn: 0.2, crit: 0.6 },
  /** Processes of one command, as a share of userland processes (and at least 20 of them). */
  crowd: { warn: 0.5, crit: 2 },
  /** SysV IPC: semaphore arrays and semaphores, shared memory segments and pages, message queues. */
  sysvipc: { warn: 0.9, crit: 0.98 },
  /** Kernel keys and their bytes per user (kernel.keys.maxkeys / maxbytes). */
  keys: { warn: 0.9, crit: 0.98 },
  /** Memory maps of one process against vm.max_map_count. */
  'map-count': { warn: 0.9, crit: 0.98 },
  /** Connections waiting in one listening socket's accept queue, of what it holds. */
  'accept-queue': { warn: 0.9, crit: 0.98 },
} satisfies Record<string, Level>;

export type ThresholdName = keyof typeof DEFAULT_THRESHOLDS;
export type Thresholds = Record<ThresholdName, Level>;

/** Parses `name=warn,crit` (percent) overrides on top of the defaults. */
export function parseThresholds(specs: string[] = [], base: Thresholds = DEFAULT_THRESHOLDS): Thresholds {
  const out: Thresholds = { ...base };
  for (const spec of specs) {
    const m = /^([a-z-]+)=(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)$/.exec(spec.trim());
    if (!m) throw new UsageError(`--threshold ${spec}: expected name=warn,crit in percent, e.g. fs-inodes=80,90`);
    const name = m[1] as ThresholdName;
    if (!(name in DEFAULT_THRESHOLDS)) throw new UsageError(`--threshold ${spec}: unknown name "${name}", expected one of ${Object.keys(DEFAULT_THRESHOLDS).join(', ')}`);
    const warn = Number(m[2]) / 100;
    const crit = Number(m[3]) / 100;
    if (warn > crit) throw new UsageError(`--threshold ${spec}: warning level is above the critical one`);
    out[name] = { warn, crit };
  }
  return out;
}
