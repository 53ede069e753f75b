// File descriptors: system-wide (file-nr against file-max) and per process against that process's own
// soft "Max open files" ("Too many open files" hits one process long before the system runs out).
import { usage } from '../assess.js';
import { readProcTable } from '../proctable.js';
import { readNumber, readRequired } from '../read.js';
import type { Finding, Probe } from '../types.js';

export interface FdsData {
  allocated: number;
  max: number;
  nrOpen: number | null;
  /** Processes using the biggest share of their own limit, fullest first. */
  top: Array<{ pid: number; comm: string; fds: number; limit: number }>;
  /** Processes whose fds we may not count. */
  denied: number;
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
  async collect(ctx) {
    const { allocated, max } = parseFileNr(readRequired(ctx.path('/proc/sys/fs/file-nr')));
    const table = readProcTable(ctx);
    const top = table.procs
      .filter((p) => p.fds !== null && p.limits?.openFiles && Number.isFinite(p.limits.openFiles))
      .map((p) => ({ pid: p.pid, comm: p.comm, fds: p.fds!, limit: p.limits!.openFiles! }))
      .sort((a, b) => b.fds / b.limit - a.fds / a.limit)
      .slice(0, 10);
    return { allocated, max, nrOpen: readNumber(ctx.path('/proc/sys/fs/nr_open')), top, denied: table.denied };
  },
  assess(d, t) {
    const out: Finding[] = [
      usage({
        id: 'fds.system',
        resource: 'open files',
        subject: 'system (file-nr)',
        used: d.allocated,
        limit: d.max,
        level: t['file-nr'],
        hint: '"VFS: file-max limit reached"; raise fs.file-max or find the leaking process below',
      }),
    ];
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
