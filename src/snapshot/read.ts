// Small synchronous readers for /proc and /sys. Files there are tiny and never block on a dead mount,
// and a sync open/read/close into one shared buffer is several times cheaper than readFileSync or the
// thread pool (this matters with thousands of processes). Anything that can block goes through isolate.ts.
import { closeSync, openSync, readSync, readdirSync, readlinkSync } from 'node:fs';
import { Absent } from './types.js';

let buf = Buffer.allocUnsafe(1 << 16);

/** The file's text, or throws (ENOENT becomes Absent when `absent` is set). */
export function readText(file: string): string {
  const fd = openSync(file, 'r');
  try {
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    return buf.toString('utf8', 0, n);
  } finally {
    closeSync(fd);
  }
}

const code = (e: unknown) => (e as NodeJS.ErrnoException)?.code;

/**
 * One read(2) of a small procfs file generated in one go (/proc/PID/stat): saves the second read that
 * only confirms the end, which counts with thousands of processes. Null when the file is gone.
 */
export function readOnce(file: string): string | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    return buf.toString('utf8', 0, readSync(fd, buf, 0, buf.length, null));
  } finally {
    closeSync(fd);
  }
}

/** The file's text, or null when it does not exist (other errors propagate). */
export function readOptional(file: string): string | null {
  try {
    return readText(file);
  } catch (e) {
    if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return null;
    throw e;
  }
}

/** The file's text; a missing file means the probe does not apply here. */
export function readRequired(file: string, what = file): string {
  const t = readOptional(file);
  if (t === null) throw new Absent(`${what} does not exist`);
  return t;
}

/** A number from a one-value file (/proc/sys/...), or null when missing or unreadable. */
export function readNumber(file: string): number | null {
  try {
    const t = readOptional(file);
    if (t === null) return null;
    const v = t.trim();
    if (v === 'max') return Infinity;
    const n = Number(v.split(/\s+/)[0]);
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (e) {
    if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return [];
    throw e;
  }
}

/**
 * /proc/net/tcp or tcp6, read once per snapshot for every probe that needs it (tcp, listen): the
 * kernel walks its socket tables for each read, some milliseconds even on an idle machine.
 */
export function netTcp(ctx: { path(abs: string): string; once<T>(key: string, make: () => T): T }, v: 'tcp' | 'tcp6'): string | null {
  return ctx.once(`/proc/net/${v}`, () => readOptional(ctx.path(`/proc/net/${v}`)));
}

/**
 * Calls `each(fd, target)` for the open files of the process whose fd folder is `fdDir` ("socket:[123]",
 * "anon_inode:inotify", "/var/log/x (deleted)"); a process that is gone or not ours to read has none.
 * `each` returning true stops the walk.
 */
export function eachFdLink(fdDir: string, each: (fd: string, target: string) => boolean | void): void {
  let fds: string[];
  try {
    fds = readdirSync(fdDir);
  } catch {
    return;
  }
  for (const fd of fds) {
    let target: string;
    try {
      target = readlinkSync(`${fdDir}/${fd}`);
    } catch {
      continue; // closed while we looked
    }
    if (each(fd, target)) return;
  }
}

/** Parses `key value [unit]` / `key: value` lines into numbers (meminfo, vmstat, cpu.stat, *.events). */
export function parseKeyValues(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^([\w().:-]+?):?\s+(-?\d+)(?:\s+kB)?\s*$/.exec(line.trim());
    if (m) out[m[1]!] = line.trim().endsWith(' kB') ? Number(m[2]) * 1024 : Number(m[2]);
  }
  return out;
}
