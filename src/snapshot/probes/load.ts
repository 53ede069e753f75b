// Load average against the number of CPUs, and where CPU time goes (iowait and steal matter most on
// a VPS: a noisy neighbour shows up as steal).
import { usage } from '../assess.js';
import { readRequired } from '../read.js';
import type { Finding, Probe } from '../types.js';

export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface LoadData {
  load1: number;
  load5: number;
  load15: number;
  running: number;
  /** Scheduling entities (threads) in the system, from loadavg's "running/total". */
  tasks: number;
  cpus: number;
  /** Share of CPU time over the sample (or since boot). */
  cpu: { busy: number; iowait: number; steal: number; sampledMs: number };
}

export function parseLoadavg(text: string): Pick<LoadData, 'load1' | 'load5' | 'load15' | 'running' | 'tasks'> {
  const f = text.trim().split(/\s+/);
  const [running, tasks] = (f[3] ?? '').split('/').map(Number);
  if (f.length < 4 || !Number.isFinite(running) || !Number.isFinite(tasks)) throw new Error(`/proc/loadavg: expected "1.00 0.50 0.25 2/180 1234", got "${text.trim()}"`);
  return { load1: Number(f[0]), load5: Number(f[1]), load15: Number(f[2]), running: running!, tasks: tasks! };
}

/** The aggregate "cpu" line of /proc/stat and the number of per-CPU lines. */
export function parseProcStatCpu(text: string): { total: CpuTimes; cpus: number } {
  let total: CpuTimes | null = null;
  let cpus = 0;
  for (const line of text.split('\n')) {
    if (/^cpu\d/.test(line)) cpus++;
    else if (line.startsWith('cpu ')) {
      const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
      total = { user: user!, nice: nice!, system: system!, idle: idle!, iowait: iowait ?? 0, irq: irq ?? 0, softirq: softirq ?? 0, steal: steal ?? 0 };
    }
  }
  if (!total) throw new Error('/proc/stat: no "cpu" line');
  return { total, cpus: Math.max(1, cpus) };
}

export function cpuShares(a: CpuTimes | null, b: CpuTimes): { busy: number; iowait: number; steal: number } {
  const d = (k: keyof CpuTimes) => b[k] - (a?.[k] ?? 0);
  const all = d('user') + d('nice') + d('system') + d('idle') + d('iowait') + d('irq') + d('softirq') + d('steal');
  if (all <= 0) return { busy: 0, iowait: 0, steal: 0 };
  return { busy: (all - d('idle') - d('iowait')) / all, iowait: d('iowait') / all, steal: d('steal') / all };
}

export const load: Probe<LoadData> = {
  id: 'load',
  description: 'load average per CPU, CPU busy, iowait and steal',
  reads: ['/proc/stat', '/proc/loadavg'],
  async collect(ctx) {
    const statFile = ctx.path('/proc/stat');
    const first = parseProcStatCpu(readRequired(statFile));
    let before: CpuTimes | null = null;
    let now = first;
    if (ctx.sampleMs > 0) {
      before = first.total;
      await new Promise((r) => setTimeout(r, ctx.sampleMs));
      now = parseProcStatCpu(readRequired(statFile));
    }
    return { ...parseLoadavg(readRequired(ctx.path('/proc/loadavg'))), cpus: now.cpus, cpu: { ...cpuShares(before, now.total), sampledMs: ctx.sampleMs } };
  },
  assess(d, t) {
    const out: Finding[] = [
      usage({
        id: 'load.per-cpu',
        resource: 'load',
        subject: `15 min, ${d.cpus} CPU${d.cpus === 1 ? '' : 's'}`,
        used: d.load15,
        limit: d.cpus,
        unit: 'ratio',
        level: t.load,
        message: `load ${d.load1.toFixed(2)} ${d.load5.toFixed(2)} ${d.load15.toFixed(2)} on ${d.cpus} CPU${d.cpus === 1 ? '' : 's'} (${(d.load15 / d.cpus).toFixed(2)} per CPU over 15 min)`,
        hint: 'load counts runnable and D-state (waiting for disk or NFS, or for a memory cgroup at its limit to read back its evicted pages) tasks; see psi and processes for which',
      }),
    ];
    out.push({
      id: 'load.cpu',
      severity: 'info',
      resource: 'cpu',
      subject: d.cpu.sampledMs ? `${d.cpu.sampledMs} ms sample` : 'since boot',
      used: d.cpu.busy * 100,
      limit: 100,
      utilization: d.cpu.busy,
      unit: 'percent',
      message: `CPU ${(d.cpu.busy * 100).toFixed(0)} % busy, iowait ${(d.cpu.iowait * 100).toFixed(0)} %, steal ${(d.cpu.steal * 100).toFixed(0)} %`,
      hint: 'steal is CPU time the hypervisor gave to other guests',
    });
    return out;
  },
};
