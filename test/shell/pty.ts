// A real interactive shell on a pseudo-terminal: `postmortem shell` run by util-linux `script`
// (-q quiet, -f flush, -e its exit code, -c the command), with what a user types written to its
// input only after the prompt asked for it, as a person would.
import { spawn } from 'node:child_process';
import { CLI } from '../helpers.js';

const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

export interface Session {
  /** Everything the terminal showed so far. */
  output(): string;
  /** Waits for the [pm] prompt (one more than seen so far), then types `line` and Enter. */
  type(line: string): Promise<void>;
  /** Waits until the terminal shows `pattern` after the last typed line. */
  until(pattern: RegExp | string, ms?: number): Promise<void>;
  /** The exit code of `postmortem shell`, after the shell ended. */
  exited: Promise<number | null>;
  /** Ends the terminal (and what still runs on it). */
  close(): void;
}

/**
 * `keepTerminal`: a `sleep` follows postmortem on the terminal, so the shell keeps it when
 * postmortem is killed (else `script` ends with its child and hangs the shell up).
 */
export function session(args: string[], env: Record<string, string>, keepTerminal = false): Session {
  const cmd = [process.execPath, CLI, ...args].map(quote).join(' ') + (keepTerminal ? '; sleep 120' : '');
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], {
    env: { ...process.env, NO_COLOR: '1', TZ: 'Europe/Berlin', TERM: 'dumb', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let mark = 0;
  let prompts = 0;
  const waiters = new Set<() => void>();
  const onData = (b: Buffer) => {
    out += b.toString('utf8');
    for (const w of waiters) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

  const until = (pattern: RegExp | string, ms = 30_000, from = () => mark) =>
    new Promise<void>((resolve, reject) => {
      const hit = () => (typeof pattern === 'string' ? out.indexOf(pattern, from()) !== -1 : pattern.test(out.slice(from())));
      const check = () => {
        if (!hit()) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${pattern}; the terminal showed:\n${out}`));
      }, ms);
      waiters.add(check);
      check();
    });

  const countPrompts = () => out.split('[pm] ').length - 1;
  return {
    output: () => out,
    until,
    async type(line) {
      await new Promise<void>((resolve, reject) => {
        const check = () => {
          if (countPrompts() <= prompts) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => reject(new Error(`no prompt before typing ${line}; the terminal showed:\n${out}`)), 30_000);
        waiters.add(check);
        check();
      });
      prompts = countPrompts();
      mark = out.length;
      child.stdin.write(`${line}\r`);
    },
    exited,
    close: () => child.kill('SIGKILL'),
  };
}
