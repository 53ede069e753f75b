// Kernel messages that name an exhausted resource (OOM kills, full conntrack, read-only remounts,
// hung tasks, rejected forks), counted per kind with the latest example. Reads /dev/kmsg without
// blocking (root or dmesg_restrict=0), else /var/log/kern.log or /var/log/messages.
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { note } from '../assess.js';
import { duration } from '../format.js';
import { parseUptime } from './host.js';
import { readOptional } from '../read.js';
import { Absent, type Finding, type Probe, type Severity } from '../types.js';

export interface LogLine {
  /** Seconds ago, when known. */
  age: number | null;
  text: string;
}

const KINDS: Array<{ kind: string; re: RegExp; severity: Severity; what: string }> = [
  { kind: 'oom', re: /Out of memory: Kill|oom-kill:|Memory cgroup out of memory|invoked oom-killer/, severity: 'critical', what: 'OOM killer' },
  { kind: 'conntrack-full', re: /nf_conntrack: table full, dropping packet/, severity: 'critical', what: 'conntrack table full' },
  { kind: 'tcp-oom', re: /TCP: out of memory/, severity: 'critical', what: 'TCP out of memory' },
  { kind: 'orphans', re: /too many orphaned sockets/, severity: 'critical', what: 'too many orphaned sockets' },
  { kind: 'file-max', re: /VFS: file-max limit \d+ reached/, severity: 'critical', what: 'file-max reached' },
  { kind: 'pids-rejected', re: /fork rejected by pids controller/, severity: 'critical', what: 'fork rejected by pids controller' },
  { kind: 'remount-ro', re: /Remounting filesystem read-only|remounted read-only|shutting down filesystem/i, severity: 'critical', what: 'filesystem went read-only' },
  { kind: 'fs-error', re: /(EXT4-fs|XFS|BTRFS)[^:]*: .*(error|corrupt)/i, severity: 'warning', what: 'filesystem errors' },
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

export interface KernelLogData {
  source: string;
  lines: number;
  kinds: Array<{ kind: string; count: number; newestAge: number | null; example: string }>;
}

export function classify(lines: LogLine[]): KernelLogData['kinds'] {
  const byKind = new Map<string, { kind: string; count: number; newestAge: number | null; example: string }>();
  for (const l of lines) {
    const k = KINDS.find((k) => k.re.test(l.text));
    if (!k) continue;
    const e = byKind.get(k.kind) ?? { kind: k.kind, count: 0, newestAge: null, example: '' };
    e.count++;
    if (e.newestAge === null || (l.age !== null && l.age <= e.newestAge)) {
      e.newestAge = l.age;
      e.example = l.text.slice(0, 300); // redacted by the runner: audit lines can carry command lines
    }
    byKind.set(k.kind, e);
  }
  return [...byKind.values()];
}

function readKmsgDevice(): string | null {
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

export const kernelLog: Probe<KernelLogData> = {
  id: 'kernel-log',
  description: 'kernel messages naming exhausted resources and failing hardware',
  async collect(ctx) {
    const uptime = readOptional(ctx.path('/proc/uptime'));
    const up = uptime === null ? null : parseUptime(uptime);
    const kmsg = ctx.live ? readKmsgDevice() : readOptional(ctx.path('/dev/kmsg'));
    if (kmsg !== null) {
      const lines = parseKmsg(kmsg, up);
      return { source: '/dev/kmsg', lines: lines.length, kinds: classify(lines) };
    }
    for (const f of ['/var/log/kern.log', '/var/log/messages', '/var/log/syslog']) {
      const text = tail(readOptional(ctx.path(f)));
      if (text === null) continue;
      const lines = parseSyslog(text, ctx.now);
      return { source: f, lines: lines.length, kinds: classify(lines) };
    }
    throw new Absent('no readable kernel log (/dev/kmsg needs root; no /var/log/kern.log or messages)');
  },
  assess(d) {
    const out: Finding[] = [];
    for (const k of d.kinds) {
      const def = KINDS.find((x) => x.kind === k.kind)!;
      // old news is context, not an alarm: critical only within the hour, warning within a day
      let severity: Severity = def.severity;
      if (k.newestAge === null) severity = severity === 'critical' ? 'warning' : severity;
      else if (k.newestAge > 86400) severity = 'info';
      else if (k.newestAge > 3600 && severity === 'critical') severity = 'warning';
      const when = k.newestAge === null ? '' : `, latest ${duration(k.newestAge)} ago`;
      out.push(note({ id: `kernel-log.${k.kind}`, severity, resource: 'kernel log', subject: def.what, used: k.count, message: `kernel log: ${k.count}× ${def.what}${when}: "${k.example}"`, hint: `from ${d.source}` }));
    }
    return out;
  },
};
