// `hunt [path]`: the heaviest places of a tree by inodes (default) or bytes.
import { UsageError } from '../errors.js';
import type { Globals } from '../context.js';
import { gapLines } from '../hunt/gap.js';
import { hunt, type HuntBy, type HuntResult } from '../hunt/hunt.js';
import { redact, redactValue } from '../redact/redact.js';
import { c, progress, progressDone, table } from '../util/term.js';

export interface HuntArgs {
  path?: string;
  by?: string;
  crossMounts?: boolean;
  maxTime?: string;
  top?: string;
  /** Hunt on this host over ssh (the host counts; see hunt/remote.ts). */
  ssh?: string;
}

export async function run(args: HuntArgs, _g: Globals): Promise<HuntResult> {
  const by = (args.by ?? 'inodes') as HuntBy;
  if (by !== 'inodes' && by !== 'bytes') throw new UsageError(`--by: expected inodes or bytes, got "${args.by}"`);
  const top = args.top === undefined ? 10 : Number(args.top);
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top: expected a whole number above 0, got "${args.top}"`);
  const maxTimeMs = args.maxTime === undefined ? undefined : parseDuration(args.maxTime);
  if (args.ssh !== undefined) {
    if (by !== 'inodes') throw new UsageError('hunt --ssh counts inodes only (bytes need a stat per file on the host); drop --by bytes');
    if (args.crossMounts) throw new UsageError('hunt --ssh stays on one filesystem (find -xdev); drop --cross-mounts');
    if (args.path === undefined) throw new UsageError(`hunt --ssh ${args.ssh}: expected the folder to hunt on the host, e.g. hunt --ssh ${args.ssh} /var`);
    const { huntOverSsh } = await import('../hunt/remote.js');
    progress(`hunting ${args.path} on ${args.ssh}…`);
    try {
      return await huntOverSsh(args.ssh, args.path, top, maxTimeMs);
    } finally {
      progressDone();
    }
  }
  try {
    const r = await hunt({
      path: args.path ?? '.',
      by,
      top,
      crossMounts: Boolean(args.crossMounts),
      maxTimeMs,
      onProgress: (p) => {
        const head = `hunting: ${n(p.inodes)} inodes in ${n(p.dirs)} folders${p.bytes === null ? '' : `, ${bytes(p.bytes)}`}  `;
        // One terminal line, or \r cannot take it back: shorten the path from the left.
        const room = (process.stderr.columns || 80) - head.length - 1;
        progress(head + (p.path.length <= room ? p.path : room > 1 ? '…' + p.path.slice(p.path.length - room + 1) : ''));
      },
    });
    // the gap names processes and the files they hold: captured text, through the gate for --json too
    return r.gap ? { ...r, gap: redactValue(r.gap) } : r;
  } finally {
    progressDone();
  }
}

/** "30s", "2m", "500ms", "1h" or plain seconds. */
export function parseDuration(s: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/.exec(s);
  if (!m) throw new UsageError(`--max-time: expected a duration like 30s, 2m or 500ms, got "${s}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms'];
  return Math.round(Number(m[1]) * unit);
}

const n = (x: number) => x.toLocaleString('en-US');

export function bytes(b: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = b;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) (v /= 1024), i++;
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function format(r: HuntResult): string {
  const weight = (e: { inodes: number; bytes: number | null }) => (r.by === 'bytes' ? (e.bytes ?? 0) : e.inodes);
  const whole = weight({ inodes: r.total.inodes, bytes: r.total.bytes });
  const rows = r.entries.map((e, i) => {
    // A parent listed beside its heavy child ranks by what lies outside it: say which lines it contains.
    const within = r.entries.flatMap((o, j) => (o.path.startsWith(e.path === '/' ? '/' : e.path + '/') ? [`#${j + 1}`] : []));
    const share = whole > 0 ? `${((100 * weight(e)) / whole).toFixed(weight(e) / whole < 0.1 ? 1 : 0)}%` : '';
    return [
      `${i + 1}`,
      n(e.inodes),
      e.bytes === null ? '-' : bytes(e.bytes),
      share,
      e.path + (within.length ? c.dim(` (includes ${within.join(', ')})`) : ''),
    ];
  });
  const lines = [
    c.bold(`Where the ${r.by} under ${r.root} went`) + c.dim(` (heaviest places first; ${r.by === 'bytes' ? 'allocated bytes, hard links once' : 'bytes: use --by bytes'})`),
    '',
    rows.length ? table(rows, ['#', 'inodes', 'bytes', 'share', 'path']) : 'nothing to list',
    '',
    `total: ${n(r.total.inodes)} inodes${r.total.bytes === null ? '' : `, ${bytes(r.total.bytes)}`} in ${n(r.total.dirs)} folders, ${(r.elapsedMs / 1000).toFixed(1)} s`,
  ];
  // names processes and the paths they hold: captured text, so through the gate
  const gap = r.gap ? gapLines(r.gap) : [];
  if (gap.length) lines.push(c.yellow(redact(gap[0]!)), ...gap.slice(1).map((l) => redact(l)));
  if (!r.complete) lines.push(c.yellow('partial: the time budget ran out; counts are lower bounds'));
  if (r.errorCount) {
    const shown = r.errors.slice(0, 5).map((e) => `${e.path} (${e.code})`);
    lines.push(c.yellow(`${r.errorCount} unreadable (each counted as one inode): ${shown.join(', ')}${r.errorCount > shown.length ? ', ...' : ''}`));
  }
  if (r.skippedMounts.length) {
    const shown = r.skippedMounts.slice(0, 6);
    lines.push(c.dim(`not entered (other filesystems; --cross-mounts to enter): ${shown.join(', ')}${r.skippedMounts.length > shown.length ? ', ...' : ''}`));
  }
  return lines.join('\n');
}
