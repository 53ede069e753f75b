// /proc/self/mountinfo, read once here for everyone: the snapshot's filesystems and cgroup probes,
// hunt (to stay on one filesystem) and the disk-full message (which mount is out of space).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Mount {
  mountPoint: string;
  /** major:minor of the filesystem: one per superblock, so statfs answers the same for every mount of it. */
  device: string;
  /** The folder of the filesystem this mount shows (field 4): "/" for a whole filesystem, deeper for a bind mount. */
  root?: string;
  fsType: string;
  source: string;
  /** Per-mount options (rw/ro as this mount sees it). */
  options: string[];
  /** Superblock options: "ro" here while the mount says "rw" means the kernel remounted it read-only. */
  superOptions: string[];
}

/** mountinfo escapes space, tab, newline and backslash as \ooo octal (see proc(5), show_mountinfo). */
export function unescapeMountPath(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/**
 * Parses /proc/self/mountinfo. Line format (proc(5)):
 * `36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue`
 * field 5 is the mount point; optional fields end at the " - " separator, then type, source, options.
 */
export function parseMountinfo(text: string): Mount[] {
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const f = line.split(' ');
    const sep = f.indexOf('-', 6);
    if (sep < 0 || f.length < sep + 3) throw new Error(`mountinfo: expected "... - fstype source options", got "${line}"`);
    out.push({
      mountPoint: unescapeMountPath(f[4]!),
      device: f[2]!,
      root: unescapeMountPath(f[3]!),
      options: f[5]!.split(','),
      fsType: f[sep + 1]!,
      source: unescapeMountPath(f[sep + 2]!),
      superOptions: (f[sep + 3] ?? '').split(','),
    });
  }
  return out;
}

/** This process's mounts, or null where /proc is missing or unreadable. */
export function readMounts(file = '/proc/self/mountinfo'): Mount[] | null {
  try {
    return parseMountinfo(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** The mount point holding `p`: the longest mount point that is `p` or a parent of it. */
export function mountPointOf(p: string, mounts = readMounts()): string {
  const abs = path.resolve(p);
  let best = '/';
  for (const { mountPoint: mp } of mounts ?? [])
    if ((abs === mp || abs.startsWith(mp.endsWith('/') ? mp : mp + '/')) && mp.length > best.length) best = mp;
  return best;
}
