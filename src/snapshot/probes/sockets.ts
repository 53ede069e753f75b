// Socket counts and TCP memory (/proc/net/sockstat) against tcp_mem and tcp_max_orphans. Past tcp_mem's
// third value the kernel logs "TCP: out of memory" and drops; past the orphan limit it resets connections.
import { note, usage } from '../assess.js';
import { readNumber, readOptional, readRequired } from '../read.js';
import type { Finding, Probe } from '../types.js';

export type Sockstat = Record<string, Record<string, number>>;
export interface SocketsData {
  sockstat: Sockstat;
  sockstat6: Sockstat | null;
  /** tcp_mem in pages: below low no pressure, above high allocations fail. */
  tcpMem: { low: number; pressure: number; high: number } | null;
  maxOrphans: number | null;
}

/** Parses "TCP: inuse 1 orphan 0 tw 0 alloc 1 mem 62" lines into {TCP: {inuse: 1, ...}}. */
export function parseSockstat(text: string): Sockstat {
  const out: Sockstat = {};
  for (const line of text.split('\n')) {
    const m = /^(\w+):\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const f = m[2]!.split(/\s+/);
    const row: Record<string, number> = {};
    for (let i = 0; i + 1 < f.length; i += 2) row[f[i]!] = Number(f[i + 1]);
    out[m[1]!] = row;
  }
  return out;
}

export function parseTcpMem(text: string): SocketsData['tcpMem'] {
  const [low, pressure, high] = text.trim().split(/\s+/).map(Number);
  return Number.isFinite(high) ? { low: low!, pressure: pressure!, high: high! } : null;
}

export const sockets: Probe<SocketsData> = {
  id: 'sockets',
  description: 'sockets in use, orphaned TCP sockets and TCP memory',
  reads: ['/proc/sys/net/ipv4/tcp_mem', '/proc/net/sockstat', '/proc/net/sockstat6', '/proc/sys/net/ipv4/tcp_max_orphans'],
  async collect(ctx) {
    const tcpMem = readOptional(ctx.path('/proc/sys/net/ipv4/tcp_mem'));
    const s6 = readOptional(ctx.path('/proc/net/sockstat6'));
    return {
      sockstat: parseSockstat(readRequired(ctx.path('/proc/net/sockstat'))),
      sockstat6: s6 === null ? null : parseSockstat(s6),
      tcpMem: tcpMem === null ? null : parseTcpMem(tcpMem),
      maxOrphans: readNumber(ctx.path('/proc/sys/net/ipv4/tcp_max_orphans')),
    };
  },
  assess(d, t) {
    const out: Finding[] = [];
    const tcp = d.sockstat.TCP ?? {};
    if (d.tcpMem && tcp.mem !== undefined)
      out.push(
        usage({
          id: 'sockets.tcp-mem',
          resource: 'TCP memory',
          subject: 'tcp_mem',
          used: tcp.mem * 4096,
          limit: d.tcpMem.high * 4096,
          unit: 'bytes',
          level: t['tcp-mem'],
          hint: '"TCP: out of memory -- consider tuning tcp_mem" in the kernel log; connections stall or reset',
        }),
      );
    if (d.maxOrphans && tcp.orphan !== undefined)
      out.push(
        usage({
          id: 'sockets.orphans',
          resource: 'orphaned TCP sockets',
          subject: 'tcp_max_orphans',
          used: tcp.orphan,
          limit: d.maxOrphans,
          level: t.orphans,
          hint: '"too many orphaned sockets": the kernel resets connections; many clients vanish without closing',
        }),
      );
    const used = d.sockstat.sockets?.used;
    if (used !== undefined)
      out.push(
        note({
          id: 'sockets.used',
          severity: 'info',
          resource: 'sockets',
          subject: 'all',
          used,
          message: `${used} sockets (TCP ${(tcp.inuse ?? 0) + (d.sockstat6?.TCP6?.inuse ?? 0)} in use, ${tcp.tw ?? 0} TIME_WAIT, ${tcp.orphan ?? 0} orphaned)`,
          hint: '',
        }),
      );
    return out;
  },
};
