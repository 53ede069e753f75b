// `run -- <command...>`: runs a command during the outage, shows its output live, and keeps it:
// output, exit code and duration go to evidence/<time>-<name>.txt, and a timeline entry links it.
// Everything kept (the command line, the output, the file name, the entry) passes the redaction
// gate first; the live terminal shows the output as it came. The command runs even when the
// incident cannot be found or written: what could not be saved is printed instead.
// The command's exit code becomes ours, so `pm run -- ...` scripts well.
import { spawn } from 'node:child_process';
import { constants, hostname } from 'node:os';
import path from 'node:path';
import type { Globals } from '../context.js';
import { PmError, UsageError, WriteError } from '../errors.js';
import { formatIso } from '../doc/dates.js';
import { code, inline, link, text } from '../doc/generate.js';
import { writeCaptured } from '../incidents/captured.js';
import { resolveIncidentOrError } from '../incidents/store.js';
import { redact, redactArgv, type Redacted } from '../redact/redact.js';
import { slugify } from '../util/slug.js';
import { logEntry } from './log.js';

export interface RunArgs {
  command: string[];
}

export interface RunResult {
  id: string;
  file: string;
  /** The command line as saved (redacted). */
  command: string;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  started: string;
  /** Path of the evidence file, relative to the incident folder. */
  evidence: string;
  /** Bytes of output seen; only the first MAX_SAVED are saved. */
  bytes: number;
  truncated: boolean;
  line: number;
}

/** Output kept in memory and saved; the rest is shown live but not saved (a runaway `find /`). */
export const MAX_SAVED = 8 * 1024 * 1024;

interface Captured {
  output: Buffer;
  bytes: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  error: string | null;
  durationMs: number;
}

/** Runs argv with stdin inherited, teeing stdout and stderr to `out`/`err` and into one buffer. */
export function capture(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<Captured> {
  const t0 = process.hrtime.bigint();
  const chunks: Buffer[] = [];
  let kept = 0, bytes = 0;
  const keep = (b: Buffer) => {
    bytes += b.length;
    if (kept >= MAX_SAVED) return;
    const part = b.length > MAX_SAVED - kept ? b.subarray(0, MAX_SAVED - kept) : b;
    chunks.push(part);
    kept += part.length;
  };
  // Ctrl-C reaches the whole process group: let the command handle it, and save what it printed.
  const ignore = () => {};
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, ignore);
  return new Promise((resolve) => {
    let error: string | null = null;
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['inherit', 'pipe', 'pipe'] });
    child.stdout!.on('data', (b: Buffer) => {
      out.write(b);
      keep(b);
    });
    child.stderr!.on('data', (b: Buffer) => {
      err.write(b);
      keep(b);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code === 'ENOENT' ? `${argv[0]}: command not found` : e.code === 'EACCES' ? `${argv[0]}: permission denied` : e.message;
    });
    child.on('close', (code, signal) => {
      for (const s of signals) process.off(s, ignore);
      const durationMs = Number(process.hrtime.bigint() - t0) / 1e6;
      if (error) err.write(`postmortem: ${error}\n`);
      resolve({
        output: Buffer.concat(chunks),
        bytes,
        exitCode: error ? (/not found/.test(error) ? 127 : 126) : code,
        signal,
        error,
        durationMs,
      });
    });
  });
}

