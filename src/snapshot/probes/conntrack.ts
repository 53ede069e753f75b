// Netfilter connection tracking: a full table drops new connections ("nf_conntrack: table full,
// dropping packet") while everything else looks idle.
import { failures, usage } from '../assess.js';
import { readNumber, readOptional } from '../read.js';
import { Absent, type Finding, type Probe } from '../types.js';

export interface ConntrackData {
  count: number;
  max: number;
  /** Summed over CPUs from /proc/net/stat/nf_conntrack, when readable. */
  stats: Record<string, number> | null;
}

/** /proc/net/stat/nf_conntrack: a header of names, then one row of hex counters per CPU. */
export function parseConntrackStat(text: string): Record<string, number> {
  const [head, ...rows] = text.trim().split('\n');
  const names = (head ?? '').trim().split(/\s+/);
  const out: Record<string, number> = {};
  for (const row of rows) {
    row.trim().split(/\s+/).forEach((v, i) => {
      const n = names[i];
      if (n && n !== 'entries') out[n] = (out[n] ?? 0) + parseInt(v, 16);
    });
  }
  return out;
}

export const conntrack: Probe<ConntrackData> = {
  id: 'conntrack',
  description: 'netfilter conntrack entries against nf_conntrack_max, dropped packets',
  async collect(ctx) {
    const count = readNumber(ctx.path('/proc/sys/net/netfilter/nf_conntrack_count'));
    const max = readNumber(ctx.path('/proc/sys/net/netfilter/nf_conntrack_max')) ?? readNumber(ctx.path('/proc/sys/net/nf_conntrack_max'));
    if (count === null || max === null) throw new Absent('no conntrack (nf_conntrack not loaded)');
    const stat = readOptional(ctx.path('/proc/net/stat/nf_conntrack'));
    return { count, max, stats: stat === null ? null : parseConntrackStat(stat) };
  },
  assess(d, t) {
    const out: Finding[] = [
      usage({
        id: 'conntrack.entries',
        resource: 'conntrack',
        subject: 'nf_conntrack_max',
        used: d.count,
        limit: d.max,
        level: t.conntrack,
        hint: 'new connections are dropped ("nf_conntrack: table full, dropping packet"); raise net.netfilter.nf_conntrack_max or shorten timeouts',
      }),
    ];
    const dropped = (d.stats?.drop ?? 0) + (d.stats?.early_drop ?? 0) + (d.stats?.insert_failed ?? 0);
    if (dropped > 0)
      out.push(
        failures({
          id: 'conntrack.drops',
          resource: 'conntrack',
          subject: '/proc/net/stat/nf_conntrack',
          count: dropped,
          message: `conntrack dropped or failed to insert ${dropped} entries since boot (drop ${d.stats?.drop ?? 0}, early_drop ${d.stats?.early_drop ?? 0}, insert_failed ${d.stats?.insert_failed ?? 0})`,
          hint: 'the table was full: packets of new connections were lost',
        }),
      );
    return out;
  },
};
