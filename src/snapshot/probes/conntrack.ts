// Netfilter connection tracking: a full table drops new connections ("nf_conntrack: table full,
// dropping packet") while everything else looks idle.
import { note, usage } from '../assess.js';
import { judgeCounter, nowPhrase, stateNow } from '../now.js';
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
  reads: ['/proc/sys/net/netfilter/nf_conntrack_count', '/proc/sys/net/netfilter/nf_conntrack_max', '/proc/sys/net/nf_conntrack_max', '/proc/net/stat/nf_conntrack'],
  async collect(ctx) {
    const count = readNumber(ctx.path('/proc/sys/net/netfilter/nf_conntrack_count'));
    const max = readNumber(ctx.path('/proc/sys/net/netfilter/nf_conntrack_max')) ?? readNumber(ctx.path('/proc/sys/net/nf_conntrack_max'));
    if (count === null || max === null) throw new Absent('no conntrack (nf_conntrack not loaded)');
    const stat = readOptional(ctx.path('/proc/net/stat/nf_conntrack'));
    return { count, max, stats: stat === null ? null : parseConntrackStat(stat) };
  },
  assess(d, t, prev) {
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
    const drops = (x: ConntrackData | undefined) => (x?.stats?.drop ?? 0) + (x?.stats?.early_drop ?? 0) + (x?.stats?.insert_failed ?? 0);
    const dropped = drops(d);
    if (dropped > 0) {
      // counters since boot: critical only when the table is at or near full now, or they rise (now.ts)
      const state = stateNow({ what: 'the table', used: d.count, limit: d.max }, t.conntrack);
      const rose = prev?.stats ? dropped - drops(prev) : 0;
      out.push(
        note({
          id: 'conntrack.drops',
          severity: judgeCounter(dropped, prev?.stats ? drops(prev) : undefined, state.now),
          resource: 'conntrack',
          subject: '/proc/net/stat/nf_conntrack',
          used: dropped,
          message: `conntrack dropped or failed to insert ${dropped} entries since boot (drop ${d.stats?.drop ?? 0}, early_drop ${d.stats?.early_drop ?? 0}, insert_failed ${d.stats?.insert_failed ?? 0})${rose > 0 ? `, ${rose} since the last sample` : ''}${nowPhrase(state)}`,
          hint: 'the table was full: packets of new connections were lost',
          past: { ageSeconds: null, ...state },
        }),
      );
    }
    return out;
  },
};
