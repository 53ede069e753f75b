// File descriptors: system-wide (file-nr against file-max) and per process against that process's own
// soft "Max open files" ("Too many open files" hits one process long before the system runs out).
import { usage } from '../assess.js';
import { count } from '../format.js';
import { readProcTable } from '../proctable.js';
import { readNumber, readRequired } from '../read.js';
import { userName } from '../users.js';
import type { Finding, Probe } from '../types.js';

export interface FdsData {
  allocated: number;
  max: number;
  nrOpen: number | null;
  /** Processes using the biggest share of their own limit, fullest first. */
  top: Array<{ pid: number; comm: string; fds: number; limit: number }>;
  /** Processes whose fds we may not count. */
  denied: number;
  /** The biggest holders of file handles system-wide, most first (older snapshots lack it). */
  holders?: Array<{ pid: number; comm: string; user: string; fds: number }>;
}

/** /proc/sys/fs/file-nr: "allocated  unused(0 since 2.6)  max". */
export function parseFileNr(text: string): { allocated: number; max: number } {
  const [allocated, , max] = text.trim().split(/\s+/).map(Number);
  if (!Number.isFinite(allocated) || !Number.isFinite(max)) throw new Error(`file-nr: expected "allocated unused max", got "${text.trim()}"`);
  return { allocated: allocated!, max: max! };
}

export const fds: Probe<FdsData> = {
  id: 'fds',
  description: 'open files system-wide and per process against its own limit',
  reads: ['/proc/sys/fs/file-nr', '/proc/sys/fs/nr_open', '/etc/passwd', '/proc/[0-9]*', '/proc/[0-9]*/stat', '/proc/[0-9]*/status', '/proc/[0-9]*/limits', '/proc/[0-9]*/fd', '/proc/[0-9]*/fd/*'],
  async collect(ctx) {
    const { allocated, max } = parseFileNr(readRequired(ctx.path('/proc/sys/fs/file-nr')));
    const table = readProcTable(ctx);
    const top = table.procs
      .filter((p) => p.fds !== null && p.limits?.openFiles && Number.isFinite(p.limits.openFiles))
      .map((p) => ({ pid: p.pid, comm: p.comm, fds: p.fds!, limit: p.limits!.openFiles! }))
      .sort((a, b) => b.fds / b.limit - a.fds / a.limit)
      .slice(0, 10);
    // the five biggest in one pass: sorting thousands of processes for five is wasted
    const big: typeof table.procs = [];
    for (const p of table.procs) {
      if (!p.fds || (big.length === 5 && p.fds <= big[4]!.fds!)) continue;
      const at = big.findIndex((b) => b.fds! < p.fds!);
      big.splice(at < 0 ? big.length : at, 0, p);
      if (big.length > 5) big.pop();
    }
    const holders = big.map((p) => ({ pid: p.pid, comm: p.comm, user: userName(ctx, p.uid), fds: p.fds! }));
    return { allocated, max, nrOpen: readNumber(ctx.path('/proc/sys/fs/nr_open')), top, denied: table.denied, holders };
  },
  assess(d, t) {
    const system = usage({
      id: 'fds.system',
      resource: 'open files',
      subject: 'system (file-nr)',
      used: d.allocated,
      limit: d.max,
      level: t['file-nr'],
      hint: '"VFS: file-max limit reached"; raise fs.file-max or stop the biggest holder named here (ls -l /proc/PID/fd)',
    });
    // who holds them: fds per process (threads share one table; a forked child's copies count again)
    const holders = (d.holders ?? []).map((h) => `pid ${h.pid} (${h.comm}, ${h.user}) ${count(h.fds)}`).join(', ');
    const out: Finding[] = [holders ? { ...system, message: `${system.message}; most held by ${holders}` } : system];
    const full = d.top.filter((p) => p.fds / p.limit >= t['process-fds'].warn);
    for (const p of (full.length ? full : d.top.slice(0, 1)).slice(0, 5))
      out.push(
        usage({
          id: 'fds.process',
          resource: 'open files',
          subject: `${p.comm} [${p.pid}]`,
          used: p.fds,
          limit: p.limit,
          level: t['process-fds'],
          hint: '"Too many open files" (EMFILE) in this process; raise its LimitNOFILE or find the leak (ls -l /proc/PID/fd)',
        }),
      );
    return out;
  },
};
