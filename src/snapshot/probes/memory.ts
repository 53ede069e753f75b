// Memory and swap from /proc/meminfo. "Used" is what cannot be reclaimed: MemTotal - MemAvailable
// (free alone looks alarming on any healthy machine because of the page cache).
import { usage } from '../assess.js';
import { parseKeyValues, readRequired } from '../read.js';
import type { Finding, Probe } from '../types.js';

export interface MemoryData {
  total: number;
  available: number;
  swapTotal: number;
  swapFree: number;
  /** Shared memory (tmpfs, SysV): cannot be reclaimed while the files exist. */
  shmem: number;
}

export function parseMeminfo(text: string): Record<string, number> {
  return parseKeyValues(text);
}

export function memoryData(mi: Record<string, number>): MemoryData {
  if (mi.MemTotal === undefined) throw new Error('/proc/meminfo: no MemTotal line');
  // MemAvailable exists since Linux 3.14; estimate it on older kernels
  const available = mi.MemAvailable ?? (mi.MemFree ?? 0) + (mi.Cached ?? 0) + (mi.Buffers ?? 0);
  return { total: mi.MemTotal, available, swapTotal: mi.SwapTotal ?? 0, swapFree: mi.SwapFree ?? 0, shmem: mi.Shmem ?? 0 };
}

export const memory: Probe<MemoryData> = {
  id: 'memory',
  description: 'memory and swap in use (MemTotal - MemAvailable)',
  reads: ['/proc/meminfo'],
  async collect(ctx) {
    return memoryData(parseMeminfo(readRequired(ctx.path('/proc/meminfo'))));
  },
  assess(d, t) {
    const out: Finding[] = [
      usage({
        id: 'memory.ram',
        resource: 'memory',
        subject: 'RAM',
        used: d.total - d.available,
        limit: d.total,
        unit: 'bytes',
        level: t.memory,
        hint: 'processes fail with "Cannot allocate memory" or are OOM-killed; see census for the biggest',
      }),
    ];
    if (d.swapTotal > 0)
      out.push(
        usage({
          id: 'memory.swap',
          resource: 'swap',
          subject: 'swap',
          used: d.swapTotal - d.swapFree,
          limit: d.swapTotal,
          unit: 'bytes',
          level: t.swap,
          hint: 'when swap is full the OOM killer comes next',
        }),
      );
    return out;
  },
};
