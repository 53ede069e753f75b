// `postmortem export --textfile DIR`: one snapshot-engine run as metrics for node_exporter's textfile
// collector (DIR/postmortem.prom), for what node_exporter itself does not read. Meant for cron.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Globals } from '../context.js';
import { UsageError } from '../errors.js';
import { seriesCount } from '../prom/metrics.js';
import { textfile, writeTextfile } from '../prom/textfile.js';
import { takeSnapshot } from '../snapshot/snapshot.js';
import { parseThresholds } from '../snapshot/thresholds.js';
import { progress, progressDone } from '../util/term.js';

export interface ExportArgs {
  textfile?: string;
  threshold?: string[];
  root?: string;
}

export interface ExportData {
  path: string;
  families: Array<{ name: string; series: number }>;
  series: number;
  findings: Record<'critical' | 'warning' | 'info', number>;
  takenAt: string;
}

const isDir = (d: string) => Boolean(statSync(d, { throwIfNoEntry: false })?.isDirectory());

export async function run(args: ExportArgs, _g: Globals): Promise<ExportData> {
  if (!args.textfile) throw new UsageError('export: expected --textfile DIR (the folder given to node_exporter as --collector.textfile.directory)');
  const dir = path.resolve(args.textfile);
  // a typo must not create a folder node_exporter never reads
  if (!isDir(dir)) throw new UsageError(`--textfile ${args.textfile}: no such folder; expected the folder node_exporter reads (--collector.textfile.directory)`);
  if (args.root !== undefined && !isDir(args.root)) throw new UsageError(`--root ${args.root}: no such folder; expected the root of a machine to read (a fixture tree, a mounted image)`);
  const thresholds = parseThresholds(args.threshold ?? []);
  progress('reading /proc and /sys…');
  const snap = await takeSnapshot({ root: args.root, thresholds });
  progressDone();
  const { text, families } = textfile(snap);
  const file = writeTextfile(dir, text);
  const count = (s: string) => snap.findings.filter((f) => f.severity === s).length;
  return {
    path: file,
    families: families.map((f) => ({ name: f.name, series: f.samples.length })),
    series: seriesCount(families),
    findings: { critical: count('critical'), warning: count('warning'), info: count('info') },
    takenAt: snap.takenAt,
  };
}

export function format(d: ExportData): string {
  return `wrote ${d.path}: ${d.families.length} metric families, ${d.series} series (findings: ${d.findings.critical} critical, ${d.findings.warning} warning)`;
}
