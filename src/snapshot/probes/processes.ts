// Processes and threads against pid_max, threads-max and each user's RLIMIT_NPROC; zombies and
// D-state tasks. fork() failing shows up as "Resource temporarily unavailable" or "Cannot allocate memory".
import { note, usage } from '../assess.js';
import { readProcTable } from '../proctable.js';
import { readNumber } from '../read.js';
import type { Finding, Probe } from '../types.js';

export interface ProcessesData {
  processes: number;
  threads: number;
  pidMax: number | null;
  threadsMax: number | null;
  zombies: number;
  /** Uninterruptible sleep: usually storage or a hung network mount. */
  dState: Array<{ pid: number; comm: string }>;
  /** Tasks per (non-root) user against the smallest soft "Max processes" among their processes. */
  users: Array<{ uid: number; tasks: number; limit: number | null }>;
}

export const processes: Probe<ProcessesData> = {
  id: 'processes',
  description: 'processes and threads against pid_max, threads-max and RLIMIT_NPROC; zombies, D-state',
  async collect(ctx) {
    const { procs } = readProcTable(ctx);
    const byUid = new Map<number, { tasks: number; limit: number | null }>();
    let threads = 0;
    let zombies = 0;
    const dState: ProcessesData['dState'] = [];
    for (const p of procs) {
      threads += p.threads || 1;
      if (p.state === 'Z') zombies++;
      if (p.state === 'D') dState.push({ pid: p.pid, comm: p.comm });
      if (p.kernel || p.uid === null || p.uid === 0) continue; // root is exempt from RLIMIT_NPROC
      const u = byUid.get(p.uid) ?? { tasks: 0, limit: null };
      u.tasks += p.threads || 1;
      const lim = p.limits?.processes;
      if (lim != null && Number.isFinite(lim)) u.limit = u.limit === null ? lim : Math.min(u.limit, lim);
      byUid.set(p.uid, u);
    }
    return {
      processes: procs.length,
      threads,
      pidMax: readNumber(ctx.path('/proc/sys/kernel/pid_max')),
      threadsMax: readNumber(ctx.path('/proc/sys/kernel/threads-max')),
      zombies,
      dState: dState.slice(0, 20),
      users: [...byUid].map(([uid, u]) => ({ uid, ...u })).sort((a, b) => b.tasks - a.tasks),
    };
  },
  assess(d, t) {
    const out: Finding[] = [];
    // every task (thread) takes a pid
    if (d.pidMax) out.push(usage({ id: 'processes.pids', resource: 'pids', subject: 'pid_max', used: d.threads, limit: d.pidMax, level: t.pids, hint: 'fork fails with "Resource temporarily unavailable"; raise kernel.pid_max' }));
    if (d.threadsMax) out.push(usage({ id: 'processes.threads', resource: 'threads', subject: 'threads-max', used: d.threads, limit: d.threadsMax, level: t.threads, hint: 'thread creation fails; raise kernel.threads-max' }));
    for (const u of d.users.filter((u) => u.limit !== null).slice(0, 3))
      out.push(
        usage({
          id: 'processes.nproc',
          resource: 'processes (RLIMIT_NPROC)',
          subject: `uid ${u.uid}`,
          used: u.tasks,
          limit: u.limit,
          level: t.nproc,
          hint: 'fork fails with "Resource temporarily unavailable" for this user only; raise LimitNPROC / ulimit -u',
        }),
      );
    if (d.zombies > 0)
      out.push(note({ id: 'processes.zombies', severity: d.zombies >= 100 ? 'warning' : 'info', resource: 'processes', subject: 'zombies', used: d.zombies, message: `${d.zombies} zombie process${d.zombies === 1 ? '' : 'es'}`, hint: 'their parent does not reap them; each still holds a pid' }));
    if (d.dState.length > 0)
      out.push(
        note({
          id: 'processes.d-state',
          severity: d.dState.length >= 5 ? 'warning' : 'info',
          resource: 'processes',
          subject: 'D state',
          used: d.dState.length,
          message: `${d.dState.length} task${d.dState.length === 1 ? '' : 's'} in uninterruptible sleep: ${d.dState.slice(0, 5).map((p) => `${p.comm} [${p.pid}]`).join(', ')}`,
          hint: 'stuck on storage or a hung network mount (see filesystems); they raise the load without using CPU',
        }),
      );
    return out;
  },
};
