// `hunt` counts files on disks. /proc, /sys and /dev are the kernel's views: their "files" are
// processes, devices and settings, /proc/kcore alone claims terabytes, and reading some of them blocks.
// So they are refused up front (after resolving symlinks), as is any mount of such a filesystem elsewhere.
// One exception: a tmpfs mounted under /dev (/dev/shm) holds real files, and a full one is an incident.
import type { Mount } from '../util/mountinfo.js';

export const KERNEL_DIRS = ['/proc', '/sys', '/dev'];

/** Kernel-view filesystems; autofs, hugetlbfs and the like are left out: folders on disks sit beneath them. */
const KERNEL_FS = new Set(['proc', 'sysfs', 'devtmpfs', 'devpts', 'mqueue', 'cgroup', 'cgroup2', 'debugfs', 'tracefs', 'securityfs', 'configfs', 'bpf', 'pstore', 'efivarfs']);

/**
 * The kernel view holding `real` (an absolute path, symlinks resolved): "/proc", "/sys", "/dev", or the
 * mount point of a kernel filesystem mounted elsewhere; null for a folder of real files.
 */
export function kernelViewOf(real: string, mounts: Mount[] | null): string | null {
  const under = (dir: string) => real === dir || real.startsWith(dir === '/' ? '/' : dir + '/');
  let holder: Mount | null = null;
  for (const m of mounts ?? []) if (under(m.mountPoint) && (!holder || m.mountPoint.length > holder.mountPoint.length)) holder = m;
  const dir = KERNEL_DIRS.find(under);
  if (dir === '/dev' && holder?.fsType === 'tmpfs' && holder.mountPoint.startsWith('/dev/')) return null;
  if (dir) return dir;
  return holder && KERNEL_FS.has(holder.fsType) ? holder.mountPoint : null;
}
