// Pressure stall information: the share of time tasks waited for CPU, memory or IO. Unlike
// utilization it measures the damage directly (Linux 4.20+, may be disabled with psi=0).
import { levelOf } from '../assess.js';
import { amount, count, pct } from '../format.js';
import { listDir, readOptional } from '../read.js';
import type { Thresholds } from '../thresholds.js';
import { Absent, type Finding, type Probe } from '../types.js';
import { readCgroups, type CgroupData } from './cgroup.js';

/**
 * A memory cgroup at its limit that keeps hitting it (hits above zero, or rising since the previous
 * sample) turns its page cache into disk reads: high io pressure is then its thrash, not the disk.
 */
function thrashing(d: PsiData, t: Thresholds, prev?: PsiData): NonNullable<PsiData['memcgs']>[number] | null {
  const hot = (d.memcgs ?? []).filter((m) => {
    const before = prev?.memcgs?.find((p) => p.path === m.path && p.version === m.version);
    return m.current >= m.max * t['cgroup-memory'].warn && (before ? m.hits > before.hits : m.hits > 0);
  });
  return hot.sort((a, b) => b.current / b.max - a.current / a.max)[0] ?? null;
}

export interface PsiLine {
  avg10: number;
  avg60: number;
  avg300: number;
  total: number;
}
export type PsiData = Record<string, { some?: PsiLine; full?: PsiLine }> & {
  /** Our memory cgroups that have hit their limit (memory.events max, v1 failcnt): io pressure may be theirs. */
  memcgs?: Array<{ path: string; version: 1 | 2; current: number; max: number; hits: number }>;
};

/** Parses "some avg10=0.00 avg60=0.00 avg300=0.00 total=0" lines. */
export function parsePressure(text: string): { some?: PsiLine; full?: PsiLine } {
  const out: { some?: PsiLine; full?: PsiLine } = {};
  for (const line of text.split('\n')) {
    const m = /^(some|full)\s+avg10=([\d.]+)\s+avg60=([\d.]+)\s+avg300=([\d.]+)\s+total=(\d+)/.exec(line.trim());
    if (m) out[m[1] as 'some' | 'full'] = { avg10: Number(m[2]), avg60: Number(m[3]), avg300: Number(m[4]), total: Number(m[5]) };
  }
  return out;
}

export const psi: Probe<PsiData> = {
  id: 'psi',
  description: 'pressure stall information for cpu, memory and io',
  reads: ['/proc/pressure', '/proc/pressure/*'],
  async collect(ctx) {
    const dir = ctx.path('/proc/pressure');
    const names = listDir(dir).filter((n) => ['cpu', 'memory', 'io'].includes(n));
    if (!names.length) throw new Absent('/proc/pressure does not exist (kernel without PSI, or psi=0)');
    const out: PsiData = {};
    for (const n of names) out[n] = parsePressure(readOptional(`${dir}/${n}`) ?? '');
    let cg: CgroupData | null = null;
    try {
      cg = readCgroups(ctx); // read once per snapshot, shared with the cgroup probe
    } catch {
      /* no cgroups here: io pressure is the disk's */
    }
    out.memcgs = (cg?.memory ?? []).filter((m) => Number.isFinite(m.max)).map((m) => ({ path: m.path, version: m.version, current: m.current, max: m.max, hits: m.version === 2 ? (m.events.max ?? 0) : (m.failcnt ?? 0) }));
    return out;
  },
  assess(d, t, prev) {
    const out: Finding[] = [];
    // cpu: "some" (full is meaningless system-wide); memory and io: "full" means nothing ran at all.
    const pick = { cpu: ['some', t['psi-cpu']], memory: ['full', t['psi-memory']], io: ['full', t['psi-io']] } as const;
    for (const [res, [kind, level]] of Object.entries(pick)) {
      const line = (d[res] as { some?: PsiLine; full?: PsiLine } | undefined)?.[kind];
      if (!line) continue;
      const u = line.avg60 / 100;
      const thrash = res === 'io' && u >= level.warn ? thrashing(d, t, prev) : null;
      if (thrash) {
        const memory = d.memory?.full?.avg60;
        out.push({
          id: 'psi.memcg-thrash',
          severity: levelOf(u, level),
          resource: 'memory (cgroup)',
          subject: `memory ${thrash.path}`,
          used: line.avg60,
          limit: 100,
          utilization: u,
          unit: 'percent',
          message: `memory cgroup thrash: memory ${thrash.path} sits at ${pct(thrash.current / thrash.max)} of its limit (${amount(thrash.max, 'bytes')}) and hit it ${count(thrash.hits)} times (${thrash.version === 2 ? 'memory.events max' : 'memory.failcnt'}); all tasks stalled on io ${line.avg60.toFixed(1)} % of the last minute${memory !== undefined ? ` while memory pressure is ${memory.toFixed(1)} %` : ''}: its pages are evicted and read back from disk`,
          hint: 'not a slow disk: raise the memory limit of that cgroup (memory.max, systemd MemoryMax=) or shrink what it keeps in memory',
        });
        continue;
      }
      out.push({
        id: `psi.${res}`,
        severity: levelOf(u, level),
        resource: `${res} pressure`,
        subject: `${kind} avg60`,
        used: line.avg60,
        limit: 100,
        utilization: u,
        unit: 'percent',
        message: `${res} pressure: ${kind === 'full' ? 'all' : 'some'} tasks stalled ${line.avg60.toFixed(1)} % of the last minute (avg10 ${line.avg10.toFixed(1)} %)`,
        hint: res === 'memory' ? 'tasks wait for reclaim or swap: see memory, swap and cgroup limits' : res === 'io' ? 'tasks wait for storage: a slow or dying disk, a hung network mount, or a memory cgroup re-reading its evicted pages (see cgroup)' : 'more runnable work than CPU (or a cgroup CPU quota)',
      });
    }
    return out;
  },
};
