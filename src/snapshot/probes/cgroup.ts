// The limits of our own cgroup and its ancestors, v1 and v2: memory, pids, CPU throttling, and the
// kernel's own failure counters (memory.events oom_kill, pids.events max, memory.failcnt) and peaks
// (memory.peak, pids.peak, memory.max_usage_in_bytes). In a container these are the limits that bite,
// whatever free and top say about the host. The counters have no time: now.ts grades them against
// the cgroup's use now (critical only at or near its limit, or rising since the previous sample).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { failures, note, usage } from '../assess.js';
import { judgeCounter, nowPhrase, stateNow } from '../now.js';
import { amount } from '../format.js';
import { parseKeyValues, readNumber, readOptional } from '../read.js';
import { parseMountinfo } from '../../util/mountinfo.js';
import { Absent, type Finding, type Probe, type ProbeContext } from '../types.js';

export interface CgMemory {
  version: 1 | 2;
  path: string;
  current: number;
  max: number;
  peak: number | null;
  events: Record<string, number>;
  /** v1: times usage hit the limit. */
  failcnt: number | null;
}
export interface CgPids {
  version: 1 | 2;
  path: string;
  current: number;
  max: number;
  peak: number | null;
  events: Record<string, number>;
}
export interface CgCpu {
  version: 1 | 2;
  path: string;
  /** CPUs allowed by the quota, null when unlimited. */
  cpus: number | null;
  periods: number;
  throttled: number;
}
export interface CgroupData {
  /** Our cgroup per hierarchy, as /proc/self/cgroup says. */
  own: Record<string, string>;
  memory: CgMemory[];
  pids: CgPids[];
  cpu: CgCpu[];
}

/** /proc/self/cgroup: "4:memory:/docker/abc" (v1) or "0::/system.slice/x.service" (v2). */
export function parseProcCgroup(text: string): Array<{ controllers: string[]; path: string }> {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const m = /^(\d+):([^:]*):(.*)$/.exec(l.trim());
      if (!m) throw new Error(`/proc/self/cgroup: expected "id:controllers:path", got "${l}"`);
      return { controllers: m[2] ? m[2].split(',') : [], path: m[3]! };
    });
}

/** v1 writes "unlimited" as the largest page-aligned 64-bit number. */
const limit = (n: number | null): number => (n === null || n >= 2 ** 60 || n < 0 ? Infinity : n);

/** The folder of our cgroup under a hierarchy mounted at `mountPoint` whose root is `mountRoot`. */
function cgroupDir(mountPoint: string, mountRoot: string, cgPath: string): string {
  const rel = mountRoot !== '/' && cgPath.startsWith(mountRoot) ? cgPath.slice(mountRoot.length) : cgPath;
  return path.join(mountPoint, rel);
}

/** From the cgroup up to the hierarchy's mount point. */
function ancestry(dir: string, top: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    out.push(d);
    if (d === top || d.length <= top.length || d === '/') break;
  }
  return out;
}

/** Our cgroups, read once per snapshot (psi reads them too, to tell a memory cgroup thrash from a slow disk). */
export function readCgroups(ctx: ProbeContext): CgroupData {
  return ctx.once('cgroup', () => collectCgroups(ctx));
}

