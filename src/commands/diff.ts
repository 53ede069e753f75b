// `postmortem diff <a> [b]`: what changed between two snapshots (b defaults to the machine now).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Globals } from '../context.js';
import { PmError } from '../errors.js';
import { insideIncident, resolveIncident } from '../incidents/store.js';
import { readFailure } from '../util/readfile.js';
import { diffSnapshots, loadSnapshot, renderDiff, type SnapshotDiff } from '../snapshot/diff.js';
import { takeSnapshot } from '../snapshot/snapshot.js';

export interface DiffArgs {
  a: string;
  b?: string;
  root?: string;
}

/** A snapshot file: a path, or a name (or unique prefix, or "latest") in the incident's snapshots folder. */
async function locate(name: string, g: Globals): Promise<string> {
  if (existsSync(name)) return name;
  const ref = await resolveIncident(g, g.incident, true);
  const dir = insideIncident(ref, 'snapshots');
  let all: string[] = [];
  try {
    all = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw readFailure(dir, e, 'the snapshots folder');
  }
  const hits = name === 'latest' ? all.slice(-1) : name === 'first' ? all.slice(0, 1) : all.filter((f) => f.startsWith(name));
  if (hits.length === 1) return path.join(dir, hits[0]!);
  if (hits.length > 1) throw new PmError(`snapshot "${name}" is ambiguous in ${dir}: ${hits.join(', ')}`);
  throw new PmError(`no snapshot "${name}": not a file, and not in ${dir}${all.length ? ` (there: ${all.slice(-5).join(', ')})` : ''}`);
}

export async function run(args: DiffArgs, g: Globals): Promise<SnapshotDiff> {
  const fa = await locate(args.a, g);
  const a = loadSnapshot(fa);
  const fb = args.b === undefined ? undefined : await locate(args.b, g);
  const b = fb === undefined ? await takeSnapshot({ root: args.root }) : loadSnapshot(fb);
  const d = diffSnapshots(a, b);
  d.a.file = fa;
  if (fb) d.b.file = fb;
  return d;
}

export const format = renderDiff;
