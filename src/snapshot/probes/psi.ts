// Pressure stall information: the share of time tasks waited for CPU, memory or IO. Unlike
// utilization it measures the damage directly (Linux 4.20+, may be disabled with psi=0).
import { levelOf } from '../assess.js';
import { listDir, readOptional } from '../read.js';
import { Absent, type Finding, type Probe } from '../types.js';

export interface PsiLine {
  avg10: number;
  avg60: number;
  avg300: number;
  total: number;
}
export type PsiData = Record<string, { some?: PsiLine; full?: PsiLine }>;

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
  async collect(ctx) {
    const dir = ctx.path('/proc/pressure');
    const names = listDir(dir).filter((n) => ['cpu', 'memory', 'io'].includes(n));
    if (!names.length) throw new Absent('/proc/pressure does not exist (kernel without PSI, or psi=0)');
    const out: PsiData = {};
    for (const n of names) out[n] = parsePressure(readOptional(`${dir}/${n}`) ?? '');
    return out;
  },
  assess(d, t) {
    const out: Finding[] = [];
    // cpu: "some" (full is meaningless system-wide); memory and io: "full" means nothing ran at all.
    const pick = { cpu: ['some', t['psi-cpu']], memory: ['full', t['psi-memory']], io: ['full', t['psi-io']] } as const;
    for (const [res, [kind, level]] of Object.entries(pick)) {
      const line = d[res]?.[kind];
      if (!line) continue;
      const u = line.avg60 / 100;
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
        hint: res === 'memory' ? 'tasks wait for reclaim or swap: see memory, swap and cgroup limits' : res === 'io' ? 'tasks wait for storage: a slow or dying disk, or a hung network mount' : 'more runnable work than CPU (or a cgroup CPU quota)',
      });
    }
    return out;
  },
};
