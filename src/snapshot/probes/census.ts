// The process census: userland processes grouped by command with count, memory and fds. A crowd of one
// command (the seed's cleanup and spamassassin swarm) stands out here before anywhere else.
import { note } from '../assess.js';
import { PAGE, readProcTable } from '../proctable.js';
import type { Finding, Probe } from '../types.js';

export interface CensusGroup {
  command: string;
  count: number;
  threads: number;
  rss: number;
  fds: number;
  /** One command line of the group, when readable (redacted by the runner, as all probe data). */
  example?: string;
}
/** /proc/PID/cmdline separates arguments with NUL. */
export const cmdlineText = (raw: string): string => raw.replace(/\0+$/, '').split('\0').join(' ');

export interface CensusData {
  userland: number;
  kernelThreads: number;
  groups: CensusGroup[];
}

/** Minimum size of a crowd worth a warning (with the share threshold "crowd"). */
const CROWD_MIN = 100;
const INFO_MIN = 20;

export const census: Probe<CensusData> = {
  id: 'census',
  description: 'processes grouped by command: count, memory, open files',
  reads: ['/proc/[0-9]*', '/proc/[0-9]*/stat', '/proc/[0-9]*/status', '/proc/[0-9]*/limits', '/proc/[0-9]*/fd', '/proc/[0-9]*/cmdline'],
  async collect(ctx) {
    const { procs } = readProcTable(ctx);
    const groups = new Map<string, CensusGroup & { pid: number }>();
    let kernelThreads = 0;
    for (const p of procs) {
      if (p.kernel) {
        kernelThreads++;
        continue;
      }
      const g = groups.get(p.comm) ?? { command: p.comm, count: 0, threads: 0, rss: 0, fds: 0, pid: p.pid };
      g.count++;
      g.threads += p.threads;
      g.rss += p.rssPages * PAGE;
      g.fds += p.fds ?? 0;
      groups.set(p.comm, g);
    }
    const top = [...groups.values()].sort((a, b) => b.count - a.count || b.rss - a.rss).slice(0, 15);
    // cmdline takes the target's mm lock and can hang on a stuck process: read it in the isolated child
    const lines = await ctx.readIsolated(
      top.slice(0, 8).map((g) => `/proc/${g.pid}/cmdline`),
      1000,
    );
    return {
      userland: procs.length - kernelThreads,
      kernelThreads,
      groups: top.map(({ pid: _pid, ...g }, i) => {
        const l = lines[i];
        return l && 'ok' in l && l.ok ? { ...g, example: cmdlineText(l.ok) } : g;
      }),
    };
  },
  assess(d, t) {
    const out: Finding[] = [];
    for (const g of d.groups) {
      if (g.count < INFO_MIN) break;
      const share = g.count / Math.max(1, d.userland);
      out.push(
        note({
          id: 'census.crowd',
          severity: g.count >= CROWD_MIN && share >= t.crowd.warn ? 'warning' : 'info',
          resource: 'processes',
          subject: g.command,
          used: g.count,
          limit: d.userland,
          utilization: share,
          message: `${g.count} ${g.command} processes (${Math.round(share * 100)} % of ${d.userland}), ${Math.round(g.rss / 2 ** 20)} MiB RSS, ${g.fds} open files`,
          hint: 'a crowd of one command is a symptom: what feeds it (mail queue, requests) and what it waits for',
        }),
      );
    }
    return out;
  },
};
