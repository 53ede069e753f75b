// Memory maps per process against vm.max_map_count. At the limit mmap, malloc, thread creation and
// mprotect fail with ENOMEM, "Cannot allocate memory", with gigabytes free: the classic Elasticsearch
// and JVM failure (many mapped index files, many threads). Counting maps means reading
// /proc/PID/maps, which is expensive and takes the process's mmap lock, so only candidates are read:
// every map spans at least one page, so VmSize in pages bounds the count (thread stacks are in it
// too), and a process whose bound is below the warning level cannot be near the limit.
import { note, usage } from '../assess.js';
import { PAGE, readProcTable } from '../proctable.js';
import { readNumber } from '../read.js';
import { Absent, type Finding, type Probe } from '../types.js';

export interface MapsData {
  maxMapCount: number;
  /** Processes whose VmSize allows them near the limit (the ones read). */
  candidates: number;
  /** Map counts, most first. */
  processes: Array<{ pid: number; command: string; maps: number }>;
  /** Candidates whose maps did not answer in time (a process stuck holding its mmap lock). */
  stuck: Array<{ pid: number; command: string }>;
}

/** At most this many candidates are read, the biggest first: the cost stays bounded on any machine. */
const MAX_CANDIDATES = 20;
const TIMEOUT_MS = 2000;

/** Candidates for reading maps: userland processes whose VmSize in pages reaches `floor` maps, biggest first. */
export function mapCandidates<P extends { kernel: boolean; vsize: number }>(procs: P[], floor: number): P[] {
  return procs.filter((p) => !p.kernel && p.vsize / PAGE >= floor).sort((a, b) => b.vsize - a.vsize);
}

export const maps: Probe<MapsData> = {
  id: 'maps',
  description: 'memory maps of the biggest processes against vm.max_map_count',
  reads: ['/proc/sys/vm/max_map_count', '/proc/[0-9]*/maps@biggest', '/proc/[0-9]*', '/proc/[0-9]*/stat', '/proc/[0-9]*/status', '/proc/[0-9]*/limits', '/proc/[0-9]*/fd'],
  async collect(ctx) {
    const max = readNumber(ctx.path('/proc/sys/vm/max_map_count'));
    if (max === null) throw new Absent('/proc/sys/vm/max_map_count does not exist');
    const all = mapCandidates(readProcTable(ctx).procs, max * ctx.thresholds['map-count'].warn);
    const chosen = all.slice(0, MAX_CANDIDATES);
    // counted in the isolating child: a process stuck with its mmap lock held hangs only that child
    const counts = chosen.length ? await ctx.linesIsolated(chosen.map((p) => `/proc/${p.pid}/maps`), TIMEOUT_MS) : [];
    const processes: MapsData['processes'] = [];
    const stuck: MapsData['stuck'] = [];
    chosen.forEach((p, i) => {
      const n = counts[i];
      if (n && 'stuck' in n) stuck.push({ pid: p.pid, command: p.comm });
      else if (n && 'ok' in n) processes.push({ pid: p.pid, command: p.comm, maps: n.ok });
    });
    return { maxMapCount: max, candidates: all.length, processes: processes.sort((a, b) => b.maps - a.maps), stuck };
  },
  assess(d, t) {
    const out: Finding[] = d.processes.slice(0, 3).map((p) =>
      usage({
        id: 'maps.count',
        resource: 'memory maps',
        subject: `${p.command} [${p.pid}]`,
        used: p.maps,
        limit: d.maxMapCount,
        level: t['map-count'],
        hint: `mmap, malloc and new threads of ${p.command} fail with "Cannot allocate memory" although memory is free; raise vm.max_map_count (Elasticsearch asks for 262144)`,
      }),
    );
    if (d.processes.length === 0 && d.stuck.length === 0)
      out.push(note({ id: 'maps.count', severity: 'info', resource: 'memory maps', subject: 'all', limit: d.maxMapCount, message: `no process is big enough to come near vm.max_map_count (${d.maxMapCount.toLocaleString('en-US')} maps)`, hint: '' }));
    if (d.stuck.length) {
      const who = d.stuck.map((p) => `${p.command} [${p.pid}]`).join(', ');
      out.push(note({ id: 'maps.stuck', severity: 'warning', resource: 'memory maps', subject: who, message: `the memory maps of ${d.stuck.length > 1 ? `one of ${who}` : who} did not answer within ${TIMEOUT_MS / 1000} s`, hint: 'a process holds its mmap lock: it is stuck in the kernel (a hung mount, a page fault on dead storage); ps -o pid,stat,wchan shows which is in D state' }));
    }
    return out;
  },
};
