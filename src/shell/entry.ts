// What a recorded command becomes in the timeline: "`$ df -i` → exit 0, 0.02 s". The command line
// passes the redaction gate before anything is built from it, and the entry is mdast serialised by
// remark-stringify, so backticks, `*` or `[` in a command stay text.
import { code, inline, text } from '../doc/generate.js';
import { redact, type Redacted } from '../redact/redact.js';
import { formatSeconds } from '../commands/run.js';
import type { ShellRecord } from './records.js';

/** Longer command lines are cut in the entry (a pasted script is not a timeline entry). */
export const MAX_COMMAND = 160;

/** The command line as it may be shown or stored: one line, redacted, cut at MAX_COMMAND. */
export function shownCommand(command: string): Redacted {
  const line = redact(command.replace(/\s*[\r\n]+\s*/g, ' ').trim());
  return line.length > MAX_COMMAND ? redact(`${line.slice(0, MAX_COMMAND - 1)}…`) : line;
}

export function entryText(r: ShellRecord): Redacted {
  return inline([code(`$ ${shownCommand(r.command)}`), text(` → ${exitText(r)}, ${formatSeconds(r.durationMs)}`)]);
}

/** "exit 0", and the pipeline's codes when one of them failed behind a 0: "exit 0 (pipeline: 2, 0)". */
export function exitText(r: ShellRecord): string {
  const hidden = r.pipeline.length > 1 && r.pipeline.some((c) => c !== 0);
  return `exit ${r.exitCode}${hidden ? ` (pipeline: ${r.pipeline.join(', ')})` : ''}`;
}

/** --quiet-ok leaves out what succeeded within a second (every part of a pipeline): the timeline keeps what mattered. */
export function isQuietOk(r: ShellRecord): boolean {
  return r.exitCode === 0 && r.pipeline.every((c) => c === 0) && r.durationMs < 1000;
}
