// ext4's own error record: the superblock counts every error the kernel found (errors_count, with the
// first and last time) until fsck clears it, and /sys/fs/ext4/<dev>/ shows it live. Since Linux 6.9 an
// ext4 that hits an error with errors=remount-ro no longer sets the read-only flag: mountinfo keeps
// saying "rw" and only the superblock options gain "emergency_ro" (or "shutdown" after a shutdown
// ioctl), while every write fails with EROFS.
import { readlinkSync } from 'node:fs';
import path from 'node:path';
import { readNumber } from './read.js';
import type { ProbeContext } from './types.js';
import type { Mount } from '../util/mountinfo.js';

export interface Ext4Errors {
  count: number;
  /** Seconds since the epoch, or null when none is recorded. */
  firstTime: number | null;
  lastTime: number | null;
}

/** The kernel's name for the device (/sys/fs/ext4/<name>): "dm-0" for /dev/mapper/vg-root, so ask /sys/dev/block. */
function kernelName(ctx: ProbeContext, m: Mount): string {
  try {
    return path.basename(readlinkSync(ctx.path(`/sys/dev/block/${m.device}`)));
  } catch {
    return path.basename(m.source);
  }
}

/** The error record of an ext4 mount, or null where there is none to read (not ext4, no sysfs). */
export function readExt4Errors(ctx: ProbeContext, m: Mount): Ext4Errors | null {
  if (m.fsType !== 'ext4' && m.fsType !== 'ext3' && m.fsType !== 'ext2') return null;
  const dir = ctx.path(`/sys/fs/ext4/${kernelName(ctx, m)}`);
  const count = readNumber(`${dir}/errors_count`);
  if (count === null) return null;
  const time = (f: string) => {
    const t = readNumber(`${dir}/${f}`);
    return t ? t : null; // 0: never
  };
  return { count, firstTime: time('first_error_time'), lastTime: time('last_error_time') };
}

/** How the kernel has switched a mount that says "rw" to read-only, or null: superblock "ro", "emergency_ro", "shutdown". */
export function kernelReadOnly(m: Pick<Mount, 'options' | 'superOptions'>): string | null {
  if (!m.options.includes('rw')) return null;
  return ['emergency_ro', 'shutdown', 'ro'].find((o) => m.superOptions.includes(o)) ?? null;
}
