// What changed between two snapshots, matched by finding id and subject: the fix working shows as
// "inodes /: critical 100 % -> info 9 %".
import { InputError } from '../errors.js';
import { readRegularFile } from '../util/readfile.js';
import { c, table } from '../util/term.js';
import { amount, pct } from './format.js';
import { SCHEMA, type Snapshot } from './snapshot.js';
import { SEVERITY_RANK, type Finding, type Severity } from './types.js';

export interface Side {
  severity: Severity;
  utilization: number | null;
  used: number | null;
  limit: number | null;
}
export interface Change {
  id: string;
  resource: string;
  subject: string;
  unit: Finding['unit'];
  kind: 'better' | 'worse' | 'changed' | 'new' | 'gone';
  before: Side | null;
  after: Side | null;
}
export interface DiffSide {
  file?: string;
  /** The machine's own name (its hostname). */
  host: string;
  /** For a remote capture: the host as it was named (ssh alias, inventory name, capture file). */
  source?: string;
  takenAt: string;
}
export interface SnapshotDiff {
  a: DiffSide;
  b: DiffSide;
  changes: Change[];
}

/** A remote snapshot's root is the name it was read by; a local one's is the absolute root read. */
export const sourceOf = (s: Snapshot): string | undefined => (s.root && !s.root.startsWith('/') ? s.root : undefined);
const sideOf = (s: Snapshot): DiffSide => {
  const source = sourceOf(s);
  return { host: s.host, ...(source ? { source } : {}), takenAt: s.takenAt };
};
/** "web-1 (box-17)": which host a side is, by the name it was read by and the name it gave. */
export const sideLabel = (x: DiffSide): string => (x.source && x.source !== x.host ? `${x.source} (${x.host})` : x.host);

export function loadSnapshot(file: string): Snapshot {
  const text = readRegularFile(file, 'a snapshot (JSON file)').toString('utf8');
  let s: Snapshot;
  try {
    s = JSON.parse(text) as Snapshot;
  } catch (e) {
    // V8's message may quote the text, line breaks and all: keep it to one short line, with the line number.
    let msg = (e as Error).message.replace(/\s+/g, ' ');
    if (msg.length > 80) msg = `${msg.slice(0, 79)}…`;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? ` (line ${text.slice(0, Number(pos[1])).split('\n').length})` : '';
    throw new InputError(file, undefined, `expected a snapshot (JSON), not valid JSON: ${msg}${line}`);
  }
  if (s?.schema !== SCHEMA || !Array.isArray(s.findings)) throw new InputError(file, undefined, `expected a snapshot with "schema": "${SCHEMA}" and findings`);
  return s;
}

const side = (f: Finding): Side => ({ severity: f.severity, utilization: f.utilization, used: f.used, limit: f.limit });
const key = (f: Finding) => `${f.id}\0${f.subject}`;

/**
 * Changes worth a line: severity moved, an alarm came or went, or utilization moved by at least
 * `minDelta` (an alarm) or `quietDelta` (a healthy resource: load and memory always wobble a little).
 */
export function diffSnapshots(a: Snapshot, b: Snapshot, minDelta = 0.01, quietDelta = 0.05): SnapshotDiff {
  const before = new Map(a.findings.map((f) => [key(f), f]));
  const after = new Map(b.findings.map((f) => [key(f), f]));
  const changes: Change[] = [];
  for (const [k, fa] of before) {
    const fb = after.get(k);
    const base = { id: fa.id, resource: fa.resource, subject: fa.subject, unit: fa.unit };
    if (!fb) {
      if (fa.severity !== 'info') changes.push({ ...base, kind: 'gone', before: side(fa), after: null });
      continue;
    }
    const dr = SEVERITY_RANK[fb.severity] - SEVERITY_RANK[fa.severity];
    const du = (fb.utilization ?? 0) - (fa.utilization ?? 0);
    const dUsed = fa.utilization === null && fa.used !== fb.used;
    const quiet = fa.severity === 'info' && fb.severity === 'info';
    if (dr === 0 && Math.abs(du) < (quiet ? quietDelta : minDelta) && !(dUsed && !quiet)) continue;
    const kind = dr > 0 ? 'better' : dr < 0 ? 'worse' : du < 0 ? 'better' : du > 0 ? 'worse' : 'changed';
    changes.push({ ...base, kind, before: side(fa), after: side(fb) });
  }
  for (const [k, fb] of after)
    if (!before.has(k) && fb.severity !== 'info') changes.push({ id: fb.id, resource: fb.resource, subject: fb.subject, unit: fb.unit, kind: 'new', before: null, after: side(fb) });
  const weight = (ch: Change) => Math.min(SEVERITY_RANK[ch.before?.severity ?? 'info'], SEVERITY_RANK[ch.after?.severity ?? 'info']);
  changes.sort((x, y) => weight(x) - weight(y) || Math.abs((y.after?.utilization ?? 0) - (y.before?.utilization ?? 0)) - Math.abs((x.after?.utilization ?? 0) - (x.before?.utilization ?? 0)));
  return { a: sideOf(a), b: sideOf(b), changes };
}

const sev = (s: Severity) => (s === 'critical' ? c.red(s) : s === 'warning' ? c.yellow(s) : c.dim(s));
function cell(x: Side | null, unit: Finding['unit']): string {
  if (!x) return c.dim('—');
  return `${sev(x.severity)} ${x.utilization !== null ? pct(x.utilization) : amount(x.used, unit)}`;
}

export function renderDiff(d: SnapshotDiff): string {
  const [la, lb] = [sideLabel(d.a), sideLabel(d.b)];
  const head = `${la} ${d.a.takenAt} → ${lb === la ? '' : lb + ' '}${d.b.takenAt}`;
  if (!d.changes.length) return `${head}\nNothing changed.`;
  const mark = { better: c.green('better'), worse: c.red('worse'), changed: 'changed', new: c.red('new'), gone: c.green('gone') };
  return `${head}\n${table(
    d.changes.map((ch) => [`${ch.resource} ${ch.subject}`, cell(ch.before, ch.unit), '→', cell(ch.after, ch.unit), mark[ch.kind]]),
  )}`;
}
