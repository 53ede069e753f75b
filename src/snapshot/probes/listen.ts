// Listening sockets whose accept queue is full, and the kernel's count of handshakes dropped for it
// (TcpExt ListenOverflows / ListenDrops in /proc/net/netstat). With a full queue the kernel drops the
// handshake: clients time out or retry SYNs while the server looks idle, because the application does
// not call accept() (stuck, overloaded, or its backlog is tiny). Per network namespace.
//
// /proc/net/tcp gives a LISTEN socket's current accept queue (rx_queue) but not its backlog (tx_queue
// is 0 there); only sock_diag has it, so `ss -ltnHe` is asked, and only when some queue is not empty:
// an idle machine spawns nothing. A fixture tree or a dead machine's image may carry that output as
// `<root>/ss-ltnHe.txt` (like statfs.json).
import { spawn } from 'node:child_process';
import { failures, note, usage } from '../assess.js';
import { readProcTable } from '../proctable.js';
import { eachFdLink, netTcp, readOptional } from '../read.js';
import { decodeAddress } from './tcp.js';
import { Absent, type Finding, type Probe, type ProbeContext } from '../types.js';

export interface Listener {
  /** "127.0.0.1:8080", "[::]:443" */
  socket: string;
  /** Connections waiting for accept() now. */
  queue: number;
  /** The listen() backlog (ss Send-Q), null when ss could not tell; the queue holds backlog + 1. */
  backlog: number | null;
  inode: number;
  /** The process holding the socket, looked up for backed-up queues only. */
  owner?: string;
}

export interface ListenData {
  /** TcpExt counters since boot (per network namespace): handshakes dropped because an accept queue was full (overflows), and all drops at listen (drops). */
  overflows: number;
  drops: number;
  /** How much ListenOverflows rose during the sample window (null: not sampled, e.g. a fixture). */
  risen: number | null;
  sampleMs: number;
  listening: number;
  /** Listening sockets with connections waiting, fullest first. */
  waiting: Listener[];
}

/** /proc/net/netstat and /proc/net/snmp: pairs of lines "TcpExt: Name1 Name2" / "TcpExt: 1 2". */
export function parseNetstat(text: string): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const [prefix, ...names] = lines[i]!.trim().split(/\s+/);
    const [prefix2, ...values] = lines[i + 1]!.trim().split(/\s+/);
    if (!prefix || prefix !== prefix2) continue;
    out[prefix.replace(/:$/, '')] = Object.fromEntries(names.map((n, j) => [n, Number(values[j])]));
  }
  return out;
}

/** LISTEN rows (state 0A) of /proc/net/tcp[6]: address, rx_queue (the accept queue now) and inode. */
export function parseListeners(text: string): Array<Omit<Listener, 'backlog'>> {
  const out: Array<Omit<Listener, 'backlog'>> = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[3] !== '0A' || f.length < 10) continue;
    const [addr, port] = f[1]!.split(':');
    const a = decodeAddress(addr!);
    out.push({ socket: `${a.includes(':') ? `[${a}]` : a}:${parseInt(port!, 16)}`, queue: parseInt(f[4]!.split(':')[1]!, 16), inode: Number(f[9]) });
  }
  return out;
}

/** `ss -ltnHe`: "LISTEN 4 3 127.0.0.1:8080 0.0.0.0:* ino:421493 sk:1 <->"; inode -> backlog (Send-Q). */
export function parseSsListen(text: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const ino = /\bino:(\d+)/.exec(line);
    if (f[0] === 'LISTEN' && ino) out.set(Number(ino[1]), Number(f[2]));
  }
  return out;
}

/** `ss -ltnHe` output within a second, or null (no ss, no answer). */
function runSs(): Promise<string | null> {
  return new Promise((resolve) => {
    let text = '';
    const child = spawn('ss', ['-ltnHe'], { stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' } });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(null);
    }, 1000);
    child.stdout.setEncoding('utf8').on('data', (s: string) => (text += s));
    child.on('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? text : null);
    });
  });
}

/** "nginx [812]" for each socket inode, from the fd links of the process table (socket:[inode]). */
function socketOwners(ctx: ProbeContext, inodes: Set<number>): Map<number, string> {
  const out = new Map<number, string>();
  for (const p of readProcTable(ctx).procs) {
    if (p.kernel || !p.fds) continue;
    eachFdLink(ctx.path(`/proc/${p.pid}/fd`), (_fd, target) => {
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(Number(m[1])) && !out.has(Number(m[1]))) out.set(Number(m[1]), `${p.comm} [${p.pid}]`);
    });
    if (out.size === inodes.size) break;
  }
  return out;
}

const overflowsNow = (ctx: ProbeContext) => parseNetstat(readOptional(ctx.path('/proc/net/netstat')) ?? '').TcpExt ?? {};
const full = (l: Listener) => l.backlog !== null && l.queue > l.backlog;

