// The journal through `journalctl -o json` (its own filters by time; --file for a copied journal).
// Each line is one JSON entry: __REALTIME_TIMESTAMP in microseconds, MESSAGE a string or, for
// non-UTF-8 messages, an array of bytes.
import { spawn } from 'node:child_process';

export interface JournalEntry {
  ms: number;
  priority: number | null;
  ident: string;
  message: string;
}

/** One line of `journalctl -o json`, or null when it holds no usable entry. Pure. */
export function parseJournalLine(line: string): JournalEntry | null {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  const us = typeof o.__REALTIME_TIMESTAMP === 'string' ? o.__REALTIME_TIMESTAMP : null;
  if (!us || !/^\d+$/.test(us)) return null;
  const raw = o.MESSAGE;
  const message = typeof raw === 'string' ? raw : Array.isArray(raw) ? Buffer.from(raw as number[]).toString('utf8') : null;
  if (message === null) return null;
  const ident = String(o.SYSLOG_IDENTIFIER ?? o._SYSTEMD_UNIT ?? o._COMM ?? 'journal');
  const pri = typeof o.PRIORITY === 'string' && /^\d$/.test(o.PRIORITY) ? Number(o.PRIORITY) : null;
  return { ms: Math.floor(Number(BigInt(us) / 1000n)), priority: pri, ident, message };
}

export interface JournalProcess {
  lines: AsyncIterable<Buffer>;
  /** Resolves with an error message when journalctl could not run or failed. */
  done: Promise<string | null>;
}

export function journalctl(opts: { file?: string; since?: number; until?: number }): JournalProcess {
  const args = ['-o', 'json', '--no-pager', '-q'];
  if (opts.file) args.push('--file', opts.file);
  // journalctl reads "@<seconds>" as a Unix time (systemd.time(7)): no zone to get wrong
  if (opts.since !== undefined) args.push('--since', `@${Math.floor(opts.since / 1000)}`);
  if (opts.until !== undefined) args.push('--until', `@${Math.ceil(opts.until / 1000)}`);
  const child = spawn('journalctl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-2000)));
  const done = new Promise<string | null>((resolve) => {
    child.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ENOENT' ? 'journalctl not found' : e.message));
    child.on('close', (code) => resolve(code === 0 ? null : `journalctl exited with ${code}: ${err.trim().split('\n').pop() ?? ''}`));
  });
  return { lines: child.stdout, done };
}
