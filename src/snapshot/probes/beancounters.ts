// OpenVZ / Virtuozzo user beancounters: the container's own quotas (sockets, kernel memory, processes,
// files). This is where the seed's "unable to create sockets: Cannot allocate memory" came from. failcnt
// counts refusals since the container started (no time: critical only at the limit now or rising);
// maxheld shows a limit that was hit and let go again.
import { note, usage } from '../assess.js';
import { judgeCounter, stateNow } from '../now.js';
import { amount } from '../format.js';
import { readRequired } from '../read.js';
import type { Finding, Probe } from '../types.js';

export interface BeancounterRow {
  uid: string;
  resource: string;
  held: number;
  maxheld: number;
  barrier: number;
  limit: number;
  failcnt: number;
}

const UNLIMITED = 2 ** 62;
/** Guarantees, not limits: reaching the barrier is normal. */
const GUARANTEES = new Set(['vmguarpages', 'oomguarpages', 'physpages']);

/** Parses /proc/user_beancounters (the uid appears only on each container's first row). */
export function parseBeancounters(text: string): BeancounterRow[] {
  const out: BeancounterRow[] = [];
  let uid = '';
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim() || /^\s*(Version|uid)\b/.test(line)) continue;
    let f = line.trim().split(/\s+/);
    if (f[0]!.endsWith(':')) {
      uid = f[0]!.slice(0, -1);
      f = f.slice(1);
    }
    if (f.length !== 6 || f.slice(1).some((v) => !/^\d+$/.test(v))) throw new Error(`user_beancounters:${i + 1}: expected "resource held maxheld barrier limit failcnt", got "${line.trim()}"`);
    const [held, maxheld, barrier, limit, failcnt] = f.slice(1).map(Number) as [number, number, number, number, number];
    if (f[0] === 'dummy') continue;
    out.push({ uid, resource: f[0]!, held, maxheld, barrier, limit, failcnt });
  }
  return out;
}

/** What each row's exhaustion looks like to programs. */
export const HINTS: Record<string, string> = {
  kmemsize: 'kernel memory for the container: "Cannot allocate memory" from fork, sockets, files',
  numothersock: 'non-TCP sockets (unix, UDP): "unable to create sockets", local services cannot talk',
  numtcpsock: 'TCP sockets: new connections fail',
  othersockbuf: 'buffers of unix and UDP sockets: sends fail or block',
  tcpsndbuf: 'TCP send buffers: connections stall',
  tcprcvbuf: 'TCP receive buffers: connections stall',
  privvmpages: 'allocated memory: malloc and fork fail with "Cannot allocate memory"',
  physpages: 'RAM of the container',
  numproc: 'processes and threads: fork fails',
  numfile: 'open files: "Too many open files"',
  numflock: 'file locks',
  numpty: 'pseudo terminals: ssh logins fail',
  numsiginfo: 'pending signals',
  dcachesize: 'dentry cache: "Cannot allocate memory" on file operations',
  numiptent: 'iptables rules',
  lockedpages: 'locked memory',
  shmpages: 'shared memory',
  vmguarpages: 'guaranteed memory',
  oomguarpages: 'OOM guarantee',
};

export const beancounters: Probe<BeancounterRow[]> = {
  id: 'beancounters',
  description: 'OpenVZ/Virtuozzo user beancounters: held, peak and refusals per resource',
  reads: ['/proc/user_beancounters'],
  async collect(ctx) {
    return parseBeancounters(readRequired(ctx.path('/proc/user_beancounters'), '/proc/user_beancounters (not an OpenVZ/Virtuozzo container)'));
  },
  assess(rows, t, prev) {
    const out: Finding[] = [];
    for (const r of rows) {
      const subject = `${r.resource}${r.uid && r.uid !== '0' ? ` (ct ${r.uid})` : ''}`;
      const cap = Math.min(r.barrier, r.limit);
      const limited = cap > 0 && cap < UNLIMITED;
      const hint = HINTS[r.resource] ?? 'a container quota set by the hoster';
      const unit = r.resource.endsWith('size') || r.resource.endsWith('buf') ? 'bytes' : 'count';
      const n = (v: number) => amount(v, unit);
      if (r.failcnt > 0) {
        // failcnt has no time: critical only when the row is at or near its limit now, or rising (now.ts)
        const p = prev?.find((x) => x.uid === r.uid && x.resource === r.resource);
        const state = stateNow(limited ? { what: r.resource, used: r.held, limit: cap, unit } : null, t.beancounter);
        const rose = p ? r.failcnt - p.failcnt : 0;
        const nowWords = state.now === 'at-limit' ? ': at its limit now' : state.now === 'recovered' ? ': below its limit now' : '';
        out.push(
          note({
            id: 'beancounters.failcnt',
            severity: judgeCounter(r.failcnt, p?.failcnt, state.now),
            resource: 'beancounter',
            subject,
            used: r.failcnt,
            message: `beancounter ${r.resource}: ${r.failcnt} allocation${r.failcnt === 1 ? '' : 's'} refused (failcnt) since the container started${rose > 0 ? `, ${rose} since the last sample` : ''}; holds ${n(r.held)}, peaked at ${n(r.maxheld)}, barrier ${limited ? n(r.barrier) : 'unlimited'}${nowWords}`,
            hint: `${hint}; ask the hoster to raise it or use less`,
            past: { ageSeconds: null, ...state },
          }),
        );
      }
      if (!limited || GUARANTEES.has(r.resource)) continue;
      const f = usage({ id: 'beancounters.held', resource: 'beancounter', subject, used: r.held, limit: cap, unit, level: t.beancounter, hint });
      // the refusals already say it loudly; the row stays for the usage table
      out.push(r.failcnt > 0 ? { ...f, severity: 'info' } : f);
      if (r.failcnt === 0 && r.maxheld >= cap * t.beancounter.crit && r.held < cap * t.beancounter.crit)
        out.push(note({ id: 'beancounters.peak', severity: 'warning', resource: 'beancounter', subject, used: r.maxheld, limit: cap, utilization: r.maxheld / cap, message: `beancounter ${r.resource} peaked at its limit (maxheld ${n(r.maxheld)} of ${n(cap)}) although it is lower now: failures come and go`, hint }));
    }
    return out;
  },
};
