// Kernel messages that name an exhausted resource (OOM kills, full conntrack, read-only remounts,
// hung tasks, rejected forks), counted as events (one OOM kill is one, however many lines it printed)
// per kind and per what they name, each checked against that resource now (now.ts). Reads /dev/kmsg without
// blocking (root or dmesg_restrict=0), else /var/log/kern.log or /var/log/messages.
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { note } from '../assess.js';
import { readLive } from '../live-resource.js';
import { ago, judgeEvent, LOG_WINDOW_SECONDS, nowPhrase, RECENT_SECONDS, stateNow, type LiveResource } from '../now.js';
import { parseUptime } from './host.js';
import { readOptional } from '../read.js';
import { Absent, type Finding, type Probe, type ProbeContext, type Severity } from '../types.js';

export interface LogLine {
  /** Seconds ago, when known. */
  age: number | null;
  text: string;
}

const KINDS: Array<{ kind: string; re: RegExp; severity: Severity; what: string }> = [
  { kind: 'oom', re: /oom-kill:|Killed process/, severity: 'critical', what: 'OOM killer' }, // read by kernelEvents
  { kind: 'conntrack-full', re: /nf_conntrack: table full, dropping packet/, severity: 'critical', what: 'conntrack table full' },
  { kind: 'tcp-oom', re: /TCP: out of memory/, severity: 'critical', what: 'TCP out of memory' },
  { kind: 'orphans', re: /too many orphaned sockets/, severity: 'critical', what: 'too many orphaned sockets' },
  { kind: 'file-max', re: /VFS: file-max limit \d+ reached/, severity: 'critical', what: 'file-max reached' },
  { kind: 'pids-rejected', re: /fork rejected by pids controller/, severity: 'critical', what: 'fork rejected by pids controller' },
  { kind: 'remount-ro', re: /Remounting filesystem read-only|remounted read-only|shutting down filesystem/i, severity: 'critical', what: 'filesystem went read-only' },
  { kind: 'fs-error', re: /(EXT4-fs|BTRFS) error \(|(EXT4-fs|XFS|BTRFS)[^:]*: .*(error|corrupt)/i, severity: 'warning', what: 'filesystem errors' },
  { kind: 'io-error', re: /I\/O error|critical medium error|blk_update_request: .*error/i, severity: 'warning', what: 'I/O errors' },
  { kind: 'hung-task', re: /blocked for more than \d+ seconds/, severity: 'warning', what: 'hung tasks' },
  { kind: 'nfs', re: /nfs: server .* not responding/, severity: 'warning', what: 'NFS server not responding' },
  { kind: 'syn-flood', re: /Possible SYN flooding/i, severity: 'warning', what: 'SYN flooding' },
  { kind: 'segfault', re: /segfault at/, severity: 'info', what: 'segfaults' },
];

/** /dev/kmsg records: "6,1234,5678901,-;message" (priority, sequence, µs since boot, flags). */
export function parseKmsg(text: string, uptimeSeconds: number | null): LogLine[] {
  const out: LogLine[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+,\d+,(\d+),[^;]*;(.*)$/.exec(line);
    if (m) out.push({ age: uptimeSeconds === null ? null : Math.max(0, uptimeSeconds - Number(m[1]) / 1e6), text: m[2]! });
  }
  return out;
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
/** Syslog lines: "Mar 14 09:12:03 host kernel: ..." or RFC 3339 "2026-03-14T09:12:03.1+01:00 host kernel: ...". */
export function parseSyslog(text: string, now: Date): LogLine[] {
  const out: LogLine[] = [];
  for (const line of text.split('\n')) {
    if (!/kernel:/.test(line)) continue;
    let at: number | null = null;
    const iso = /^(\d{4}-\d\d-\d\dT\S+)/.exec(line);
    const bsd = /^(\w{3})\s+(\d+) (\d\d):(\d\d):(\d\d)/.exec(line);
    if (iso) at = Date.parse(iso[1]!);
    else if (bsd) {
      const d = new Date(now.getFullYear(), MONTHS.indexOf(bsd[1]!), Number(bsd[2]), Number(bsd[3]), Number(bsd[4]), Number(bsd[5]));
      if (d.getTime() > now.getTime() + 86400e3) d.setFullYear(d.getFullYear() - 1); // December's log read in January
      at = d.getTime();
    }
    out.push({ age: at === null || Number.isNaN(at) ? null : Math.max(0, (now.getTime() - at) / 1000), text: line.slice(line.indexOf('kernel:') + 7).trim() });
  }
  return out;
}

/** One event: an OOM kill (however many lines the kernel printed for it), a rejected fork, a remount. */
export interface KernelEvent {
  kind: string;
  age: number | null;
  text: string;
  /** What the kernel names: the memory cgroup whose limit was hit, the pids cgroup, the device; null for the whole machine. */
  subject: string | null;
  /** OOM kills: the killed task, "stress [4321]", and its own cgroup when that differs. */
  task?: string;
  /** OOM kills in a memory cgroup: its limit then (bytes), from "memory: usage 10240kB, limit 10240kB, failcnt 57". */
  limitThen?: number;
}

/** The subject of a memory cgroup OOM kill whose report the kernel rate-limited away. */
export const UNNAMED_MEMCG = '(unnamed: report rate-limited)';

const field = (line: string, key: string) => new RegExp(`(?:^|[:,])${key}=([^,]*)`).exec(line)?.[1];

/**
 * Kernel lines to events. An OOM kill prints a whole report ("invoked oom-killer", a memory summary,
 * a task table, "oom-kill:constraint=...", "Killed process N"): it is one event, named from its
 * `oom-kill:` line (4.19+: oom_memcg, task_memcg, task, pid) or, on older kernels, from "Task in X
 * killed as a result of limit of Y" and "Killed process N (comm)".
 */
export function kernelEvents(lines: LogLine[]): KernelEvent[] {
  const out: KernelEvent[] = [];
  const kills = new Map<string, KernelEvent>();
  let report: { memcg?: string; taskMemcg?: string; limitThen?: number } = {};
  for (const l of lines) {
    const t = l.text;
    if (/invoked oom-killer/.test(t)) {
      report = {};
      continue;
    }
    const mem = /^memory: usage \d+kB, limit (\d+)kB/.exec(t);
    if (mem) {
      report.limitThen = Number(mem[1]) * 1024;
      continue;
    }
    const old = /Task in (\S+) killed as a result of limit of (\S+)/.exec(t);
    if (old) {
      report.taskMemcg = old[1];
      report.memcg = old[2];
      continue;
    }
    let kill: { pid?: string; comm?: string } | null = null;
    if (/^oom-kill:/.test(t)) kill = { pid: field(t, 'pid'), comm: field(t, 'task') };
    else {
      // "Killed process N (comm)" (old kernels print "Kill process N ... or sacrifice child" before it)
      const m = /Killed process (\d+) \(([^)]*)\)/.exec(t);
      if (m) kill = { pid: m[1], comm: m[2] };
    }
    if (kill && kill.pid) {
      const seen = kills.get(kill.pid);
      // the same kill's next line (pid numbers are reused, but not within a minute)
      if (seen && (seen.age === l.age || (seen.age !== null && l.age !== null && Math.abs(seen.age - l.age) < 60))) continue;
      const global = /^oom-kill:/.test(t) ? /,global_oom/.test(t) : !/Memory cgroup out of memory/.test(t) && !report.memcg;
      const memcg = field(t, 'oom_memcg') ?? report.memcg;
      const taskMemcg = field(t, 'task_memcg') ?? report.taskMemcg;
      const e: KernelEvent = {
        kind: 'oom',
        age: l.age,
        text: t,
        // a rate-limited report prints only "Memory cgroup out of memory: Killed process": which cgroup is unknown
        subject: global ? null : (memcg ?? UNNAMED_MEMCG),
        task: `${kill.comm ?? '?'} [${kill.pid}]${taskMemcg && taskMemcg !== memcg && taskMemcg !== '/' ? ` in ${taskMemcg}` : ''}`,
        ...(report.limitThen !== undefined && !global ? { limitThen: report.limitThen } : {}),
      };
      kills.set(kill.pid, e);
      out.push(e);
      report = {};
      continue;
    }
    const k = KINDS.find((k) => k.kind !== 'oom' && k.re.test(t));
    if (!k) continue;
    const subject = k.kind === 'pids-rejected' ? (/pids controller in (\S+)/.exec(t)?.[1] ?? null) : /^(remount-ro|fs-error)$/.test(k.kind) ? (/(?:EXT4-fs|XFS|BTRFS)[^(]*\((?:device )?([\w.-]+)\)/.exec(t)?.[1] ?? null) : null;
    out.push({ kind: k.kind, age: l.age, text: t, subject });
  }
  return out;
}

/** Events of one kind about one subject, with the resource read now. */
export interface EventGroup {
  kind: string;
  subject: string | null;
  count: number;
  newestAge: number | null;
  example: string;
  /** OOM kills: the latest killed tasks, newest first (at most 5). */
  tasks: string[];
  limitThen?: number;
  live?: LiveResource | null;
}

export function groupEvents(events: KernelEvent[]): EventGroup[] {
  const by = new Map<string, EventGroup>();
  for (const e of events) {
    const key = `${e.kind}\0${e.subject ?? ''}`;
    const g = by.get(key) ?? { kind: e.kind, subject: e.subject, count: 0, newestAge: null, example: '', tasks: [] };
    g.count++;
    if (g.count === 1 || (e.age !== null && (g.newestAge === null || e.age <= g.newestAge))) {
      g.newestAge = e.age;
      g.example = e.text.slice(0, 300); // redacted by the runner: audit lines can carry command lines
      if (e.limitThen !== undefined) g.limitThen = e.limitThen;
      if (e.task) g.tasks = [e.task, ...g.tasks.filter((x) => x !== e.task)].slice(0, 5);
    } else if (e.task && g.tasks.length < 5) g.tasks.push(e.task);
    by.set(key, g);
  }
  return [...by.values()];
}

export interface KernelLogData {
  source: string;
  lines: number;
  groups: EventGroup[];
}

/** The kernel ring buffer as it is now ("prio,seq,usec,flags;message" records), or null when unreadable (not root). */
export function readKmsgDevice(): string | null {
  let fd: number;
  try {
    fd = openSync('/dev/kmsg', constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  const buf = Buffer.allocUnsafe(8192);
  const parts: string[] = [];
  try {
    for (;;) {
      try {
        const n = readSync(fd, buf, 0, buf.length, null);
        if (n <= 0) break;
        parts.push(buf.toString('utf8', 0, n).split('\n')[0]!); // continuation lines (" KEY=value") dropped
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EPIPE') continue; // overwritten while reading
        break; // EAGAIN: the end
      }
    }
  } finally {
    closeSync(fd);
  }
  return parts.join('\n');
}

const tail = (text: string | null, max = 1 << 20) => (text === null ? null : text.length > max ? text.slice(text.indexOf('\n', text.length - max) + 1) : text);

/** From this many recovered places of one kind on, they are reported as one finding. */
const MERGE_RECOVERED = 3;

function read(ctx: ProbeContext, source: string, lines: LogLine[]): KernelLogData {
  const groups = groupEvents(kernelEvents(lines));
  // beyond the judged window an event is history whatever its resource does now: no need to read it
  for (const g of groups) g.live = g.newestAge !== null && g.newestAge > LOG_WINDOW_SECONDS ? null : readLive(ctx, g.kind, g.subject, g.limitThen);
  return { source, lines: lines.length, groups };
}

/** "1 OOM kill in memory cgroup /pm-test (stress [4321])", "2× fork rejected by pids controller in /x". */
function said(g: EventGroup, what: string): string {
  if (g.kind === 'oom') {
    const where = g.subject ? `in memory cgroup ${g.subject}` : 'of the whole machine';
    return `${g.count} OOM kill${g.count === 1 ? '' : 's'} ${where} (${g.tasks.join(', ')}${g.count > g.tasks.length ? ', ...' : ''})`;
  }
  return `${g.count}× ${what}${g.subject ? ` (${g.subject})` : ''}`;
}

export const kernelLog: Probe<KernelLogData> = {
  id: 'kernel-log',
  description: 'kernel messages naming exhausted resources and failing hardware',
  reads: ['/proc/uptime', '/var/log/kern.log@tail', '/var/log/messages@tail', '/var/log/syslog@tail', '/sys/class/block/*/dev', '/sys/class/block/*/dm/name', '/proc/self/mountinfo', '/proc/meminfo', '/proc/sys/net/netfilter/nf_conntrack_count', '/proc/sys/net/netfilter/nf_conntrack_max', '/proc/sys/fs/file-nr'],
  async collect(ctx) {
    const uptime = readOptional(ctx.path('/proc/uptime'));
    const up = uptime === null ? null : parseUptime(uptime);
    const kmsg = ctx.live ? readKmsgDevice() : readOptional(ctx.path('/dev/kmsg'));
    if (kmsg !== null) return read(ctx, '/dev/kmsg', parseKmsg(kmsg, up));
    for (const f of ['/var/log/kern.log', '/var/log/messages', '/var/log/syslog']) {
      const text = tail(readOptional(ctx.path(f)));
      if (text !== null) return read(ctx, f, parseSyslog(text, ctx.now));
    }
    throw new Absent('no readable kernel log (/dev/kmsg needs root; no /var/log/kern.log or messages)');
  },
  assess(d, t) {
    // each group checked against the same resource now (now.ts): critical means exhausted or failing now
    const judged = d.groups.map((g) => {
      const def = KINDS.find((x) => x.kind === g.kind)!;
      const state = stateNow(g.live, g.live?.threshold ? t[g.live.threshold] : undefined);
      return { g, def, state, severity: judgeEvent(g.newestAge, state.now, def.severity) };
    });
    const over = (j: (typeof judged)[number]) => j.state.now === 'recovered' && j.severity === 'warning';
    // many places of one kind that have all recovered (removed test cgroups, restarted services) are one line
    const merged = [...new Set(judged.map((j) => j.g.kind))].filter((k) => judged.filter((j) => j.g.kind === k && over(j)).length >= MERGE_RECOVERED);
    const out: Finding[] = judged
      .filter((j) => !(merged.includes(j.g.kind) && over(j)))
      .map(({ g, def, state, severity }) =>
        note({
          id: `kernel-log.${g.kind}`,
          severity,
          resource: 'kernel log',
          subject: g.kind === 'oom' ? `OOM kills ${g.subject ? `in ${g.subject}` : '(whole machine)'}` : `${def.what}${g.subject ? ` (${g.subject})` : ''}`,
          used: g.count,
          message: `kernel log: ${said(g, def.what)}, latest ${ago(g.newestAge)}${nowPhrase(state)}: "${g.example}"`,
          hint: `from ${d.source}${severity === 'critical' && state.now !== 'at-limit' ? `; critical for ${RECENT_SECONDS / 60} min after the event unless the resource is verifiably fine` : ''}`,
          past: { ageSeconds: g.newestAge, ...state },
        }),
      );
    for (const kind of merged) {
      const list = judged.filter((j) => j.g.kind === kind && over(j)).sort((a, b) => (a.g.newestAge ?? Infinity) - (b.g.newestAge ?? Infinity));
      const newest = list[0]!;
      const what = kind === 'oom' ? 'OOM kill' : newest.def.what;
      const events = list.reduce((n, j) => n + j.g.count, 0);
      const places = list.map((j) => j.g.subject ?? 'the whole machine');
      out.push(
        note({
          id: `kernel-log.${kind}`,
          severity: 'warning',
          resource: 'kernel log',
          subject: `${what} (${list.length} places, recovered)`,
          used: events,
          message: `kernel log: ${events}× ${what} in ${list.length} places that have all recovered (${places.slice(0, 4).join(', ')}${places.length > 4 ? ', ...' : ''}), latest ${ago(newest.g.newestAge)}; recovered now: ${newest.state.why}: "${newest.g.example}"`,
          hint: `from ${d.source}`,
          past: { ageSeconds: newest.g.newestAge, now: 'recovered', why: `all ${list.length} places; the latest: ${newest.state.why}` },
        }),
      );
    }
    return out;
  },
};
