// Processes and threads against pid_max, threads-max and each user's RLIMIT_NPROC; zombies and
// D-state tasks. fork() failing shows up as "Resource temporarily unavailable" or "Cannot allocate memory".
// Each finding names its culprit: the parent that does not reap, the user and the commands at their
// limit, the freezer cgroup that holds "stuck" tasks (frozen, not waiting for storage).
import { note, usage } from '../assess.js';
import { count } from '../format.js';
import { findFrozen } from '../freezer.js';
import { readProcTable, type Proc } from '../proctable.js';
import { readNumber, readOptional } from '../read.js';
import { userName } from '../users.js';
import type { Finding, Probe, ProbeContext } from '../types.js';

export interface FrozenGroup {
  version: 1 | 2;
  cgroup: string;
  /** The file that thaws it. */
  control: string;
  count: number;
  tasks: Array<{ pid: number; comm: string; state: string }>;
}

export interface ProcessesData {
  processes: number;
  threads: number;
  pidMax: number | null;
  threadsMax: number | null;
  zombies: number;
  /** Parents with unreaped children, most zombies first (older snapshots lack it). */
  zombieParents?: Array<{ ppid: number; comm: string; user: string; zombies: number }>;
  /** Uninterruptible sleep: usually storage or a hung network mount, or a v1 freezer cgroup. */
  dState: Array<{ pid: number; comm: string; frozenBy?: string; wchan?: string }>;
  /** Tasks per (non-root) user against the smallest soft "Max processes" among their processes. */
  users: Array<{ uid: number; user?: string; tasks: number; limit: number | null; top?: Array<{ comm: string; tasks: number }> }>;
  /** Cgroups frozen by the freezer, with the processes they hold. */
  frozen?: FrozenGroup[];
}

const SHOW = 5;
const plural = (n: number, one: string, many = one + 's') => `${count(n)} ${n === 1 ? one : many}`;

function zombieParents(procs: Proc[], user: (uid: number | null) => string): NonNullable<ProcessesData['zombieParents']> {
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const per = new Map<number, number>();
  for (const p of procs) if (p.state === 'Z') per.set(p.ppid, (per.get(p.ppid) ?? 0) + 1);
  return [...per]
    .map(([ppid, zombies]) => {
      const parent = byPid.get(ppid);
      return { ppid, comm: parent?.comm ?? '?', user: user(parent?.uid ?? null), zombies };
    })
    .sort((a, b) => b.zombies - a.zombies || a.ppid - b.ppid)
    .slice(0, SHOW);
}

/**
 * Where in the kernel a D-state task waits (/proc/PID/wchan: "rpc_wait_bit_killable" is NFS,
 * "fuse_..." a FUSE daemon, "folio_wait_..." or "io_schedule" the disk); "0" where symbols are hidden.
 */
function withWchan(ctx: ProbeContext, p: { pid: number; comm: string }): { pid: number; comm: string; wchan?: string } {
  try {
    const w = readOptional(ctx.path(`/proc/${p.pid}/wchan`))?.trim();
    return w && w !== '0' && /^[\w.]+$/.test(w) ? { ...p, wchan: w } : p;
  } catch {
    return p; // not permitted
  }
}

