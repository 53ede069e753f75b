// `explain <error text>`: which exhausted resources produce this message, ranked, and how to check.
import { readFileSync } from 'node:fs';
import type { Globals } from '../context.js';
import { UsageError } from '../errors.js';
import { explain, type ExplainedSuspect, type ExplainResult } from '../explain/explain.js';
import { checkLive } from '../explain/live.js';
import { redact } from '../redact/redact.js';
import { c } from '../util/term.js';

export interface ExplainArgs {
  text?: string[];
  /** commander's --no-live sets live: false. */
  live?: boolean;
}

/** The text to explain: the arguments, or stdin when there are none and it is not a terminal. */
export function inputOf(args: ExplainArgs, stdin: { isTTY?: boolean; read: () => string } = { isTTY: process.stdin.isTTY, read: () => readFileSync(0, 'utf8') }): string {
  const given = (args.text ?? []).join(' ').trim();
  if (given) return given;
  if (stdin.isTTY) throw new UsageError('explain: give the error text, or pipe a log into it (journalctl -b | postmortem explain)');
  const piped = stdin.read().trim();
  if (!piped) throw new UsageError('explain: nothing on stdin; give the error text as an argument');
  return piped;
}

export async function run(args: ExplainArgs, _g: Globals): Promise<ExplainResult> {
  // Read on the raw text (the gate would turn "session key: disk quota exceeded" into "key:
  // [redacted]", losing the errno); what it quotes back of a pasted log passes the gate.
  const r = await explain(inputOf(args), { live: args.live === false ? null : checkLive });
  return { ...r, input: redact(r.input), errors: r.errors.map((e) => ({ ...e, input: redact(e.input) })) };
}

const ENV_WORDS = { openvz: 'an OpenVZ/Virtuozzo container', container: 'a container', host: 'not a container' };
const STATE = {
  'at-limit': (s: string) => c.red(c.bold(s)),
  near: (s: string) => c.yellow(s),
  ok: (s: string) => c.green(s),
  absent: (s: string) => c.dim(s),
  unknown: (s: string) => c.dim(s),
};
const STATE_WORDS = { 'at-limit': 'AT ITS LIMIT now', near: 'near its limit now', ok: 'fine right now', absent: 'not on this machine', unknown: 'not checked live' };

/** Wraps prose to the terminal (or 100 columns) under a hanging indent. */
function wrap(text: string, indent: string, width = Math.min(process.stdout.columns || 100, 110)): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.map((l, i) => (i === 0 ? l : indent + l)).join('\n');
}

function suspectLines(s: ExplainedSuspect, i: number, full: boolean): string[] {
  const state = s.live ? `  ${STATE[s.live.state](`[${STATE_WORDS[s.live.state]}]`)}` : '';
  const lines = [`${c.bold(`${i + 1}. ${s.resource}`)}: ${s.title}${state}`];
  if (!full) return lines;
  if (s.live && (s.live.state === 'at-limit' || s.live.state === 'near')) for (const d of s.live.detail) lines.push(`   live: ${wrap(d, '         ')}`);
  lines.push(`   why: ${wrap(s.why, '        ')}`);
  lines.push(`   confirm: ${s.confirm.map((x, j) => (j === 0 ? x : `            ${x}`)).join('\n')}`);
  return lines;
}

export function format(r: ExplainResult): string {
  const out: string[] = [];
  if (r.env) out.push(c.dim(`This machine is ${ENV_WORDS[r.env]} (checked live).`));
  if (r.liveError) out.push(c.yellow(`live check failed: ${r.liveError}`));
  if (r.errors.length > 1) {
    out.push(c.bold(`${r.errors.length} distinct errors:`));
    for (const e of r.errors) {
      const top = e.suspects.slice(0, 3).map((s) => s.resource).join(', ') || 'no known resource';
      out.push(`  ${e.count > 1 ? `${e.count}× ` : ''}${e.input.length > 140 ? e.input.slice(0, 139) + '…' : e.input}`);
      out.push(c.dim(`     -> ${top}`));
    }
    out.push('', c.bold('Together they point at:'));
  } else {
    const e = r.errors[0]!;
    out.push(`${c.bold(JSON.stringify(e.input.length > 200 ? e.input.slice(0, 199) + '…' : e.input))}${e.errnos.length ? `  (${e.errnos.join(', ')})` : ''}`, '');
  }
  if (!r.suspects.length) {
    out.push('No known resource-exhaustion pattern in this text. Try the errno alone (postmortem explain ENOSPC) or run postmortem snapshot.');
    return out.join('\n');
  }
  r.suspects.forEach((s, i) => out.push(...suspectLines(s, i, i < 3), ...(i < 3 ? [''] : [])));
  if (r.env && !r.suspects.some((s) => s.live?.state === 'at-limit' || s.live?.state === 'near'))
    out.push(c.dim('None of the suspects that can be measured is near its limit right now: the shortage may come and go (check the counters above), or the cause is elsewhere.'));
  return out.join('\n').trimEnd();
}
