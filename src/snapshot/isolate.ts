// Calls that can block forever (statfs on a hung NFS or FUSE mount, /proc/PID/cmdline of a process
// stuck holding its mm lock) run in a child process. In our own process they would tie up a libuv
// thread-pool thread for good, and then even process.exit waits for it. One child per snapshot takes
// requests as JSON lines on stdin, starts each at once on its own thread and answers each as a JSON
// line; a call that has not answered by its deadline is reported as stuck, and the child is SIGKILLed
// when the snapshot is done. Started on first use, it boots while the probes read /proc.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Isolated } from './types.js';

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

export class Isolator {
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

/** One-off isolated calls: a child for just these, killed afterwards. */
export async function isolated<T>(ops: IsolatedOp[], timeoutMs: number): Promise<Isolated<T>[]> {
  const iso = new Isolator();
  try {
    return await iso.all<T>(ops, timeoutMs);
  } finally {
    iso.close();
  }
}
