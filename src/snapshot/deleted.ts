// Bytes that du cannot see: files deleted while a process still holds them open. Their blocks stay
// allocated until the last fd closes, so df says full and du finds nothing. Like lsof +L1 we read
// each process's fd links and stat the ones whose target ends in " (deleted)" through the link
// (size and st_dev; the device maps the file to its mount by mountinfo's major:minor).
//
// Reading every fd link costs a readdir per process and a readlink per fd, so callers do it only
// when a filesystem's bytes are at warning or above (filesystems), or when a walk comes up short (hunt).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { eachFdLink } from './read.js';
import { bytes, count } from './format.js';
import { readProcTable } from './proctable.js';
import type { Finding, ProbeContext, StatfsResult } from './types.js';
import { userName } from './users.js';
import type { Mount } from '../util/mountinfo.js';

const SUFFIX = ' (deleted)';

/** One open fd of a deleted file. */
export interface DeletedFd {
  pid: number;
  fd: number;
  path: string;
  /** "major:minor", as mountinfo writes it. */
  device: string;
  ino: number;
  /** Allocated on disk (blocks × 512): what statfs counts as used. */
  bytes: number;
}

export interface Holder {
  pid: number;
  comm: string;
  user: string;
  /** Distinct deleted files this process holds open on the filesystem, and their bytes. */
  files: number;
  bytes: number;
  /** Its biggest one, to truncate through /proc/PID/fd/FD when it cannot be restarted. */
  fd: number;
  path: string;
}

export interface DeletedOnFs {
  /** Each deleted file counted once, however many fds hold it. */
  files: number;
  bytes: number;
  /** Biggest first, at most HOLDERS. */
  holders: Holder[];
  /** Processes whose fds were read, of all: fewer when the time budget ran out (lower bounds then). */
  looked?: number;
  of?: number;
}

const HOLDERS = 5;

/**
 * The deleted file an fd link points to, or null: "/var/log/app.log (deleted)" -> "/var/log/app.log".
 * Sockets, pipes and anon inodes have no path; memfd files ("/memfd:name (deleted)") were never on
 * a filesystem anyone measures.
 */
export function deletedTarget(link: string): string | null {
  if (!link.startsWith('/') || !link.endsWith(SUFFIX) || link.startsWith('/memfd:')) return null;
  return link.slice(0, -SUFFIX.length);
}

