// `postmortem snapshot`: read the whole machine, put the exhausted resource at the top, save the
// evidence into the active incident (unless --no-save).
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Globals } from '../context.js';
import { PmError, UsageError, WriteError } from '../errors.js';
import { renderSnapshot } from '../snapshot/render.js';
import { takeSnapshot, type Snapshot } from '../snapshot/snapshot.js';
import { parseThresholds } from '../snapshot/thresholds.js';
import { progress, progressDone } from '../util/term.js';

export interface SnapshotArgs {
  save?: boolean;
  root?: string;
  /** true: hunt the fullest filesystem; a string: that mount point. */
  deep?: boolean | string;
  failOn?: string;
  threshold?: string[];
  probe?: string[];
}

export type SnapshotData = Snapshot & { saved?: string };

export async function run(args: SnapshotArgs, g: Globals): Promise<SnapshotData> {
  if (args.failOn !== undefined && args.failOn !== 'critical' && args.failOn !== 'warning') throw new UsageError(`--fail-on ${args.failOn}: expected critical or warning`);
  const thresholds = parseThresholds(args.threshold ?? []);
  if (args.root !== undefined && !statSync(args.root, { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(`--root ${args.root}: no such folder; expected the root of a machine to read (a fixture tree, a mounted image)`);
  progress('reading /proc and /sys…');
  const deepMount = typeof args.deep === 'string' ? path.resolve(args.deep) : undefined;
  const snap = await takeSnapshot({ root: args.root, deep: Boolean(args.deep), deepMount, thresholds, ids: args.probe?.length ? args.probe : undefined });
  progressDone();
  if (args.save === false) return snap;
  // the document model (YAML, Markdown) loads only when saving: --no-save stays fast on a sick machine
  const [{ resolveIncident }, { saveSnapshot }] = await Promise.all([import('../incidents/store.js'), import('../snapshot/save.js')]);
  // Whatever stops the save (no incident, a full disk), the report still reaches the user on stdout,
  // the reason goes to stderr and the exit code is 1 alike, so cron notices either way.
  const fallback = g.json ? JSON.stringify(snap, null, 2) : renderSnapshot(snap);
  try {
    return { ...snap, saved: await saveSnapshot(await resolveIncident(g), snap, fallback) };
  } catch (e) {
    if (e instanceof PmError && !(e instanceof UsageError)) throw new WriteError(`snapshot not saved: ${e.message}${e instanceof WriteError ? '' : ' (or pass --no-save)'}`, fallback);
    throw e;
  }
}

export function format(d: SnapshotData): string {
  return renderSnapshot(d, { saved: d.saved });
}

export function exitCode(d: SnapshotData, args: SnapshotArgs): number {
  if (args.failOn === 'critical') return d.findings.some((f) => f.severity === 'critical') ? 1 : 0;
  if (args.failOn === 'warning') return d.findings.some((f) => f.severity !== 'info') ? 1 : 0;
  return 0;
}
