// `postmortem diff <a> [b]`: what changed between two snapshots (b defaults to the machine now).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Globals } from '../context.js';
import { PmError, UsageError } from '../errors.js';
import { insideIncident, resolveIncident } from '../incidents/store.js';
import { readFailure } from '../util/readfile.js';
import { diffSnapshots, loadSnapshot, renderDiff, sourceOf, type SnapshotDiff } from '../snapshot/diff.js';
import { takeSnapshot } from '../snapshot/snapshot.js';

export interface DiffArgs {
  a: string;
  b?: string;
  root?: string;
}

/** A saved snapshot's name: [<host>-]<time>Z[_<n>].json (save.ts), or undefined for another file. */
export function snapshotFileParts(f: string): { host?: string; time: string; n: number } | undefined {
  const m = /^(?:(.+)-)?(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ)(?:_(\d+))?\.json$/.exec(f);
  return m ? { ...(m[1] ? { host: m[1] } : {}), time: m[2]!, n: Number(m[3] ?? 1) } : undefined;
}

/** Oldest first: by the time in the name (a fleet's host prefix must not decide what is "latest"). */
function byTime(files: string[]): string[] {
  const k = (f: string) => snapshotFileParts(f) ?? { time: '', n: 0 };
  return [...files].sort((x, y) => k(x).time.localeCompare(k(y).time) || k(x).n - k(y).n || x.localeCompare(y));
}

/**
 * A snapshot file: a path; or in the incident's snapshots folder a file name (snapshots/NAME too),
 * "latest" / "first", a host's name (its latest snapshot: `diff web-1 web-2`), or a unique prefix.
 */
async function locate(name: string, g: Globals): Promise<string> {
  if (existsSync(name)) return name;
  const ref = await resolveIncident(g, g.incident, true);
  const dir = insideIncident(ref, 'snapshots');
  let all: string[] = [];
  try {
    all = byTime(readdirSync(dir).filter((f) => f.endsWith('.json')));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw readFailure(dir, e, 'the snapshots folder');
  }
  const base = name.replace(/^snapshots[/\\]/, '');
  const host = base.replace(/[^A-Za-z0-9._-]/g, '_'); // as save.ts writes a host into a name
  const ofHost = all.filter((f) => snapshotFileParts(f)?.host === host);
  const hits = all.includes(base) ? [base]
    : all.includes(`${base}.json`) ? [`${base}.json`]
    : name === 'latest' ? all.slice(-1)
    : name === 'first' ? all.slice(0, 1)
    : ofHost.length ? ofHost.slice(-1)
    : all.filter((f) => f.startsWith(base));
  if (hits.length === 1) return path.join(dir, hits[0]!);
  if (hits.length > 1) throw new PmError(`snapshot "${name}" is ambiguous in ${dir}: ${hits.join(', ')}`);
  throw new PmError(`no snapshot "${name}": not a file, and not in ${dir}${all.length ? ` (there: ${all.slice(-5).join(', ')})` : ''}`);
}

export async function run(args: DiffArgs, g: Globals): Promise<SnapshotDiff> {
  const fa = await locate(args.a, g);
  const a = loadSnapshot(fa);
  // "now" is this machine: against a remote host's snapshot that would compare two machines unasked
  const remote = sourceOf(a);
  if (args.b === undefined && remote !== undefined)
    throw new UsageError(`${fa} is a snapshot of ${remote}, not of this machine: name the snapshot to compare it with (b defaults to this machine now)`);
  const fb = args.b === undefined ? undefined : await locate(args.b, g);
  const b = fb === undefined ? await takeSnapshot({ root: args.root }) : loadSnapshot(fb);
  const d = diffSnapshots(a, b);
  d.a.file = fa;
  if (fb) d.b.file = fb;
  return d;
}

export const format = renderDiff;
