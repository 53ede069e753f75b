// System V IPC against its limits: semaphore arrays (kernel.sem SEMMNI) and semaphores (SEMMNS),
// shared memory segments (kernel.shmmni) and pages (kernel.shmall), message queues (kernel.msgmni).
// At a limit semget, shmget and msgget fail with ENOSPC, "No space left on device", on a disk with
// room to spare: Apache's "could not create accept mutex", PostgreSQL's "could not create semaphores".
// Arrays left behind by crashed programs stay until ipcrm or a reboot. Per IPC namespace (a container
// sees its own), as is everything read here.
import { usage } from '../assess.js';
import { PAGE, readProcTable } from '../proctable.js';
import { listDir, readNumber, readOptional } from '../read.js';
import { userLabel, userNames } from '../users.js';
import { Absent, type Finding, type Probe, type ProbeContext } from '../types.js';

export type IpcKind = 'sem' | 'shm' | 'msg';

/** /proc/sysvipc/{sem,shm,msg}: a header of column names, then one row of numbers per object. */
export function parseSysvipc(text: string): Array<Record<string, number>> {
  const [head, ...rows] = text.split('\n');
  const names = (head ?? '').trim().split(/\s+/);
  return rows
    .map((r) => r.trim())
    .filter(Boolean)
    .map((r) => Object.fromEntries(r.split(/\s+/).map((v, i) => [names[i] ?? `col${i}`, Number(v)])));
}

/** kernel.sem: "SEMMSL SEMMNS SEMOPM SEMMNI" (semaphores per array, in all, per semop, arrays). */
export function parseSemLimits(text: string): { semmsl: number; semmns: number; semopm: number; semmni: number } | null {
  const n = text.trim().split(/\s+/).map(Number);
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) return null;
  return { semmsl: n[0]!, semmns: n[1]!, semopm: n[2]!, semmni: n[3]! };
}

export interface IpcOwner {
  uid: number;
  /** "www-data (uid 33)" */
  user: string;
  /** Objects of this kind owned by the uid. */
  count: number;
  /** Commands of the creating / last pids still alive ("pids"), else what that user runs most ("user"). */
  commands: string[];
  via: 'pids' | 'user';
}

export interface SysvipcData {
  sem: { arrays: number; semaphores: number; semmni: number | null; semmns: number | null; owner: IpcOwner | null } | null;
  shm: { segments: number; pages: number; shmmni: number | null; shmall: number | null; owner: IpcOwner | null } | null;
  msg: { queues: number; msgmni: number | null; owner: IpcOwner | null } | null;
}

/** Columns that hold a pid per kind: the creator and last user of a segment, last sender and receiver of a queue. */
const PID_COLUMNS: Record<IpcKind, string[]> = { sem: [], shm: ['cpid', 'lpid'], msg: ['lspid', 'lrpid'] };

/** The uid holding most objects, named, with the commands behind them where the kernel tells. */
export function topOwner(rows: Array<Record<string, number>>, kind: IpcKind, names: Map<number, string>, comms: Map<number, string>, userComms: Map<number, string>): IpcOwner | null {
  const per = new Map<number, Array<Record<string, number>>>();
  for (const r of rows) {
    if (r.uid === undefined) continue;
    const mine = per.get(r.uid) ?? [];
    mine.push(r);
    per.set(r.uid, mine);
  }
  const top = [...per].sort((a, b) => b[1].length - a[1].length)[0];
  if (!top) return null;
  const [uid, mine] = top;
  const commands = new Set<string>();
  for (const r of mine) for (const c of PID_COLUMNS[kind]) if (r[c] && comms.has(r[c])) commands.add(comms.get(r[c])!);
  const via = commands.size ? 'pids' : 'user';
  if (via === 'user' && userComms.has(uid)) commands.add(userComms.get(uid)!);
  return { uid, user: userLabel(uid, names), count: mine.length, commands: [...commands].slice(0, 3), via };
}

/** pid -> command, and per uid the command it runs most, from the shared process table. */
function processNames(ctx: ProbeContext): { comms: Map<number, string>; userComms: Map<number, string> } {
  const { procs } = readProcTable(ctx);
  const comms = new Map<number, string>();
  const counts = new Map<number, Map<string, number>>();
  for (const p of procs) {
    if (p.kernel || p.uid === null) continue;
    comms.set(p.pid, p.comm);
    const c = counts.get(p.uid) ?? new Map<string, number>();
    c.set(p.comm, (c.get(p.comm) ?? 0) + 1);
    counts.set(p.uid, c);
  }
  const userComms = new Map([...counts].map(([uid, c]) => [uid, [...c].sort((a, b) => b[1] - a[1])[0]![0]]));
  return { comms, userComms };
}

