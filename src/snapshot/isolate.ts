// Calls that can block forever (statfs on a hung NFS or FUSE mount, /proc/PID/cmdline of a process
// stuck holding its mm lock) run in a child process. In our own process they would tie up a libuv
// thread-pool thread for good, and then even process.exit waits for it. The child starts every call at
// once (a thread per call), streams each answer as a JSON line, and is SIGKILLed at the deadline: any
// call that has not answered by then is reported as stuck.
import { spawn } from 'node:child_process';
import type { Isolated, StatfsResult } from './types.js';

export type IsolatedOp = { op: 'statfs'; path: string } | { op: 'read'; path: string };

// Plain CommonJS so the child needs nothing but node itself (runs from src in tests and from dist).
const CHILD = `
const fs = require('fs');
const ops = JSON.parse(process.argv[1]);
const out = (i, r) => process.stdout.write(JSON.stringify(Object.assign({ i }, r)) + '\\n');
ops.forEach((o, i) => {
  if (o.op === 'statfs') fs.statfs(o.path, (e, s) => out(i, e ? { error: e.code || e.message } : { ok: {
    type: s.type, bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail, files: s.files, ffree: s.ffree } }));
  else fs.readFile(o.path, 'utf8', (e, t) => out(i, e ? { error: e.code || e.message } : { ok: t }));
});
`;

export function isolated<T>(ops: IsolatedOp[], timeoutMs: number): Promise<Isolated<T>[]> {
  const results: Isolated<T>[] = ops.map(() => ({ stuck: true }));
  if (ops.length === 0) return Promise.resolve(results);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', CHILD, JSON.stringify(ops)], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { PATH: process.env.PATH ?? '', UV_THREADPOOL_SIZE: String(Math.min(128, Math.max(4, ops.length))) },
    });
    let pending = '';
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      child.stdout.destroy();
      child.unref();
      resolve(results);
    };
    const timer = setTimeout(finish, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        try {
          const r = JSON.parse(line) as { i: number; ok?: T; error?: string };
          results[r.i] = r.error !== undefined ? { error: r.error } : { ok: r.ok as T };
        } catch {
          /* a torn line from a killed child: that call stays stuck */
        }
      }
    });
    child.on('error', (e) => {
      for (let i = 0; i < results.length; i++) if ('stuck' in results[i]!) results[i] = { error: `cannot start child: ${e.message}` };
      finish();
    });
    child.on('close', finish);
  });
}

export const statfsIsolated = (paths: string[], timeoutMs: number) =>
  isolated<StatfsResult>(
    paths.map((path) => ({ op: 'statfs', path })),
    timeoutMs,
  );

export const readIsolated = (paths: string[], timeoutMs: number) =>
  isolated<string>(
    paths.map((path) => ({ op: 'read', path })),
    timeoutMs,
  );