function collectCgroups(ctx: ProbeContext): CgroupData {
  const own = readOptional(ctx.path('/proc/self/cgroup'));
  const mi = readOptional(ctx.path('/proc/self/mountinfo'));
  if (own === null || mi === null) throw new Absent('/proc/self/cgroup does not exist');
  const entries = parseProcCgroup(own);
  const mounts = parseMountinfo(mi).filter((m) => m.fsType === 'cgroup' || m.fsType === 'cgroup2');
  const rootOf = (mp: string) => (mi.split('\n').find((l) => l.split(' ')[4] === mp)?.split(' ')[3] ?? '/');
  const data: CgroupData = { own: {}, memory: [], pids: [], cpu: [] };
  const rel = (mp: string, d: string) => '/' + path.relative(ctx.path(mp), d);

  for (const e of entries) {
    const v2 = e.controllers.length === 0;
    data.own[v2 ? 'unified' : e.controllers.join(',')] = e.path;
    const mount = v2 ? mounts.find((m) => m.fsType === 'cgroup2') : mounts.find((m) => m.fsType === 'cgroup' && e.controllers.some((c) => m.superOptions.includes(c)));
    if (!mount) continue;
    let dir = cgroupDir(ctx.path(mount.mountPoint), rootOf(mount.mountPoint), e.path);
    if (!existsSync(dir)) dir = ctx.path(mount.mountPoint); // cgroup namespace: we see our own cgroup as the root
    const has = (c: string) => (v2 ? true : e.controllers.includes(c));
    for (const d of ancestry(dir, ctx.path(mount.mountPoint))) {
      const p = rel(mount.mountPoint, d);
      if (has('memory')) {
        const current = readNumber(`${d}/${v2 ? 'memory.current' : 'memory.usage_in_bytes'}`);
        if (current !== null) {
          const events = v2 ? parseKeyValues(readOptional(`${d}/memory.events`) ?? '') : parseKeyValues(readOptional(`${d}/memory.oom_control`) ?? '');
          data.memory.push({
            version: v2 ? 2 : 1,
            path: p,
            current,
            max: limit(readNumber(`${d}/${v2 ? 'memory.max' : 'memory.limit_in_bytes'}`)),
            peak: readNumber(`${d}/${v2 ? 'memory.peak' : 'memory.max_usage_in_bytes'}`),
            events,
            failcnt: v2 ? null : readNumber(`${d}/memory.failcnt`),
          });
        }
      }
      if (has('pids')) {
        const current = readNumber(`${d}/pids.current`);
        if (current !== null)
          data.pids.push({ version: v2 ? 2 : 1, path: p, current, max: limit(readNumber(`${d}/pids.max`)), peak: readNumber(`${d}/pids.peak`), events: parseKeyValues(readOptional(`${d}/pids.events`) ?? '') });
      }
      if (has('cpu')) {
        const stat = readOptional(`${d}/cpu.stat`);
        if (stat !== null) {
          const s = parseKeyValues(stat);
          let cpus: number | null = null;
          if (v2) {
            const [q, per] = (readOptional(`${d}/cpu.max`) ?? 'max').trim().split(/\s+/);
            if (q && q !== 'max') cpus = Number(q) / Number(per ?? 100000);
          } else {
            const q = readNumber(`${d}/cpu.cfs_quota_us`);
            if (q !== null && q > 0) cpus = q / (readNumber(`${d}/cpu.cfs_period_us`) ?? 100000);
          }
          data.cpu.push({ version: v2 ? 2 : 1, path: p, cpus, periods: s.nr_periods ?? 0, throttled: s.nr_throttled ?? 0 });
        }
      }
    }
  }
  if (!data.memory.length && !data.pids.length && !data.cpu.length) throw new Absent('no cgroup controllers readable');
  return data;
}

