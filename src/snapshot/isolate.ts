// Calls that can block forever (statfs on a hung NFS or FUSE mount, /proc/PID/cmdline of a process
// stuck holding its mm lock) run in a child process. In our own process they would tie up a libuv
// thread-pool thread for good, and then even process.exit waits for it. One child per snapshot takes
// requests on stdin, starts each at once and answers each on its own line; a call that has not
// answered by its deadline is reported as stuck, and the child is SIGKILLed when the snapshot is done.
//
// The child is a POSIX shell running `stat -f` and `tr` in a background subshell per call: it starts
// in a millisecond, where a second node would cost as much as our own start-up. Where there is no
// `stat` (a stripped container), a node child does the same with a thread per call.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Isolated, StatfsResult } from './types.js';

export type IsolatedOp = { op: 'statfs'; path: string } | { op: 'read'; path: string };

// Plain CommonJS so the child needs nothing but node itself (runs from src in tests and from dist).
const CHILD = `
const fs = require('fs');
const out = (i, r) => process.stdout.write(JSON.stringify(Object.assign({ i }, r)) + '\\n');
let buf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buf += chunk;
  let nl;
  while ((nl = buf.indexOf('\\n')) >= 0) {
    const { i, op, path } = JSON.parse(buf.slice(0, nl));
    buf = buf.slice(nl + 1);
    if (op === 'statfs') fs.statfs(path, (e, s) => out(i, e ? { error: e.code || e.message } : { ok: {
      type: s.type, bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail, files: s.files, ffree: s.ffree } }));
    else fs.readFile(path, 'utf8', (e, t) => out(i, e ? { error: e.code || e.message } : { ok: t }));
  }
});
`;

/** Threads in the child: calls beyond this many stuck ones queue (and are reported stuck as well). */
const THREADS = 16;

export interface Isolating {
  call<T>(op: IsolatedOp, timeoutMs: number): Promise<Isolated<T>>;
  all<T>(ops: IsolatedOp[], timeoutMs: number): Promise<Isolated<T>[]>;
  close(): void;
}

/** The node child: a thread per call. */
export class Isolator implements Isolating {
  private child: ChildProcessWithoutNullStreams | null = null;
  private failed: string | null = null;
  private seq = 0;
  private pending = new Map<number, (r: Isolated<unknown>) => void>();
  private partial = '';

  private start(): ChildProcessWithoutNullStreams | null {
    if (this.child || this.failed) return this.child;
    try {
      const child = spawn(process.execPath, ['-e', CHILD], {
        stdio: ['pipe', 'pipe', 'ignore'],
        env: { PATH: process.env.PATH ?? '', UV_THREADPOOL_SIZE: String(THREADS) },
      }) as unknown as ChildProcessWithoutNullStreams;
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => this.receive(chunk));
      const gone = (why: string) => {
        this.failed = why;
        for (const [, settle] of this.pending) settle({ error: why });
        this.pending.clear();
      };
      child.on('error', (e) => gone(`cannot start the isolating child: ${e.message}`));
      child.on('exit', (code, signal) => gone(`the isolating child ended (${signal ?? code})`));
      child.stdin.on('error', () => {}); // EPIPE when it died; reported through 'exit'
      this.child = child;
    } catch (e) {
      this.failed = `cannot start the isolating child: ${(e as Error).message}`;
    }
    return this.child;
  }

  private receive(chunk: string): void {
    this.partial += chunk;
    let nl: number;
    while ((nl = this.partial.indexOf('\n')) >= 0) {
      const line = this.partial.slice(0, nl);
      this.partial = this.partial.slice(nl + 1);
      try {
        const r = JSON.parse(line) as { i: number; ok?: unknown; error?: string };
        this.pending.get(r.i)?.(r.error !== undefined ? { error: r.error } : { ok: r.ok });
        this.pending.delete(r.i);
      } catch {
        /* a torn line: that call stays pending until its deadline */
      }
    }
  }

  call<T>(op: IsolatedOp, timeoutMs: number): Promise<Isolated<T>> {
    const child = this.start();
    if (!child) return Promise.resolve({ error: this.failed ?? 'no isolating child' });
    const i = this.seq++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(i);
        resolve({ stuck: true });
      }, timeoutMs);
      this.pending.set(i, (r) => {
        clearTimeout(timer);
        resolve(r as Isolated<T>);
      });
      child.stdin.write(JSON.stringify({ i, ...op }) + '\n');
    });
  }

  all<T>(ops: IsolatedOp[], timeoutMs: number): Promise<Isolated<T>[]> {
    return Promise.all(ops.map((op) => this.call<T>(op, timeoutMs)));
  }

  /** Kills the child (it may hold threads stuck in the kernel) without waiting for it. */
  close(): void {
    const child = this.child;
    if (!child) return;
    this.failed ??= 'closed';
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child.stdin.destroy();
    child.stdout.destroy();
    child.unref();
  }
}

// Each request line is "id op path"; each answer "id ok <data>" or "id error <message>". Writes of
// one short line to a pipe are atomic, so concurrent subshells never interleave within a line.
const SHELL = `
while read -r id op path; do
  (
    case "$op" in
      statfs) if out=$(stat -f -c '%t %S %b %f %a %c %d' "$path" 2>&1); then printf '%s ok %s\\n' "$id" "$out"; else printf '%s error %s\\n' "$id" "$(printf %s "$out" | tr '\\n' ' ')"; fi ;;
      read) if [ -r "$path" ]; then printf '%s ok %s\\n' "$id" "$(head -c 3000 < "$path" | tr '\\000\\n' '  ')"; else printf '%s error EACCES or ENOENT\\n' "$id"; fi ;;
    esac
  ) &
done
wait
`;