export const listen: Probe<ListenData> = {
  id: 'listen',
  description: 'full accept queues of listening TCP sockets, and the handshakes dropped for them',
  reads: ['/proc/net/tcp', '/proc/net/tcp6', '/proc/net/netstat', '/proc/[0-9]*', '/proc/[0-9]*/stat', '/proc/[0-9]*/status', '/proc/[0-9]*/limits', '/proc/[0-9]*/fd', '/proc/[0-9]*/fd/*'],
  async collect(ctx) {
    const v4 = netTcp(ctx, 'tcp');
    const v6 = netTcp(ctx, 'tcp6');
    if (v4 === null && v6 === null) throw new Absent('/proc/net/tcp does not exist');
    const before = overflowsNow(ctx);
    // a counter since boot says little; rising while we look is failing now (sampled alongside load's window and ss)
    const sampling = ctx.live && ctx.sampleMs > 0 && before.ListenOverflows !== undefined ? new Promise((r) => setTimeout(r, ctx.sampleMs)) : null;
    const all = [...parseListeners(v4 ?? ''), ...parseListeners(v6 ?? '')];
    const waiting: Listener[] = all.filter((l) => l.queue > 0).map((l) => ({ ...l, backlog: null }));
    if (waiting.length) {
      const ss = ctx.live ? await runSs() : readOptional(ctx.path('/ss-ltnHe.txt'));
      const backlogs = parseSsListen(ss ?? '');
      for (const l of waiting) l.backlog = backlogs.get(l.inode) ?? null;
    }
    let risen: number | null = null;
    if (sampling) {
      await sampling;
      risen = (overflowsNow(ctx).ListenOverflows ?? 0) - before.ListenOverflows!;
    }
    const fill = (l: Listener) => l.queue / ((l.backlog ?? Infinity) + 1);
    waiting.sort((a, b) => fill(b) - fill(a) || b.queue - a.queue);
    // the owners of queues worth a warning (or of unknown size) only: scanning fd links costs
    const backedUp = waiting.filter((l) => l.backlog === null || fill(l) >= ctx.thresholds['accept-queue'].warn).slice(0, 5);
    if (backedUp.length) {
      const owners = socketOwners(ctx, new Set(backedUp.map((l) => l.inode)));
      for (const l of backedUp) if (owners.has(l.inode)) l.owner = owners.get(l.inode);
    }
    return {
      overflows: before.ListenOverflows ?? 0,
      drops: before.ListenDrops ?? 0,
      risen,
      sampleMs: ctx.sampleMs,
      listening: all.length,
      waiting: waiting.slice(0, 10),
    };
  },
  assess(d, t) {
    const out: Finding[] = [];
    for (const l of d.waiting.slice(0, 3)) {
      const who = l.owner ? `, held by ${l.owner}` : '';
      const hint = `new connections to ${l.socket} are dropped (clients time out, SYNs retried) because ${l.owner ?? 'the server'} does not accept() them fast enough: stuck or overloaded; a bigger listen backlog (and net.core.somaxconn) only buys time`;
      if (l.backlog === null)
        out.push(note({ id: 'listen.accept-queue', severity: d.risen ? 'warning' : 'info', resource: 'accept queue', subject: l.socket, used: l.queue, message: `accept queue ${l.socket}: ${l.queue} connections waiting for accept()${who} (its backlog is unknown: no ss)`, hint }));
      else
        out.push(usage({ id: 'listen.accept-queue', resource: 'accept queue', subject: l.socket, used: l.queue, limit: l.backlog + 1, level: t['accept-queue'], message: `accept queue ${l.socket}: ${l.queue} of ${l.backlog + 1} connections waiting for accept() (listen backlog ${l.backlog})${who}`, hint }));
    }
    if (d.overflows > 0) {
      const fullNow = d.waiting.filter(full);
      const rising = d.risen !== null && d.risen > 0 ? `, ${d.risen} in the last ${d.sampleMs} ms` : '';
      const base = `${d.overflows.toLocaleString('en-US')} handshakes dropped since boot because an accept queue was full (TcpExt ListenOverflows; ListenDrops ${d.drops.toLocaleString('en-US')})${rising}`;
      const hint = 'clients saw timeouts; the application behind the port did not accept() in time';
      if (fullNow.length || rising)
        out.push(failures({ id: 'listen.overflows', resource: 'accept queue', subject: 'TcpExt ListenOverflows', count: d.overflows, message: fullNow.length ? `${base}; full now: ${fullNow.map((l) => `${l.socket}${l.owner ? ` (${l.owner})` : ''}`).join(', ')}` : base, hint }));
      else
        out.push(note({ id: 'listen.overflows', severity: 'warning', resource: 'accept queue', subject: 'TcpExt ListenOverflows', used: d.overflows, message: `${base}; no accept queue is full now (recovered)`, hint }));
    }
    return out;
  },
};
