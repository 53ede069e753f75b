// `shell`: the admin's own shell (bash or zsh), recording every command they run into the active
// incident's timeline: "`$ df -i` → exit 0, 0.02 s" at the time it started. The hooks write to this
// process over an inherited pipe; this process writes the document under its lock. `exit` ends the
// shell and prints a summary. Without an incident to write to, it refuses before starting the
// shell: a recording that goes nowhere is worse than none (plain `bash` is always there).
import path from 'node:path';
import { isatty } from 'node:tty';
import type { Globals } from '../context.js';
import { PmError, UsageError } from '../errors.js';
import { resolveIncident, warningsOf } from '../incidents/store.js';
import { redact, type Redacted } from '../redact/redact.js';
import { formatSeconds } from './run.js';
import { recorder, type Recorded } from '../shell/recorder.js';
import { runShell, type ShellKind } from '../shell/spawn.js';

export interface ShellArgs {
  shell?: string;
  quietOk?: boolean;
}

export interface ShellResult {
  id: string;
  file: string;
  shell: ShellKind;
  /** The shell's own exit status (`exit 3`, or that of the last command). */
  shellExit: number;
  recorded: Recorded[];
  /** Commands left out by --quiet-ok. */
  skipped: number;
  /** Timeline lines that could not be written (also printed on stderr when it happened). */
  unsaved: Redacted[];
  warnings?: string[];
}

/** The shell to start: --shell, else $SHELL; its binary is $SHELL when that is the same kind. */
export function pickShell(option: string | undefined, envShell: string | undefined): { kind: ShellKind; binary: string } {
  const fromEnv = envShell ? path.basename(envShell) : undefined;
  const name = option ?? fromEnv ?? 'bash';
  if (name !== 'bash' && name !== 'zsh') {
    const why = option ? `--shell ${option}` : `$SHELL is ${envShell}`;
    throw new UsageError(`shell: cannot record ${name} (${why}); bash and zsh are supported: pass --shell bash or --shell zsh`);
  }
  return { kind: name, binary: fromEnv === name ? envShell! : name };
}

export async function run(args: ShellArgs, g: Globals): Promise<ShellResult> {
  const { kind, binary } = pickShell(args.shell, process.env.SHELL);
  const ref = await resolveIncident(g);
  // a shell reading a pipe or a file has no prompt, so the hooks would never run (isatty, not
  // process.stdin: that would open a stream on the terminal the shell is about to own)
  if (!isatty(0)) throw new PmError('shell: needs a terminal: standard input is not one');
  const doc = path.relative(process.cwd(), ref.file) || ref.file;
  const rec = recorder(ref.file, { quietOk: Boolean(args.quietOk), warn: (l) => process.stderr.write(`${l}\n`) });
  process.stderr.write(`postmortem: recording this ${kind} into ${doc}${args.quietOk ? ' (leaving out commands that succeed within a second)' : ''}; "exit" ends it\n`);
  const shellExit = await runShell(kind, binary, ref.id, process.env, (r) => rec.add(r));
  await rec.flush();
  return { id: ref.id, file: ref.file, shell: kind, shellExit, recorded: rec.recorded, skipped: rec.skipped, unsaved: rec.unsaved, ...warningsOf(ref.skipped) };
}

export function format(r: ShellResult): string {
  const doc = path.relative(process.cwd(), r.file) || r.file;
  const failed = r.recorded.filter((c) => c.exitCode !== 0);
  const out = [`postmortem: recorded ${count(r.recorded.length, 'command')} into ${doc}, ${failed.length} failed${r.skipped ? `; ${r.skipped} quick successes left out (--quiet-ok)` : ''}`];
  for (const c of failed.slice(0, MAX_LISTED)) out.push(`  exit ${c.exitCode}  ${formatSeconds(c.durationMs).padStart(7)}  $ ${c.command}`);
  if (failed.length > MAX_LISTED) out.push(`  … and ${failed.length - MAX_LISTED} more in the timeline`);
  if (r.unsaved.length) {
    out.push(`${count(r.unsaved.length, 'entry', 'entries')} could not be written; add them by hand:`);
    out.push(...r.unsaved);
  }
  return redact(out.join('\n'));
}

/** Failed commands listed in the summary; the timeline has them all. */
const MAX_LISTED = 20;

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** 1 when an entry could not be written, so a script notices. */
export function exitCode(r: ShellResult): number {
  return r.unsaved.length ? 1 : 0;
}