/** "ef53 4096 26214400 20000000 19000000 6553600 6000000" (stat -f -c '%t %S %b %f %a %c %d'). */
export function parseStatF(text: string): StatfsResult | null {
  const f = text.trim().split(/\s+/);
  if (f.length !== 7) return null;
  const [type, bsize, blocks, bfree, bavail, files, ffree] = [parseInt(f[0]!, 16), ...f.slice(1).map(Number)];
  if ([type, bsize, blocks, bfree, bavail, files, ffree].some((n) => !Number.isFinite(n))) return null;
  return { type: type!, bsize: bsize!, blocks: blocks!, bfree: bfree!, bavail: bavail!, files: files!, ffree: ffree! };
}

/** The shell child: a process group of subshells, killed as a whole. */
export class ShellIsolator implements Isolating {
  private child: ChildProcessWithoutNullStreams | null = null;
  private failed: string | null = null;
  private seq = 0;
  private pending = new Map<number, { op: IsolatedOp['op']; settle: (r: Isolated<unknown>) => void }>();
  private partial = '';

  private start(): ChildProcessWithoutNullStreams | null {
    if (this.child || this.failed) return this.child;
    try {
      const child = spawn('/bin/sh', ['-c', SHELL], { stdio: ['pipe', 'pipe', 'ignore'], detached: true, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } }) as unknown as ChildProcessWithoutNullStreams;
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => this.receive(chunk));
      const gone = (why: string) => {
        this.failed = why;
        for (const [, p] of this.pending) p.settle({ error: why });
        this.pending.clear();
      };
      child.on('error', (e) => gone(`cannot start the isolating shell: ${e.message}`));
      child.on('exit', (code, signal) => gone(`the isolating shell ended (${signal ?? code})`));
      child.stdin.on('error', () => {});
      this.child = child;
    } catch (e) {
      this.failed = `cannot start the isolating shell: ${(e as Error).message}`;
    }
    return this.child;
  }

  private receive(chunk: string): void {
    this.partial += chunk;
    let nl: number;
    while ((nl = this.partial.indexOf('\n')) >= 0) {
      const line = this.partial.slice(0, nl);
      this.partial = this.partial.slice(nl + 1);
      const m = /^(\d+) (ok|error) ?(.*)$/.exec(line);
      const p = m && this.pending.get(Number(m[1]));
      if (!m || !p) continue;
      this.pending.delete(Number(m[1]));
      // "stat: cannot read file system information for '/x': No such file or directory" -> the reason
      if (m[2] === 'error') p.settle({ error: m[3]!.trim().replace(/^.*: /, '') || 'failed' });
      else if (p.op === 'read') p.settle({ ok: m[3]!.trimEnd() });
      else {
        const st = parseStatF(m[3]!);
        p.settle(st ? { ok: st } : { error: `unexpected stat output "${m[3]}"` });
      }
    }
  }

  call<T>(op: IsolatedOp, timeoutMs: number): Promise<Isolated<T>> {
    if (/[\n\0]/.test(op.path)) return Promise.resolve({ error: 'path with a newline' });
    const child = this.start();
    if (!child) return Promise.resolve({ error: this.failed ?? 'no isolating shell' });
    const i = this.seq++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(i);
        resolve({ stuck: true });
      }, timeoutMs);
      this.pending.set(i, {
        op: op.op,
        settle: (r) => {
          clearTimeout(timer);
          resolve(r as Isolated<T>);
        },
      });
      child.stdin.write(`${i} ${op.op} ${op.path}\n`);
    });
  }

  all<T>(ops: IsolatedOp[], timeoutMs: number): Promise<Isolated<T>[]> {
    return Promise.all(ops.map((op) => this.call<T>(op, timeoutMs)));
  }

  close(): void {
    const child = this.child;
    if (!child) return;
    this.failed ??= 'closed';
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL'); // the shell and every subshell still waiting
    } catch {
      /* already gone */
    }
    child.stdin.destroy();
    child.stdout.destroy();
    child.unref();
  }
}

const onPath = (cmd: string) => (process.env.PATH ?? '/usr/bin:/bin').split(':').some((d) => d && existsSync(path.join(d, cmd)));

/** The shell child where /bin/sh, stat, head and tr exist, else the node child. */
export function makeIsolator(kind: 'auto' | 'shell' | 'node' = 'auto'): Isolating {
  if (kind === 'node') return new Isolator();
  if (kind === 'shell' || (existsSync('/bin/sh') && ['stat', 'head', 'tr'].every(onPath))) return new ShellIsolator();
  return new Isolator();
}

/** One-off isolated calls: a child for just these, killed afterwards. */
export async function isolated<T>(ops: IsolatedOp[], timeoutMs: number, kind: 'auto' | 'shell' | 'node' = 'auto'): Promise<Isolated<T>[]> {
  const iso = makeIsolator(kind);
  try {
    return await iso.all<T>(ops, timeoutMs);
  } finally {
    iso.close();
  }
}