/** st_dev in glibc's encoding (makedev) -> "major:minor". */
export function deviceName(dev: number | bigint): string {
  const d = BigInt(dev);
  const major = ((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn);
  const minor = (d & 0xffn) | ((d >> 12n) & ~0xffn);
  return `${major}:${minor}`;
}

/** Reading fd links costs about 30 µs a process: 5,000 take 150 ms, and a huge table is cut off here. */
export const SCAN_BUDGET_MS = 1000;

/**
 * Reads the fd links of these processes (in the order given: low pids, the long-running daemons,
 * first) and stats the deleted files among them, until `budgetMs` runs out. A path under one of
 * `avoid` (a mount that did not answer statfs) is not statted: getattr there could hang.
 */
/** What a stat through an fd link says of the file: st_dev (raw), st_ino, st_blocks, st_nlink. */
export type FdStat = { dev: bigint; ino: bigint; blocks: bigint; nlink: bigint };
/** Live: stat(2) through the link itself. */
export const statLink = (link: string): FdStat => statSync(link, { bigint: true });

/**
 * A remote capture cannot stat through its links (their targets are the host's): the collector
 * stats the deleted ones on the host and the answers travel in `<root>/fdstat.json`, keyed by the
 * host's path ("/proc/812/fd/4"). Null when the tree has no such table (a fixture, an image).
 */
export function recordedFdStat(root: string): ((link: string) => FdStat) | null {
  const file = path.join(root, 'fdstat.json');
  if (!existsSync(file)) return null;
  const table = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { dev: string; ino: number; blocks: number; nlink: number }>;
  return (link) => {
    const r = table[`/${path.relative(root, link)}`];
    if (!r) throw new Error(`${link}: not recorded`);
    return { dev: BigInt(r.dev), ino: BigInt(r.ino), blocks: BigInt(r.blocks), nlink: BigInt(r.nlink) };
  };
}

export function scanDeleted(procDir: string, pids: number[], avoid: string[] = [], budgetMs = SCAN_BUDGET_MS, stat: (link: string) => FdStat = statLink): { fds: DeletedFd[]; looked: number } {
  const out: DeletedFd[] = [];
  const hung = (p: string) => avoid.some((m) => p === m || p.startsWith(m === '/' ? '/' : m + '/'));
  const deadline = performance.now() + budgetMs;
  let looked = 0;
  for (const pid of pids) {
    if ((looked & 63) === 0 && performance.now() > deadline) break;
    looked++;
    const dir = `${procDir}/${pid}/fd`;
    eachFdLink(dir, (fd, target) => {
      const p = deletedTarget(target);
      if (p === null || hung(p)) return;
      try {
        const st = stat(`${dir}/${fd}`);
        if (st.nlink !== 0n) return; // a live file that happens to be named "x (deleted)"
        out.push({ pid, fd: Number(fd), path: p, device: deviceName(st.dev), ino: Number(st.ino), bytes: Number(st.blocks) * 512 });
      } catch {
        /* closed while we looked */
      }
    });
  }
  return { fds: out, looked };
}

/** A filesystem to sum for; `key` names it in the result (default its mount point; the finding's subject). */
export type FsKey = Pick<Mount, 'device' | 'mountPoint'> & { key?: string };

/** Pure: per filesystem, the deleted files' bytes (each file once) and the processes holding them. */
export function summariseDeleted(fds: DeletedFd[], mounts: FsKey[], who: (pid: number) => { comm: string; user: string }): Record<string, DeletedOnFs> {
  const mountOf = new Map(mounts.map((m) => [m.device, m.key ?? m.mountPoint]));
  const perMount = new Map<string, { files: Map<number, number>; holders: Map<number, { files: Map<number, number>; fd: number; path: string; biggest: number }> }>();
  for (const f of fds) {
    const mp = mountOf.get(f.device);
    if (mp === undefined) continue;
    const m = perMount.get(mp) ?? { files: new Map(), holders: new Map() };
    perMount.set(mp, m);
    m.files.set(f.ino, f.bytes);
    const h = m.holders.get(f.pid) ?? { files: new Map(), fd: f.fd, path: f.path, biggest: -1 };
    m.holders.set(f.pid, h);
    h.files.set(f.ino, f.bytes);
    if (f.bytes > h.biggest) Object.assign(h, { fd: f.fd, path: f.path, biggest: f.bytes });
  }
  const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const out: Record<string, DeletedOnFs> = {};
  for (const [mp, m] of perMount) {
    const holders = [...m.holders]
      .map(([pid, h]) => ({ pid, ...who(pid), files: h.files.size, bytes: sum(h.files), fd: h.fd, path: h.path }))
      .sort((a, b) => b.bytes - a.bytes || a.pid - b.pid)
      .slice(0, HOLDERS);
    out[mp] = { files: m.files.size, bytes: sum(m.files), holders };
  }
  return out;
}

/**
 * Deleted-but-open files on these mounts, read from the process table of the snapshot. Every mount
 * gets an entry (with nothing found, zeros) saying how many processes were looked at.
 */
export function deletedOpen(ctx: ProbeContext, mounts: FsKey[], avoid: string[] = [], stat: (link: string) => FdStat = statLink): Record<string, DeletedOnFs> {
  const table = readProcTable(ctx);
  const byPid = new Map(table.procs.map((p) => [p.pid, p]));
  const pids = table.procs.filter((p) => !p.kernel && p.fds !== 0).map((p) => p.pid);
  const { fds, looked } = scanDeleted(ctx.path('/proc'), pids, avoid, SCAN_BUDGET_MS, stat);
  const found = summariseDeleted(fds, mounts, (pid) => {
    const p = byPid.get(pid);
    return { comm: p?.comm ?? '?', user: userName(ctx, p?.uid ?? null) };
  });
  return Object.fromEntries(
    mounts.map((m) => {
      const k = m.key ?? m.mountPoint;
      return [k, { ...(found[k] ?? { files: 0, bytes: 0, holders: [] }), looked, of: pids.length }];
    }),
  );
}

type Measured = FsKey & { state: { kind: string; statfs?: StatfsResult } };

/**
 * The filesystems probe's call: scans only when a filesystem's bytes are at warning or above, since
 * the scan costs a readdir per process (--deep on a disk full of bytes scans from the hunt instead).
 * Null when it did not look.
 */
export function deletedIfFull(ctx: ProbeContext, mounts: Measured[]): Record<string, DeletedOnFs> | null {
  const full = mounts.some((m) => {
    const s = m.state.statfs;
    if (!s || s.blocks <= 0) return false;
    const used = s.blocks - s.bfree;
    return used / (used + s.bavail) >= ctx.thresholds['fs-bytes'].warn;
  });
  // stat through an fd link means something only for live processes, or as a remote capture recorded it
  const stat = ctx.live ? statLink : recordedFdStat(ctx.root);
  if (!stat || !full) return null;
  const stuck = mounts.filter((m) => m.state.kind === 'stuck').map((m) => m.mountPoint);
  return deletedOpen(ctx, mounts.filter((m) => m.state.kind === 'ok'), stuck, stat);
}

/** The disk-space finding of a filesystem where deleted files hold enough, naming the holders. */
export function withHolders(f: Finding, deleted: Record<string, DeletedOnFs>): Finding {
  const held = deleted[f.subject];
  if (f.id !== 'filesystems.bytes' || !matters(held, f.used ?? 0)) return f;
  return { ...f, message: `${f.message}; ${deletedText(held)}`, hint: deletedHint(held) };
}

/** Worth naming: at least 1 % of what the filesystem has in use. */
export const matters = (d: DeletedOnFs | undefined, used: number): d is DeletedOnFs => d !== undefined && d.bytes > 0 && d.bytes >= 0.01 * used;

/** "6.0 MiB held by 1 deleted file still open: pid 812 (java, app) 6.0 MiB; pid 9 (...) ..." */
export function deletedText(d: DeletedOnFs): string {
  const who = d.holders.map((h) => `pid ${h.pid} (${h.comm}, ${h.user}) ${bytes(h.bytes)}`).join('; ');
  return `${bytes(d.bytes)} held by ${d.files} deleted file${d.files === 1 ? '' : 's'} still open: ${who}${partial(d)}`;
}

/** " (time budget: 3,000 of 10,000 processes looked at)" when the scan was cut off. */
export const partial = (d: DeletedOnFs): string => (d.looked !== undefined && d.of !== undefined && d.looked < d.of ? ` (time budget: ${count(d.looked)} of ${count(d.of)} processes looked at)` : '');

/** What to do about the biggest holder. */
export function deletedHint(d: DeletedOnFs): string {
  const h = d.holders[0]!;
  return `du cannot see these bytes; restart pid ${h.pid} (${h.comm}) to free them, or truncate through the fd: : > /proc/${h.pid}/fd/${h.fd} (was ${h.path})`;
}