export const cgroup: Probe<CgroupData> = {
  id: 'cgroup',
  description: 'memory, pids and CPU limits of our cgroup and its parents (v1 and v2), with their failure counters',
  reads: ['/proc/self/cgroup', '/proc/self/mountinfo', '/sys/fs/cgroup/**', '/sys/fs/cgroup/**/cgroup.controllers', '/sys/fs/cgroup/**/memory.current', '/sys/fs/cgroup/**/memory.max', '/sys/fs/cgroup/**/memory.peak', '/sys/fs/cgroup/**/memory.events', '/sys/fs/cgroup/**/memory.usage_in_bytes', '/sys/fs/cgroup/**/memory.limit_in_bytes', '/sys/fs/cgroup/**/memory.max_usage_in_bytes', '/sys/fs/cgroup/**/memory.failcnt', '/sys/fs/cgroup/**/memory.oom_control', '/sys/fs/cgroup/**/pids.current', '/sys/fs/cgroup/**/pids.max', '/sys/fs/cgroup/**/pids.events', '/sys/fs/cgroup/**/pids.peak'],
  async collect(ctx) {
    return readCgroups(ctx);
  },
  assess(d, t, prev) {
    const out: Finding[] = [];
    for (const m of d.memory) {
      const subject = `memory ${m.path}`;
      if (Number.isFinite(m.max)) {
        out.push(usage({ id: 'cgroup.memory', resource: 'memory (cgroup)', subject, used: m.current, limit: m.max, unit: 'bytes', level: t['cgroup-memory'], hint: 'the kernel reclaims, then OOM-kills inside this cgroup; "Cannot allocate memory" although the host has memory free' }));
        if (m.peak !== null && m.peak >= m.max * t['cgroup-memory'].crit && m.current < m.max * t['cgroup-memory'].crit)
          out.push(note({ id: 'cgroup.memory-peak', severity: 'warning', resource: 'memory (cgroup)', subject, used: m.peak, limit: m.max, utilization: m.peak / m.max, unit: 'bytes', message: `memory ${m.path} peaked at its limit (${amount(m.peak, 'bytes')} of ${amount(m.max, 'bytes')}) although it is lower now: failures come and go`, hint: `${m.version === 2 ? 'memory.peak' : 'memory.max_usage_in_bytes'} is the high-water mark since the cgroup was created (or reset)` }));
      }
      const oomKill = m.events.oom_kill ?? 0;
      const oom = m.events.oom ?? 0;
      if (oomKill > 0 || (m.version === 2 && oom > 0)) {
        // a counter since the cgroup was created: critical only at the limit now or rising (now.ts)
        const pm = prev?.memory.find((x) => x.path === m.path && x.version === m.version);
        const state = stateNow({ what: `memory ${m.path}`, used: m.current, limit: m.max, unit: 'bytes' }, t['cgroup-memory']);
        const rose = pm ? (oomKill || oom) - ((pm.events.oom_kill ?? 0) || (pm.events.oom ?? 0)) : 0;
        out.push(
          note({
            id: 'cgroup.oom',
            severity: judgeCounter(oomKill || oom, pm ? (pm.events.oom_kill ?? 0) || (pm.events.oom ?? 0) : undefined, state.now),
            resource: 'memory (cgroup)',
            subject,
            used: oomKill || oom,
            message: `memory ${m.path}: ${m.version === 2 ? 'memory.events' : 'memory.oom_control'} counts ${oomKill} OOM kill${oomKill === 1 ? '' : 's'}${m.version === 2 ? ` and ${oom} OOM event${oom === 1 ? '' : 's'}` : ''} since the cgroup was created${rose > 0 ? `, ${rose} since the last sample` : ''}${nowPhrase(state)}`,
            hint: 'the cgroup ran out of memory; raise its limit or find the biggest process (census); kernel-log says when',
            past: { ageSeconds: null, ...state },
          }),
        );
      }
      if (m.version === 1 && m.events.under_oom) out.push(failures({ id: 'cgroup.under-oom', resource: 'memory (cgroup)', subject, count: 1, message: `memory ${m.path} is under OOM right now (oom_kill_disable is set, tasks are frozen)`, hint: 'free memory in the cgroup or raise memory.limit_in_bytes' }));
      const hits = m.version === 2 ? (m.events.max ?? 0) : (m.failcnt ?? 0);
      if (hits > 0 && oomKill === 0)
        out.push(note({ id: 'cgroup.memory-hits', severity: 'warning', resource: 'memory (cgroup)', subject, used: hits, message: `memory ${m.path} hit its limit ${hits} time${hits === 1 ? '' : 's'} (${m.version === 2 ? 'memory.events max' : 'memory.failcnt'}); the kernel reclaimed to stay under it`, hint: 'reclaim at the limit makes the workload slow; the next step is an OOM kill' }));
    }
    for (const p of d.pids) {
      const subject = `pids ${p.path}`;
      if (Number.isFinite(p.max)) {
        out.push(usage({ id: 'cgroup.pids', resource: 'pids (cgroup)', subject, used: p.current, limit: p.max, level: t['cgroup-pids'], hint: 'fork and thread creation fail with "Resource temporarily unavailable"; raise pids.max (TasksMax)' }));
        if (p.peak !== null && p.peak >= p.max && p.current < p.max * t['cgroup-pids'].crit)
          out.push(note({ id: 'cgroup.pids-peak', severity: 'warning', resource: 'pids (cgroup)', subject, used: p.peak, limit: p.max, utilization: p.peak / p.max, message: `pids ${p.path} peaked at its limit (${p.peak} of ${p.max}) although it is lower now: failures come and go`, hint: 'pids.peak is the high-water mark' }));
      }
      const rejected = p.events.max ?? 0;
      if (rejected > 0) {
        const pp = prev?.pids.find((x) => x.path === p.path && x.version === p.version);
        const state = stateNow({ what: `pids ${p.path}`, used: p.current, limit: p.max }, t['cgroup-pids']);
        const rose = pp ? rejected - (pp.events.max ?? 0) : 0;
        out.push(
          note({
            id: 'cgroup.pids-rejected',
            severity: judgeCounter(rejected, pp?.events.max ?? (pp ? 0 : undefined), state.now),
            resource: 'pids (cgroup)',
            subject,
            used: rejected,
            message: `pids ${p.path}: pids.events counts ${rejected} fork${rejected === 1 ? '' : 's'} rejected at pids.max (${Number.isFinite(p.max) ? p.max : 'max'}) since the cgroup was created${rose > 0 ? `, ${rose} since the last sample` : ''}${nowPhrase(state)}`,
            hint: 'a fork bomb or a runaway worker pool; the kernel logs "fork rejected by pids controller" (kernel-log says when)',
            past: { ageSeconds: null, ...state },
          }),
        );
      }
    }
    for (const c of d.cpu) {
      if (c.cpus === null || c.periods === 0) continue;
      out.push(usage({ id: 'cgroup.cpu-throttled', resource: 'CPU throttling (cgroup)', subject: `cpu ${c.path} (quota ${c.cpus.toFixed(2)} CPUs)`, used: c.throttled, limit: c.periods, level: t['cgroup-throttle'], message: `cpu ${c.path}: throttled in ${c.throttled} of ${c.periods} periods (${Math.round((c.throttled / c.periods) * 100)} %) by a quota of ${c.cpus.toFixed(2)} CPUs`, hint: 'the quota, not the host, limits CPU: latency rises while top shows idle CPU' }));
    }
    return out;
  },
};