export const processes: Probe<ProcessesData> = {
  id: 'processes',
  description: 'processes and threads against pid_max, threads-max and RLIMIT_NPROC; zombies and their parents, D-state, frozen cgroups',
  reads: ['/proc/sys/kernel/pid_max', '/proc/sys/kernel/threads-max', '/etc/passwd', '/proc/[0-9]*/wchan', '/proc/[0-9]*/cmdline', '/sys/fs/cgroup/**', '/sys/fs/cgroup/**/cgroup.procs', '/sys/fs/cgroup/**/cgroup.freeze', '/sys/fs/cgroup/**/freezer.state', '/sys/fs/cgroup/**/freezer.self_freezing', '/proc/[0-9]*', '/proc/[0-9]*/stat', '/proc/[0-9]*/status', '/proc/[0-9]*/limits', '/proc/[0-9]*/fd'],
  async collect(ctx) {
    const { procs } = readProcTable(ctx);
    const byUid = new Map<number, { tasks: number; limit: number | null; comms: Map<string, number> }>();
    let threads = 0;
    let zombies = 0;
    const dState: ProcessesData['dState'] = [];
    for (const p of procs) {
      threads += p.threads || 1;
      if (p.state === 'Z') zombies++;
      if (p.state === 'D') dState.push({ pid: p.pid, comm: p.comm });
      if (p.kernel || p.uid === null || p.uid === 0) continue; // root is exempt from RLIMIT_NPROC
      const u = byUid.get(p.uid) ?? { tasks: 0, limit: null, comms: new Map() };
      u.tasks += p.threads || 1;
      u.comms.set(p.comm, (u.comms.get(p.comm) ?? 0) + (p.threads || 1));
      const lim = p.limits?.processes;
      if (lim != null && Number.isFinite(lim)) u.limit = u.limit === null ? lim : Math.min(u.limit, lim);
      byUid.set(p.uid, u);
    }
    const user = (uid: number | null) => userName(ctx, uid);
    const cgroups = findFrozen(ctx);
    // a map of thousands of processes only when something needs looking up in it
    const byPid = cgroups.length ? new Map(procs.map((p) => [p.pid, p])) : new Map<number, Proc>();
    const frozen: FrozenGroup[] = cgroups.map((g) => ({
      version: g.version,
      cgroup: g.path,
      control: g.control,
      count: g.pids.length,
      tasks: g.pids.slice(0, SHOW).map((pid) => ({ pid, comm: byPid.get(pid)?.comm ?? '?', state: byPid.get(pid)?.state ?? '?' })),
    }));
    const frozenBy = new Map(cgroups.flatMap((g) => g.pids.map((pid) => [pid, g.path] as const)));
    return {
      processes: procs.length,
      threads,
      pidMax: readNumber(ctx.path('/proc/sys/kernel/pid_max')),
      threadsMax: readNumber(ctx.path('/proc/sys/kernel/threads-max')),
      zombies,
      zombieParents: zombies ? zombieParents(procs, user) : [],
      dState: dState.slice(0, 20).map((p) => (frozenBy.has(p.pid) ? { ...p, frozenBy: frozenBy.get(p.pid)! } : withWchan(ctx, p))),
      users: [...byUid]
        .map(([uid, u]) => ({ uid, user: user(uid), tasks: u.tasks, limit: u.limit, top: [...u.comms].map(([comm, tasks]) => ({ comm, tasks })).sort((a, b) => b.tasks - a.tasks).slice(0, 3) }))
        .sort((a, b) => b.tasks - a.tasks),
      frozen,
    };
  },
  assess(d, t) {
    const out: Finding[] = [];
    // every task (thread) takes a pid
    if (d.pidMax) out.push(usage({ id: 'processes.pids', resource: 'pids', subject: 'pid_max', used: d.threads, limit: d.pidMax, level: t.pids, hint: 'fork fails with "Resource temporarily unavailable"; raise kernel.pid_max' }));
    if (d.threadsMax) out.push(usage({ id: 'processes.threads', resource: 'threads', subject: 'threads-max', used: d.threads, limit: d.threadsMax, level: t.threads, hint: 'thread creation fails; raise kernel.threads-max' }));
    const parents = d.zombieParents ?? [];
    for (const u of d.users.filter((u) => u.limit !== null).slice(0, 3)) {
      const f = usage({
        id: 'processes.nproc',
        resource: 'processes (RLIMIT_NPROC)',
        subject: `uid ${u.uid}`,
        used: u.tasks,
        limit: u.limit,
        level: t.nproc,
        hint: 'fork fails with "Resource temporarily unavailable" for this user only; raise LimitNPROC / ulimit -u',
      });
      // who: the user's name and the commands that make up their tasks (and any zombies they leave)
      const who = u.user && u.user !== `uid ${u.uid}` ? `user ${u.user}` : '';
      const top = (u.top ?? []).map((c) => `${c.comm} ${count(c.tasks)}`).join(', ');
      const theirs = parents.filter((p) => p.user === u.user);
      const reap = theirs.length ? `; unreaped zombies: ${theirs.map((p) => `${count(p.zombies)} of parent ${p.ppid} (${p.comm})`).join(', ')}` : '';
      out.push(who || top ? { ...f, message: `${f.message}${who ? `, ${who}` : ''}${top ? `: ${top}` : ''}${reap}` } : f);
    }
    if (d.zombies > 0) {
      const named = parents.map((p) => `parent ${p.ppid} (${p.comm}, ${p.user}) has ${plural(p.zombies, 'unreaped child', 'unreaped children')}`);
      const first = parents[0];
      out.push(
        note({
          id: 'processes.zombies',
          severity: d.zombies >= 100 ? 'warning' : 'info',
          resource: 'processes',
          subject: 'zombies',
          used: d.zombies,
          message: `${plural(d.zombies, 'zombie process', 'zombie processes')}${named.length ? `: ${named.join('; ')}` : ''}`,
          hint: first
            ? `each still holds a pid until parent ${first.ppid} (${first.comm}) waits for it: fix or restart that parent (killing the zombies does nothing)`
            : 'their parent does not reap them; each still holds a pid',
        }),
      );
    }
    if (d.dState.length > 0) {
      const frozen = d.dState.filter((p) => p.frozenBy);
      const allFrozen = frozen.length === d.dState.length;
      out.push(
        note({
          id: 'processes.d-state',
          severity: allFrozen ? 'info' : d.dState.length - frozen.length >= 5 ? 'warning' : 'info',
          resource: 'processes',
          subject: 'D state',
          used: d.dState.length,
          message: `${d.dState.length} task${d.dState.length === 1 ? '' : 's'} in uninterruptible sleep: ${d.dState
            .slice(0, SHOW)
            .map((p) => `${p.comm} [${p.pid}]${p.frozenBy ? ` (frozen by cgroup ${p.frozenBy})` : p.wchan ? ` in ${p.wchan}` : ''}`)
            .join(', ')}`,
          hint: allFrozen
            ? `frozen by the freezer cgroup ${frozen[0]!.frozenBy}, not stuck on storage: they run again when it is thawed (see the frozen finding)`
            : 'stuck on storage or a hung network mount (see filesystems); they raise the load without using CPU',
        }),
      );
    }
    for (const g of d.frozen ?? [])
      out.push(
        note({
          id: 'processes.frozen',
          severity: g.count > 0 ? 'warning' : 'info',
          resource: 'processes',
          subject: `cgroup ${g.cgroup}`,
          used: g.count,
          message: `cgroup ${g.cgroup} is frozen (freezer, cgroup v${g.version}): ${plural(g.count, 'process', 'processes')} stopped${g.tasks.length ? `: ${g.tasks.map((p) => `${p.comm} [${p.pid}] ${p.state}`).join(', ')}` : ''}`,
          hint: `nothing in it runs until it is thawed: ${g.version === 2 ? `echo 0 > ${g.control}` : `echo THAWED > ${g.control}`}; its tasks show as D or S but are not waiting for storage`,
        }),
      );
    return out;
  },
};
