// Starts the user's shell with the recording hooks and hands each record to `onRecord` until the
// shell exits. The hooks write to the write end of a pipe the shell inherits as fd 3 (Node's 'pipe'
// stdio, a socket pair): nothing to open by name, no Node start per command, and when this process
// is gone a hook's write fails at once (EPIPE) instead of blocking the way a FIFO without a reader
// would. The rc files live in a private temp folder, removed when the shell exits.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import { PmError } from '../errors.js';
import { bashRc } from './rc-bash.js';
import { recordReader, type ShellRecord } from './records.js';
import { zshFiles } from './rc-zsh.js';

export type ShellKind = 'bash' | 'zsh';

/** Set in the recorded shell to the incident's id, for the user's own prompt or scripts. */
export const MARKER = 'POSTMORTEM_SHELL';

const FD = 3;

/** How long to wait, after the shell exited, for records still in the pipe (a background job holding it keeps it open). */
const DRAIN_MS = 300;

/**
 * A private folder (mkdtemp: mode 0700) for the rc files: in the temp folder, or, when that is full
 * (the outage may be exactly that), in the per-user runtime folder or /dev/shm, both in memory.
 */
function privateDir(env: NodeJS.ProcessEnv): string {
  const places = [tmpdir(), env.XDG_RUNTIME_DIR, '/dev/shm'].filter((p): p is string => Boolean(p));
  let last: unknown;
  for (const p of places) {
    try {
      return mkdtempSync(path.join(p, 'pm-shell-'));
    } catch (e) {
      last = e;
    }
  }
  throw new PmError(`shell: cannot make a folder for the hook files in ${places.join(', ')}: ${(last as Error).message}`);
}

/** Runs `binary` (a bash or zsh) interactively on our terminal; resolves with its exit code. */
export function runShell(kind: ShellKind, binary: string, incident: string, env: NodeJS.ProcessEnv, onRecord: (r: ShellRecord) => void): Promise<number> {
  const dir = privateDir(env);
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  let args: string[];
  const childEnv: NodeJS.ProcessEnv = { ...env, [MARKER]: incident };
  try {
    if (kind === 'bash') {
      writeFileSync(path.join(dir, 'bashrc'), bashRc(FD), { mode: 0o600 });
      args = ['--rcfile', path.join(dir, 'bashrc'), '-i'];
    } else {
      for (const [name, body] of Object.entries(zshFiles(FD))) writeFileSync(path.join(dir, name), body, { mode: 0o600 });
      childEnv.POSTMORTEM_ZDOTDIR = env.ZDOTDIR || env.HOME || '';
      childEnv.ZDOTDIR = dir;
      args = ['-i'];
    }
  } catch (e) {
    cleanup();
    throw new PmError(`shell: cannot write the hook files in ${dir}: ${(e as Error).message}`);
  }

  // The shell takes the terminal's foreground: keystrokes like Ctrl-C and Ctrl-Z are its, not ours.
  // A hangup or a TERM (shutdown, a closed ssh session) goes to the shell as a hangup, so it ends
  // the way it would without us (saving its history), and we still write what it recorded.
  const ignore = () => {};
  const quiet: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT', 'SIGTSTP'];
  const passOn: NodeJS.Signals[] = ['SIGHUP', 'SIGTERM'];
  let hangup = ignore;
  const onHangup = () => hangup();
  for (const s of quiet) process.on(s, ignore);
  for (const s of passOn) process.on(s, onHangup);
  const done = () => {
    for (const s of quiet) process.off(s, ignore);
    for (const s of passOn) process.off(s, onHangup);
    cleanup();
  };

  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['inherit', 'inherit', 'inherit', 'pipe'], env: childEnv });
    hangup = () => child.kill('SIGHUP');
    const pipe = child.stdio[FD] as NodeJS.ReadableStream & { destroy(): void };
    const feed = recordReader(onRecord);
    pipe.on('data', (b: Buffer) => feed(b));
    pipe.on('error', () => {});
    let ended = false;
    pipe.on('end', () => (ended = true));
    child.on('error', (e: NodeJS.ErrnoException) => {
      done();
      reject(new PmError(e.code === 'ENOENT' ? `shell: ${binary} not found` : `shell: cannot start ${binary}: ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      const finish = () => {
        pipe.destroy();
        done();
        resolve(code ?? 128 + ((signal && constants.signals[signal]) || 0));
      };
      if (ended) finish();
      else {
        const t = setTimeout(finish, DRAIN_MS);
        pipe.on('end', () => {
          clearTimeout(t);
          finish();
        });
      }
    });
  });
}
