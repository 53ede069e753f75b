// Memory maps per process against vm.max_map_count. At the limit mmap, malloc, thread creation and
// mprotect fail with ENOMEM, "Cannot allocate memory", with gigabytes free: the classic Elasticsearch
// and JVM failure (many mapped index files, many threads). Counting maps means reading
// /proc/PID/maps, which is expensive and takes the process's mmap lock, so only candidates are read:
// every map spans at least one page, so VmSize in pages bounds the count (thread stacks are in it
// too), and a process whose bound is below the warning level cannot be near the limit.
import { spawn } from 'node:child_process';
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

/**
 * `wc -l -- FILE...` output ("  995 /proc/900/maps" per file, then "total"): each file's count; a file
 * wc could not read (the process exited) is null, and with `stuck` set (wc killed at the deadline,
 * before it printed) every file not counted is "stuck".
 */
export function parseCounts(text: string, files: string[], stuck: boolean): Array<number | null | 'stuck'> {
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+) (.*)$/.exec(line);
    if (m) counts.set(m[2]!, Number(m[1]));
  }
  return files.map((f) => counts.get(f) ?? (stuck ? 'stuck' : null));
}

/**
 * Counts the lines of the files with one `wc` killed at the deadline, so that a process stuck with
 * its mmap lock held can hang only wc, never us (like statfs and cmdline in isolate.ts). One exec for
 * all: forks are what costs on a loaded machine, and a hang is rare.
 */
function countLines(files: string[], timeoutMs: number): Promise<Array<number | null | 'stuck'>> {
  return new Promise((resolve) => {
    let text = '';
    let settled = false;
    const child = spawn('wc', ['-l', '--', ...files], { stdio: ['ignore', 'pipe', 'ignore'], detached: true, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } });
    const finish = (counts: Array<number | null | 'stuck'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout.destroy();
      child.unref();
      resolve(counts);
    };
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
      finish(parseCounts(text, files, true));
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (s: string) => (text += s));
    child.on('close', () => finish(parseCounts(text, files, false)));
    child.on('error', () => finish(files.map(() => null))); // no wc here: unknown, not stuck
  });
}

export const maps: Probe<MapsData> = {
  id: 'maps',
  description: 'memory maps of the biggest processes against vm.max_map_count',
  async collect(ctx) {
    const max = readNumber(ctx.path('/proc/sys/vm/max_map_count'));
    if (max === null) throw new Absent('/proc/sys/vm/max_map_count does not exist');
    const all = mapCandidates(readProcTable(ctx).procs, max * ctx.thresholds['map-count'].warn);
    const chosen = all.slice(0, MAX_CANDIDATES);
    const counts = chosen.length ? await countLines(chosen.map((p) => ctx.path(`/proc/${p.pid}/maps`)), TIMEOUT_MS) : [];
    const processes: MapsData['processes'] = [];
    const stuck: MapsData['stuck'] = [];
    chosen.forEach((p, i) => {
      const n = counts[i];
      if (n === 'stuck') stuck.push({ pid: p.pid, command: p.comm });
      else if (typeof n === 'number') processes.push({ pid: p.pid, command: p.comm, maps: n });
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
