// `postmortem snapshot`: read the whole machine, put the exhausted resource at the top, save the
// evidence into the active incident (unless --no-save).
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Globals } from '../context.js';
import { PmError, RemoteError, UsageError, WriteError } from '../errors.js';
import { renderFleet, type HostResult } from '../remote/fleet.js';
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
  /** Capture files written by the collector (capture --script). */
  from?: string[];
  /** Hosts to read over ssh, comma-separated. */
  ssh?: string;
  /** A file with one host per line (# comments). */
  hosts?: string;
  /** An Ansible INI inventory, and the group of it to read (default all). */
  inventory?: string;
  group?: string;
  parallel?: string;
  /** Per-host deadline in seconds. */
  timeout?: string;
}

export type SnapshotData = (Snapshot & { saved?: string }) | FleetData;
/** Several hosts: one result per host (a snapshot or why it could not be read). */
export interface FleetData {
  fleet: Array<HostResult & { saved?: string }>;
}
const isFleet = (d: SnapshotData): d is FleetData => 'fleet' in d;

function positive(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${name} ${v}: expected a positive number`);
  return n;
}

/** --from / --ssh / --hosts / --inventory: the same engine on each host's capture; one host reads like a local snapshot. */
async function remote(args: SnapshotArgs, g: Globals): Promise<SnapshotData> {
  if (args.root !== undefined || args.deep) throw new UsageError('--root and --deep read this machine; they do not combine with --from or --ssh');
  const [{ fromFiles, overSsh }, { targetsOf, wantsSsh }] = await Promise.all([import('../remote/fleet.js'), import('../remote/targets.js')]);
  const viaSsh = wantsSsh(args);
  if (args.from?.length && viaSsh) throw new UsageError('--from and --ssh/--hosts/--inventory: choose one');
  const parallel = Math.floor(positive('--parallel', args.parallel, 8));
  const timeoutMs = positive('--timeout', args.timeout, 10) * 1000;
  const o = { thresholds: parseThresholds(args.threshold ?? []), ids: args.probe?.length ? args.probe : undefined };
  const hosts = viaSsh || args.group !== undefined ? targetsOf(args) : []; // --group alone: targetsOf says what is missing
  progress(viaSsh ? `reading ${hosts.length} host${hosts.length === 1 ? '' : 's'} over ssh…` : 'reading the capture…');
  const rs = viaSsh ? await overSsh(hosts, parallel, timeoutMs, o) : await fromFiles(args.from!, parallel, o);
  progressDone();
  if (rs.length === 1 && rs[0]!.error) throw new RemoteError(rs[0]!.error);
  const fleet: FleetData['fleet'] = rs;
  if (args.save !== false) {
    const [{ resolveIncident }, { saveSnapshot }, { saveFleet }] = await Promise.all([import('../incidents/store.js'), import('../snapshot/save.js'), import('../remote/save-fleet.js')]);
    const shown = rs.length === 1 ? renderSnapshot(rs[0]!.snapshot!) : renderFleet(rs);
    try {
      const ref = await resolveIncident(g);
      // one host is saved like a local snapshot; a fleet gets one summary and one timeline entry
      if (rs.length === 1) fleet[0]!.saved = await saveSnapshot(ref, rs[0]!.snapshot!, shown, rs[0]!.host);
      else for (const [host, file] of await saveFleet(ref, rs, shown)) fleet.find((r) => r.host === host)!.saved = file;
    } catch (e) {
      // as for a local snapshot: the report still reaches stdout, the reason goes to stderr, exit 1
      if (e instanceof PmError && !(e instanceof UsageError)) throw new WriteError(`snapshot not saved: ${e.message}${e instanceof WriteError ? '' : ' (or pass --no-save)'}`, shown);
      throw e;
    }
  }
  if (rs.length === 1) return { ...rs[0]!.snapshot!, saved: fleet[0]!.saved };
  return { fleet };
}

export async function run(args: SnapshotArgs, g: Globals): Promise<SnapshotData> {
  if (args.from?.length || args.ssh !== undefined || args.hosts !== undefined || args.inventory !== undefined || args.group !== undefined) return remote(args, g);
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
  if (isFleet(d)) return renderFleet(d.fleet) + saved(d.fleet.flatMap((r) => r.saved ?? []));
  return renderSnapshot(d, { saved: d.saved });
}

const saved = (files: string[]) => (files.length ? `\nsaved ${files.length} snapshot${files.length === 1 ? '' : 's'} in ${path.dirname(files[0]!)}` : '');

export function exitCode(d: SnapshotData, args: SnapshotArgs): number {
  if (isFleet(d)) {
    // a host that could not be read is a failure cron must see; otherwise --fail-on over every host
    if (d.fleet.some((r) => r.error)) return 1;
    return Math.max(0, ...d.fleet.map((r) => exitCode(r.snapshot!, args)));
  }
  if (args.failOn === 'critical') return d.findings.some((f) => f.severity === 'critical') ? 1 : 0;
  if (args.failOn === 'warning') return d.findings.some((f) => f.severity !== 'info') ? 1 : 0;
  return 0;
}
