// `hypothesis add|reject|confirm|list`: every idea tried during the outage, numbered H1, H2, ...,
// with status, reason and time. Each change also lands in the timeline, in one atomic write.
import path from 'node:path';
import type { Globals } from '../context.js';
import { UsageError } from '../errors.js';
import { formatIso, formatStamp } from '../doc/dates.js';
import { addTimelineEntry, oneLine, timelineLine } from '../doc/edit.js';
import { addHypothesis, hypothesesOf, setHypothesisStatus } from '../doc/edit-hypothesis.js';
import type { Hypothesis } from '../doc/model.js';
import { readText } from '../doc/load.js';
import { zoneOfFile } from '../doc/timezone.js';
import { updateDocument } from '../doc/update.js';
import { resolveIncident, warningsOf } from '../incidents/store.js';
import { redact } from '../redact/redact.js';
import { c, table } from '../util/term.js';
import { whenOf } from './log.js';

export interface HypothesisArgs {
  action: 'add' | 'reject' | 'confirm' | 'list';
  text?: string;
  n?: string;
  because?: string;
  at?: string;
  future?: boolean;
}

type Listed = Omit<Hypothesis, 'start' | 'end'>;

export interface HypothesisResult {
  action: HypothesisArgs['action'];
  id: string;
  file: string;
  /** The hypothesis added or changed (add, reject, confirm). */
  hypothesis?: Listed;
  /** The timeline entry written with the change. */
  timeline?: { at: string; text: string };
  /** Every hypothesis (list). */
  hypotheses?: Listed[];
  /** Other incidents' postmortems that could not be read (also warned about on stderr). */
  warnings?: string[];
}

export function parseN(n: string | undefined): number {
  const m = /^\s*H?(\d+)\s*$/i.exec(n ?? '');
  if (!m || Number(m[1]) < 1) throw new UsageError(`expected a hypothesis number like 2 or H2, got "${n ?? ''}"`);
  return Number(m[1]);
}

/** The hypothesis as the timeline mentions it: its first 60 characters. */
const short = (t: string) => (t.length > 60 ? `${t.slice(0, 59).trimEnd()}…` : t);

const strip = ({ start: _s, end: _e, ...rest }: Hypothesis): Listed => rest;

export async function run(args: HypothesisArgs, g: Globals): Promise<HypothesisResult> {
  const ref = await resolveIncident(g);
  const base = { action: args.action, id: ref.id, file: ref.file, ...warningsOf(ref.skipped) };
  if (args.action === 'list') return { ...base, hypotheses: hypothesesOf(await readText(ref.file), ref.file).map(strip) };

  const zone = await zoneOfFile(ref.file);
  const at = await whenOf(args.at, zone, args.future);
  let n = 0;
  let entry = '';
  if (args.action === 'add') {
    const text = redact(oneLine(args.text ?? ''));
    if (!text) throw new UsageError('hypothesis add: expected the hypothesis, e.g. postmortem hypothesis add "the MTA uses up sockets"');
    await updateDocument(
      ref.file,
      (source) => {
        const added = addHypothesis(source, text, ref.file);
        n = added.n;
        entry = `Hypothesis H${n}: ${text}`;
        return addTimelineEntry(added.source, at, redact(entry), ref.file, zone);
      },
      `- **H?** open — ${text}`,
    );
  } else {
    n = parseN(args.n);
    const status = args.action === 'reject' ? 'rejected' : 'confirmed';
    const because = args.because === undefined ? null : redact(oneLine(args.because));
    if (status === 'rejected' && !because) throw new UsageError(`hypothesis reject: say why with --because "<reason>"`);
    await updateDocument(
      ref.file,
      (source) => {
        const changed = setHypothesisStatus(source, n, status, at, because, ref.file);
        entry = `H${n} ${status}${because ? `: ${because}` : ''} (${short(changed.before.text)})`;
        return addTimelineEntry(changed.source, at, redact(entry), ref.file, zone);
      },
      `H${n} ${status} ${formatStamp(at, zone)}${because ? `: ${because}` : ''}`,
    );
  }
  const hypothesis = hypothesesOf(await readText(ref.file), ref.file).find((h) => h.n === n);
  return { ...base, hypothesis: hypothesis && strip(hypothesis), timeline: { at: formatIso(at, zone), text: oneLine(entry) } };
}

const paint = (s: string | null) => (s === 'confirmed' ? c.green(s) : s === 'rejected' ? c.red(s) : s === 'open' ? c.yellow(s) : (s ?? '?'));

export function format(r: HypothesisResult): string {
  if (r.action === 'list') {
    const hs = r.hypotheses ?? [];
    if (hs.length === 0) return `No hypotheses yet in ${r.id}; add one with: postmortem hypothesis add "<idea>"`;
    return table(
      hs.map((h) => [`H${h.n}`, paint(h.status), h.text + (h.reason ? c.dim(` — ${h.reason}`) : '') + (h.at ? c.dim(` (${h.at})`) : '')]),
      ['', 'status', 'hypothesis'],
    );
  }
  const h = r.hypothesis;
  const where = `${path.relative(process.cwd(), r.file) || r.file}${h ? `:${h.line}` : ''}`;
  return h ? `${where}  H${h.n} ${paint(h.status)} — ${h.text}${h.reason ? `\n  ${h.reason}` : ''}` : where;
}
