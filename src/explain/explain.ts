// `explain`: from an error message (or a whole pasted log) to the exhausted resources behind it.
import { findErrnos } from './errno.js';
import type { Env } from './kb.js';
import { applyLive, type Live, type LiveCheck } from './live.js';
import { rank, type Suspect } from './match.js';
import { distinctErrors } from './split.js';
import type { Mount } from '../util/mountinfo.js';

export type ExplainedSuspect = Suspect & { live?: Live };

export interface ErrorExplanation {
  input: string;
  /** How often this error (times, pids and names aside) occurred in the input. */
  count: number;
  errnos: string[];
  suspects: ExplainedSuspect[];
}

export interface ExplainResult {
  input: string;
  /** Most likely first; for a log with several distinct errors, what they point at together. */
  suspects: ExplainedSuspect[];
  errors: ErrorExplanation[];
  /** Where we run, as checked live (null with --no-live). */
  env: Env | null;
  /** Why the live check did not happen, when it was asked for and failed. */
  liveError?: string;
}

export interface ExplainOptions {
  /** The live check; null or undefined explains from the text alone. */
  live?: LiveCheck | null;
  /** The mount table a named path is looked up in (default: this machine's; tests pass their own). */
  mounts?: Mount[];
}

const INPUT_ECHO = 4000;
/** Suspects far behind the first are noise: "No space left on device" could be a semaphore, but hardly. */
const KEEP_SHARE = 0.25;

const prune = <T extends { score: number }>(list: T[]): T[] => list.filter((s) => s.score >= KEEP_SHARE * (list[0]?.score ?? 0));

export async function explain(text: string, opts: ExplainOptions = {}): Promise<ExplainResult> {
  const trimmed = text.trim();
  // One line is one error; a log is split into its distinct errors. A multi-line message that
  // matches nowhere line by line (a stack trace, say) is read as a whole.
  let parts = trimmed.includes('\n') ? distinctErrors(trimmed, (l) => rank(l).length > 0) : [];
  if (!parts.length) parts = [{ text: trimmed, count: 1 }];

  let env: Env | null = null;
  let liveError: string | undefined;
  const mounts = opts.mounts;
  let errors: ErrorExplanation[] = parts.map((p) => ({ input: p.text, count: p.count, errnos: findErrnos(p.text), suspects: prune(rank(p.text, { mounts })) }));
  if (opts.live) {
    const ids = [...new Set(errors.flatMap((e) => e.suspects.flatMap((s) => s.probes)))];
    try {
      const report = await opts.live(ids);
      env = report.env;
      // Pruned by the text alone, so a suspect the live check rules out is still shown as ruled out;
      // one that does not exist here (no beancounters outside OpenVZ) is left out.
      errors = errors.map((e) => ({ ...e, suspects: applyLive(prune(rank(e.input, { env: report.env, mounts })), report).filter((s) => s.live.state !== 'absent') }));
    } catch (e) {
      liveError = (e as Error).message;
    }
  }
  return {
    input: trimmed.length > INPUT_ECHO ? `${trimmed.slice(0, INPUT_ECHO)}…` : trimmed,
    suspects: errors.length === 1 ? errors[0]!.suspects : prune(combine(errors)),
    errors,
    env,
    ...(liveError ? { liveError } : {}),
  };
}

/** Several errors: a resource that several of them point at rises; each keeps its best reason. */
function combine(errors: ErrorExplanation[]): ExplainedSuspect[] {
  const by = new Map<string, { best: ExplainedSuspect; score: number; errors: number }>();
  for (const e of errors)
    for (const s of e.suspects) {
      const seen = by.get(s.resource);
      if (!seen) by.set(s.resource, { best: s, score: s.score, errors: 1 });
      else {
        seen.score += s.score;
        seen.errors++;
        if (s.score > seen.best.score) seen.best = s;
      }
    }
  return [...by.values()]
    .sort((a, b) => b.score - a.score)
    .map(({ best, score, errors: n }) => ({ ...best, score, why: `${n} of ${errors.length} distinct errors point here. ${best.why}` }));
}
