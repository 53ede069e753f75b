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

export type IsolatedOp = { op: 'statfs' | 'read' | 'lines'; path: string };

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
    else fs.readFile(path, 'utf8', (e, t) => out(i, e ? { error: e.code || e.message } : { ok: op === 'lines' ? t.split('\\n').length - 1 : t }));
  }
});
`;

/** Threads in the child: calls beyond this many stuck ones queue (and are reported stuck as well). */
const THREADS = 16;

export interface Isolating {
  call<T>(op: IsolatedOp, timeoutMs: number): Promise<Isolated<T>>;
  all<T>(ops: IsolatedOp[], timeoutMs: number): Promise<Isolated<T>[]>;
  /** Ends the child; resolves once it is gone (reaped) or has been killed. */
  close(): Promise<void>;
}

/**
 * A child that takes one request per stdin line and answers each on its own stdout line, in any
 * order. Calls not answered by their deadline are reported stuck; then close() SIGKILLs the child's
 * whole process group (it may hold threads or subshells stuck in the kernel) without waiting for it.
 */
abstract class LineChild implements Isolating {
  private child: ChildProcessWithoutNullStreams | null = null;
  private failed: string | null = null;
  private seq = 0;
  private pending = new Map<number, { op: IsolatedOp; settle: (r: Isolated<unknown>) => void }>();
  private partial = '';
  /** A call ran past its deadline: something in the child may be stuck in the kernel. */
  private stuck = false;

  protected abstract readonly what: string;
  protected abstract spawnChild(): ChildProcessWithoutNullStreams;
  /** The request line for call `i`, or an error when this child cannot carry it. */
  protected abstract request(i: number, op: IsolatedOp): string | { error: string };
  /** The call an answer line settles, and how; null for a line that is not an answer. */
  protected abstract answer(line: string, opOf: (i: number) => IsolatedOp | undefined): { i: number; result: Isolated<unknown> } | null;

  private start(): ChildProcessWithoutNullStreams | null {
    if (this.child || this.failed) return this.child;
    try {
      const child = this.spawnChild();
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => this.receive(chunk));
      const gone = (why: string) => {
        this.failed = why;
        for (const [, p] of this.pending) p.settle({ error: why });
        this.pending.clear();
      };
      child.on('error', (e) => gone(`cannot start the isolating ${this.what}: ${e.message}`));
      child.on('exit', (code, signal) => gone(`the isolating ${this.what} ended (${signal ?? code})`));
      child.stdin.on('error', () => {}); // EPIPE when it died; reported through 'exit'
      this.child = child;
    } catch (e) {
      this.failed = `cannot start the isolating ${this.what}: ${(e as Error).message}`;
    }
    return this.child;
  }

  private receive(chunk: string): void {
    this.partial += chunk;
    let nl: number;
    while ((nl = this.partial.indexOf('\n')) >= 0) {
      const line = this.partial.slice(0, nl);
      this.partial = this.partial.slice(nl + 1);
      // A torn or foreign line settles nothing: that call stays pending until its deadline.
      const a = this.answer(line, (i) => this.pending.get(i)?.op);
      const p = a && this.pending.get(a.i);
      if (!a || !p) continue;
      this.pending.delete(a.i);
      p.settle(a.result);
    }
  }

  call<T>(op: IsolatedOp, timeoutMs: number): Promise<Isolated<T>> {
    const i = this.seq++;
    const line = this.request(i, op);
    if (typeof line !== 'string') return Promise.resolve(line);
    const child = this.start();
    if (!child) return Promise.resolve({ error: this.failed ?? `no isolating ${this.what}` });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(i);
        this.stuck = true;
        resolve({ stuck: true });
      }, timeoutMs);
      this.pending.set(i, {
        op,
        settle: (r) => {
          clearTimeout(timer);
          resolve(r as Isolated<T>);
        },
      });
      child.stdin.write(line + '\n');
    });
  }

  all<T>(ops: IsolatedOp[], timeoutMs: number): Promise<Isolated<T>[]> {
    return Promise.all(ops.map((op) => this.call<T>(op, timeoutMs)));
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.failed ??= 'closed';
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL'); // the child and every subshell still waiting
      } catch {
        /* already gone */
      }
    };
    if (child.exitCode === null && child.signalCode === null) {
      if (this.stuck || this.pending.size > 0) kill();
      else {
        // All answered: end its input and wait a moment for it to reap its subshells and exit, so
        // that we reap it in turn and leave no zombie behind for an init that does not reap.
        const exited = new Promise<boolean>((resolve) => {
          child.once('exit', () => resolve(true));
          setTimeout(() => resolve(false), 200).unref();
        });
        child.stdin.end();
        if (!(await exited)) kill();
      }
    }
    child.stdin.destroy();
    child.stdout.destroy();
    child.unref();
  }
}

/** The node child: a thread per call. */
export class Isolator extends LineChild {
  protected readonly what = 'child';
  protected spawnChild() {
    return spawn(process.execPath, ['-e', CHILD], {
      stdio: ['pipe', 'pipe', 'ignore'],
      detached: true,
      env: { PATH: process.env.PATH ?? '', UV_THREADPOOL_SIZE: String(THREADS) },
    }) as unknown as ChildProcessWithoutNullStreams;
  }
  protected request(i: number, op: IsolatedOp) {
    return JSON.stringify({ i, ...op });
  }
  protected answer(line: string) {
    try {
      const r = JSON.parse(line) as { i: number; ok?: unknown; error?: string };
      return { i: r.i, result: r.error !== undefined ? { error: r.error } : { ok: r.ok } };
    } catch {
      return null;
    }
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
      lines) if n=$(wc -l < "$path" 2>/dev/null); then printf '%s ok %s\\n' "$id" "$n"; else printf '%s error EACCES or ENOENT\\n' "$id"; fi ;;
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
export class ShellIsolator extends LineChild {
  protected readonly what = 'shell';
  protected spawnChild() {
    return spawn('/bin/sh', ['-c', SHELL], { stdio: ['pipe', 'pipe', 'ignore'], detached: true, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } }) as unknown as ChildProcessWithoutNullStreams;
  }
  protected request(i: number, op: IsolatedOp) {
    return /[\n\0]/.test(op.path) ? { error: 'path with a newline' } : `${i} ${op.op} ${op.path}`;
  }
  protected answer(line: string, opOf: (i: number) => IsolatedOp | undefined) {
    const m = /^(\d+) (ok|error) ?(.*)$/.exec(line);
    const op = m && opOf(Number(m[1]));
    if (!m || !op) return null;
    const i = Number(m[1]);
    // "stat: cannot read file system information for '/x': No such file or directory" -> the reason
    if (m[2] === 'error') return { i, result: { error: m[3]!.trim().replace(/^.*: /, '') || 'failed' } };
    if (op.op === 'read') return { i, result: { ok: m[3]!.trimEnd() } };
    if (op.op === 'lines') return { i, result: { ok: Number(m[3]) } };
    const st = parseStatF(m[3]!);
    return { i, result: st ? { ok: st } : { error: `unexpected stat output "${m[3]}"` } };
  }
}

const onPath = (cmd: string) => (process.env.PATH ?? '/usr/bin:/bin').split(':').some((d) => d && existsSync(path.join(d, cmd)));

/** The shell child where /bin/sh, stat, head and tr exist, else the node child. */
export function makeIsolator(kind: 'auto' | 'shell' | 'node' = 'auto'): Isolating {
  if (kind === 'node') return new Isolator();
  if (kind === 'shell' || (existsSync('/bin/sh') && ['stat', 'head', 'tr', 'wc'].every(onPath))) return new ShellIsolator();
  return new Isolator();
}

/** One-off isolated calls: a child for just these, killed afterwards. */
export async function isolated<T>(ops: IsolatedOp[], timeoutMs: number, kind: 'auto' | 'shell' | 'node' = 'auto'): Promise<Isolated<T>[]> {
  const iso = makeIsolator(kind);
  try {
    return await iso.all<T>(ops, timeoutMs);
  } finally {
    await iso.close();
  }
}
