// `hunt --by bytes` at a mount point adds up what it can see; df counts what is allocated. When the
// walk finds far less than the filesystem has in use, say why: deleted files still held open (named
// with their holders, read like lsof +L1), files hidden under a mount point (written into the folder
// before something was mounted over it), and the blocks reserved for root (df counts them as gone).
import fs from 'node:fs';
import { deletedOpen, deletedText, partial, type DeletedOnFs } from '../snapshot/deleted.js';
import { bytes, pct } from '../snapshot/format.js';
import { makeContext } from '../snapshot/run.js';
import type { Mount } from '../util/mountinfo.js';

export interface HuntGap {
  mountPoint: string;
  /** What statfs says is in use (blocks - bfree), and what the walk counted. */
  used: number;
  counted: number;
  /** Blocks only root may use: df shows the disk full before `used` reaches its size. */
  reserved: number;
  /** Looked for only when the walk found less than FAR_BELOW of `used`; null otherwise. */
  deleted: DeletedOnFs | null;
  /** Mount points below, which may hide files written before they were mounted over. */
  hiddenUnder: string[];
}

/** "Far below": the walk found less than this share of the bytes in use. */
export const FAR_BELOW = 0.5;

export const farBelow = (g: HuntGap): boolean => g.used > 0 && g.counted < FAR_BELOW * g.used;

/** The gap when `root` is a mount point (elsewhere the walk is only part of the filesystem); else null. */
export async function gapAt(root: string, mounts: Mount[] | null, counted: number, skippedMounts: string[]): Promise<HuntGap | null> {
  const m = [...(mounts ?? [])].reverse().find((x) => x.mountPoint === root); // the last mount on a point is the visible one
  if (!m) return null;
  let s: fs.StatsFs;
  try {
    s = await fs.promises.statfs(root);
  } catch {
    return null;
  }
  const gap: HuntGap = { mountPoint: root, used: (s.blocks - s.bfree) * s.bsize, counted, reserved: (s.bfree - s.bavail) * s.bsize, deleted: null, hiddenUnder: skippedMounts };
  if (farBelow(gap)) {
    // reading every process's fd links is not free: only when there is a gap to explain
    gap.deleted = deletedOpen(makeContext(), [m])[root]!;
  }
  return gap;
}

/** Pure: the lines that explain a gap (empty when the walk found at least half). */
export function gapLines(g: HuntGap): string[] {
  if (!farBelow(g)) return [];
  const out = [`only ${bytes(g.counted)} of the ${bytes(g.used)} in use on ${g.mountPoint} were found (${pct(g.counted / g.used)}); where the rest may be:`];
  if (g.deleted && g.deleted.bytes > 0) {
    const h = g.deleted.holders[0]!;
    out.push(`  ${deletedText(g.deleted)}`, `    restart pid ${h.pid} (${h.comm}) or truncate: : > /proc/${h.pid}/fd/${h.fd}   (was ${h.path})`);
  } else if (g.deleted) out.push(`  no deleted file is held open on it${partial(g.deleted) || ' (every process we may read was looked at)'}`);
  if (g.hiddenUnder.length) out.push(`  under the mount points ${g.hiddenUnder.slice(0, 3).join(', ')}${g.hiddenUnder.length > 3 ? ', ...' : ''}: files written there before the mount are hidden; see them with mount --bind ${g.mountPoint} /mnt/peek`);
  if (g.reserved > 0) out.push(`  ${bytes(g.reserved)} reserved for root: not in use, but df counts it as unavailable`);
  return out;
}
