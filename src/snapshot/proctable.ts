// One pass over /proc/<pid> shared by the probes that need processes (fds, processes, census,
// inotify). At 5,000 processes every syscall counts: the fd count comes from stat() on /proc/PID/fd
// (its size is the number of open fds since Linux 6.2) and the owner from stat() on /proc/PID,
// falling back to readdir and the status file in fixture trees and on older kernels.
import { readdirSync, statSync, statfsSync } from 'node:fs';
import { listDir, readOnce, readOptional } from './read.js';
import type { ProbeContext } from './types.js';

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** Process group: our isolating children lead their own. */
  pgrp: number;
  flags: number;
  threads: number;
  /** Virtual memory size in bytes (VmSize): every map spans at least a page, so it bounds the map count. */
  vsize: number;
  /** Resident pages. */
  rssPages: number;
}

const PF_KTHREAD = 0x00200000;
const PROC_SUPER_MAGIC = 0x9fa0;
/** Page size: 4 KiB on the architectures this runs on; /proc/PID/stat counts RSS in pages. */
export const PAGE = 4096;

/** Parses /proc/PID/stat. The command sits in parentheses and may itself contain spaces and ")". */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state); field n is f[n - 3]
  return {
    pid: Number(text.slice(0, open)),
    comm: text.slice(open + 1, close),
    state: f[0] ?? '?',
    ppid: Number(f[1]),
    pgrp: Number(f[2]),
    flags: Number(f[6]),
    threads: Number(f[17]),
    vsize: Number(f[20]),
    rssPages: Number(f[21]),
  };
}

export interface Limits {
  openFiles: number | null;
  processes: number | null;
}

/** Soft limits from /proc/PID/limits ("Max open files  1024  524288  files"). */
export function parseLimits(text: string): Limits {
  const soft = (name: string) => {
    const m = new RegExp(`^${name}\\s+(\\S+)`, 'm').exec(text);
    return m ? (m[1] === 'unlimited' ? Infinity : Number(m[1])) : null;
  };
  return { openFiles: soft('Max open files'), processes: soft('Max processes') };
}

/** Real uid from /proc/PID/status ("Uid:\t1000\t1000\t1000\t1000"). */
export function parseStatusUid(text: string): number | null {
  const m = /^Uid:\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : null;
}

export interface Proc extends ProcStat {
  kernel: boolean;
  uid: number | null;
  /** Open fds, or null when not permitted. */
  fds: number | null;
  /** Read for processes with many fds and for each user's first process (see LIMITS_FROM_FDS). */
  limits: Limits | null;
}

/**
 * Reading every process's limits file is the most expensive part of the scan with thousands of
 * processes, and a process with a handful of fds cannot be near any sane fd limit. So limits are read
 * for processes with at least this many fds, and for the first process of every user (RLIMIT_NPROC
 * is inherited, so one process per user shows that user's limit).
 */
export const LIMITS_FROM_FDS = 16;

export interface ProcTable {
  procs: Proc[];
  /** Processes that vanished or were unreadable while scanning. */
  skipped: number;
  denied: number;
}

function isProcfs(dir: string): boolean {
  try {
    return statfsSync(dir).type === PROC_SUPER_MAGIC;
  } catch {
    return false;
  }
}

function countFds(dir: string, procfs: boolean): number | null {
  try {
    if (procfs) {
      const size = statSync(dir).size;
      if (size > 0) return size;
    }
    return readdirSync(dir).length;
  } catch {
    return null;
  }
}

export function readProcTable(ctx: ProbeContext): ProcTable {
  return ctx.once('proctable', () => {
    const proc = ctx.path('/proc');
    const procfs = isProcfs(proc);
    const procs: Proc[] = [];
    const usersSeen = new Set<number | null>();
    let skipped = 0;
    let denied = 0;
    for (const name of listDir(proc)) {
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const dir = `${proc}/${name}`;
      try {
        const st = parseProcStat(readOnce(`${dir}/stat`) ?? '');
        if (!st) {
          skipped++;
          continue;
        }
        const kernel = (st.flags & PF_KTHREAD) !== 0 || st.pid === 2 || st.ppid === 2;
        let uid: number | null = null;
        let fds: number | null = null;
        let limits: Limits | null = null;
        if (!kernel) {
          uid = procfs ? statSync(dir).uid : parseStatusUid(readOptional(`${dir}/status`) ?? '');
          fds = countFds(`${dir}/fd`, procfs);
          if (fds === null) denied++;
          if (fds === null || fds >= LIMITS_FROM_FDS || !usersSeen.has(uid)) {
            usersSeen.add(uid);
            const lim = readOptional(`${dir}/limits`);
            limits = lim === null ? null : parseLimits(lim);
          }
        }
        procs.push({ ...st, kernel, uid, fds, limits });
      } catch {
        skipped++; // exited while we looked
      }
    }
    return { procs: ctx.live ? withoutOurselves(procs, process.pid) : procs, skipped, denied };
  });
}

/**
 * Leaves out the snapshot's own process and its isolating children (each leads a process group of
 * its own, see isolate.ts): they are not the machine's load. Other children of ours stay counted.
 */
export function withoutOurselves(procs: Proc[], self: number): Proc[] {
  const helperGroups = new Set(procs.filter((p) => p.ppid === self && p.pgrp === p.pid).map((p) => p.pid));
  return procs.filter((p) => p.pid !== self && !helperGroups.has(p.pgrp));
}
