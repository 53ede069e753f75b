// Mount points from /proc/self/mountinfo, so the walk can stay on one filesystem without a stat
// per directory (readdir's entry types say "directory" but not which device it lives on).
import { readFileSync } from 'node:fs';

export interface Mount {
  mountPoint: string;
  fsType: string;
}

/** Filesystems that are never worth walking, even with --cross-mounts: kernel views and automounters. */
export const VIRTUAL_FS = new Set([
  'proc', 'sysfs', 'cgroup', 'cgroup2', 'devpts', 'debugfs', 'tracefs', 'securityfs', 'pstore', 'bpf',
  'configfs', 'fusectl', 'mqueue', 'autofs', 'binfmt_misc', 'efivarfs', 'hugetlbfs', 'rpc_pipefs', 'nsfs',
]);

/** mountinfo escapes space, tab, newline and backslash as \ooo octal (see proc(5), show_mountinfo). */
export function unescapeMountPath(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/**
 * Parses /proc/self/mountinfo. Line format (proc(5)):
 * `36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue`
 * field 5 is the mount point; the filesystem type follows the " - " separator.
 */
export function parseMountinfo(text: string): Mount[] {
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const fields = line.split(' ');
    const sep = fields.indexOf('-', 6);
    const mp = fields[4];
    const fsType = sep > 0 ? fields[sep + 1] : undefined;
    if (!mp || !fsType) continue;
    out.push({ mountPoint: unescapeMountPath(mp), fsType });
  }
  return out;
}

/** The mounts of this process, or null where /proc is not there (the walker then compares st_dev). */
export function readMounts(file = '/proc/self/mountinfo'): Mount[] | null {
  try {
    return parseMountinfo(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}