/** evidence/<UTC time>-<slug of the redacted command line>.txt (writeCaptured numbers it when taken). */
export function evidenceName(at: Date, argv: string[]): Redacted {
  const stamp = at.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  // redacted before slugging: "--password hunter2" would slug to "password-hunter2", which no rule knows
  const words = redactArgv([path.basename(argv[0] ?? 'command'), ...argv.slice(1)]);
  const base = `${stamp}-${slugify(words, 40).replace(/^incident$/, 'command')}`;
  return redact(`${base}.txt`);
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)} s` : `${Math.round(ms / 1000)} s`;
}

export function evidenceText(r: { command: Redacted; started: string; durationMs: number; exitCode: number | null; signal: string | null; error: string | null; cwd: string; output: Redacted; bytes: number; saved: number }): Redacted {
  const exit = r.signal ? `killed by ${r.signal}` : String(r.exitCode);
  const head = [
    `command:  ${r.command}`,
    `started:  ${r.started}`,
    `duration: ${(r.durationMs / 1000).toFixed(3)} s`,
    `exit:     ${exit}${r.error ? ` (${r.error})` : ''}`,
    `host:     ${hostname()}`,
    `cwd:      ${r.cwd}`,
  ];
  const cut = r.bytes > r.saved ? `\n--- output cut: ${r.bytes - r.saved} more bytes were shown but not saved ---\n` : '';
  const body = r.output.endsWith('\n') || r.output === '' ? r.output : `${r.output}\n`;
  return redact(`${head.join('\n')}\n\n--- output (stdout and stderr as they came) ---\n${body}${cut}`);
}

export async function run(args: RunArgs, g: Globals): Promise<RunResult> {
  const argv = args.command ?? [];
  if (argv.length === 0 || !argv[0]) throw new UsageError('run: expected a command, e.g. postmortem run -- df -i');
  // looked up while the command runs; a missing or broken incident must not stop the command
  const found = resolveIncidentOrError(g);
  const started = new Date();
  // With --json, stdout carries only the JSON: the command's output goes to stderr.
  const cap = await capture(argv, g.json ? process.stderr : process.stdout, process.stderr);

  const command = redactArgv(argv);
  const exit = cap.signal ? cap.signal : `exit ${cap.exitCode}`;
  const shown = command.length > 120 ? `${command.slice(0, 119)}…` : command;
  const ran = `(${exit}, ${formatSeconds(cap.durationMs)})`;
  const notSaved = inline([text('Ran '), code(shown), text(` ${ran}; output not saved`)]);
  const ref = await found;
  if (ref instanceof PmError) throw new WriteError(`${ref.message}; the command ran ${ran}, nothing was saved`, notSaved);
  const body = evidenceText({
    command,
    started: formatIso(started),
    durationMs: cap.durationMs,
    exitCode: cap.exitCode,
    signal: cap.signal,
    error: cap.error,
    cwd: process.cwd(),
    output: redact(cap.output.toString('utf8')),
    bytes: cap.bytes,
    saved: cap.output.length,
  });
  const { name } = writeCaptured(ref, 'evidence', evidenceName(started, argv), body, notSaved);
  const rel = `evidence/${name}`;
  const entry = inline([text('Ran '), code(shown), text(` ${ran}: `), link(rel)]);
  const { line } = await logEntry(ref.file, started, entry);
  const result: RunResult = {
    id: ref.id,
    file: ref.file,
    command,
    exitCode: cap.exitCode,
    signal: cap.signal,
    durationMs: Math.round(cap.durationMs),
    started: formatIso(started),
    evidence: rel,
    bytes: cap.bytes,
    truncated: cap.bytes > cap.output.length,
    line,
  };
  // The summary goes to stderr: stdout stays exactly the command's output (pipes, redirects).
  if (!g.json) process.stderr.write(`${summary(result)}\n`);
  return result;
}

export function summary(r: RunResult): string {
  const exit = r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode}`;
  const doc = path.relative(process.cwd(), r.file) || r.file;
  return `postmortem: ${exit}, ${formatSeconds(r.durationMs)}; saved ${path.join(path.dirname(doc), r.evidence)}${r.truncated ? ` (first ${MAX_SAVED} of ${r.bytes} bytes)` : ''}, timeline ${doc}:${r.line}`;
}

/** The command's own exit code (128 + signal number when it was killed), like a shell. */
export function exitCode(r: RunResult): number {
  if (r.signal) return 128 + ((constants.signals as Record<string, number>)[r.signal] ?? 0);
  return r.exitCode ?? 1;
}