export const sysvipc: Probe<SysvipcData> = {
  id: 'sysvipc',
  description: 'System V semaphores, shared memory and message queues against kernel.sem, shmmni, shmall, msgmni',
  reads: ['/proc/sysvipc', '/proc/sysvipc/*', '/proc/sys/kernel/sem', '/proc/sys/kernel/shmmni', '/proc/sys/kernel/shmall', '/proc/sys/kernel/msgmni', '/etc/passwd', '/proc/[0-9]*', '/proc/[0-9]*/stat', '/proc/[0-9]*/status', '/proc/[0-9]*/limits', '/proc/[0-9]*/fd'],
  async collect(ctx) {
    if (listDir(ctx.path('/proc/sysvipc')).length === 0) throw new Absent('/proc/sysvipc does not exist (kernel without System V IPC)');
    const rows = {
      sem: parseSysvipc(readOptional(ctx.path('/proc/sysvipc/sem')) ?? ''),
      shm: parseSysvipc(readOptional(ctx.path('/proc/sysvipc/shm')) ?? ''),
      msg: parseSysvipc(readOptional(ctx.path('/proc/sysvipc/msg')) ?? ''),
    };
    // owners only matter when there is something to own: an idle machine skips the process table
    const any = rows.sem.length + rows.shm.length + rows.msg.length > 0;
    const names = any ? userNames(ctx) : new Map<number, string>();
    const { comms, userComms } = any ? processNames(ctx) : { comms: new Map(), userComms: new Map() };
    const owner = (k: IpcKind) => topOwner(rows[k], k, names, comms, userComms);
    const sem = parseSemLimits(readOptional(ctx.path('/proc/sys/kernel/sem')) ?? '');
    return {
      sem: { arrays: rows.sem.length, semaphores: rows.sem.reduce((n, r) => n + (r.nsems ?? 0), 0), semmni: sem?.semmni ?? null, semmns: sem?.semmns ?? null, owner: owner('sem') },
      shm: {
        segments: rows.shm.length,
        pages: rows.shm.reduce((n, r) => n + Math.ceil((r.size ?? 0) / PAGE), 0),
        shmmni: readNumber(ctx.path('/proc/sys/kernel/shmmni')),
        shmall: readNumber(ctx.path('/proc/sys/kernel/shmall')),
        owner: owner('shm'),
      },
      msg: { queues: rows.msg.length, msgmni: readNumber(ctx.path('/proc/sys/kernel/msgmni')), owner: owner('msg') },
    };
  },
  assess(d, t) {
    const out: Finding[] = [];
    const add = (o: { id: string; resource: string; subject: string; used: number; limit: number | null; unit?: 'bytes'; owner: IpcOwner | null; what: string; ipcs: string; hint: string }) => {
      // nothing held, nothing to say; an "unlimited" shmall (2^64 - 2^24 by default) is no limit
      if (!o.limit || o.used === 0 || o.limit > Number.MAX_SAFE_INTEGER) return;
      const f = usage({ id: o.id, resource: o.resource, subject: o.subject, used: o.used, limit: o.limit, unit: o.unit, level: t.sysvipc, hint: o.hint });
      if (o.owner) {
        const cmds = o.owner.commands.join(', ');
        const who = o.owner.via === 'user' && cmds ? `${o.owner.user}, who runs ${cmds}` : o.owner.user;
        f.message += `, most held by ${who}: ${o.owner.count} ${o.what}${o.owner.via === 'pids' ? `, made or last used by ${cmds}` : ''}`;
        f.hint += `, or remove what ${o.owner.user} left behind (ipcs ${o.ipcs} -c -p, ipcrm)`;
      }
      out.push(f);
    };
    const enospc = (call: string, sysctl: string) => `${call} fails with "No space left on device" although the disk has room; raise ${sysctl}`;
    if (d.sem) {
      add({ id: 'sysvipc.sem-arrays', resource: 'semaphore arrays', subject: 'kernel.sem SEMMNI', used: d.sem.arrays, limit: d.sem.semmni, owner: d.sem.owner, what: 'arrays', ipcs: '-s', hint: enospc('semget (Apache: "could not create accept mutex")', 'kernel.sem (4th value)') });
      add({ id: 'sysvipc.semaphores', resource: 'semaphores', subject: 'kernel.sem SEMMNS', used: d.sem.semaphores, limit: d.sem.semmns, owner: d.sem.owner, what: 'arrays', ipcs: '-s', hint: enospc('semget', 'kernel.sem (2nd value)') });
    }
    if (d.shm) {
      add({ id: 'sysvipc.shm-segments', resource: 'shared memory segments', subject: 'kernel.shmmni', used: d.shm.segments, limit: d.shm.shmmni, owner: d.shm.owner, what: 'segments', ipcs: '-m', hint: enospc('shmget', 'kernel.shmmni') });
      add({ id: 'sysvipc.shm-pages', resource: 'shared memory', subject: 'kernel.shmall', used: d.shm.pages * PAGE, limit: d.shm.shmall === null ? null : d.shm.shmall * PAGE, unit: 'bytes', owner: d.shm.owner, what: 'segments', ipcs: '-m', hint: enospc('shmget', 'kernel.shmall (pages)') });
    }
    if (d.msg) add({ id: 'sysvipc.msg-queues', resource: 'message queues', subject: 'kernel.msgmni', used: d.msg.queues, limit: d.msg.msgmni, owner: d.msg.owner, what: 'queues', ipcs: '-q', hint: enospc('msgget', 'kernel.msgmni') });
    return out;
  },
};
