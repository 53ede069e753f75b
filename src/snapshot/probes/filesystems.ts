// Every real filesystem's bytes *and* inodes (df shows bytes; the seed's outage was inodes), read-only
// remounts, and mounts that do not answer. statfs runs in a child killed at the deadline (isolate.ts).
import { failures, note, usage } from '../assess.js';
import { deletedIfFull, withHolders, type DeletedOnFs } from '../deleted.js';
import { readOptional } from '../read.js';
import type { Finding, Probe, StatfsResult } from '../types.js';
import { parseMountinfo, type Mount } from '../../util/mountinfo.js';

// Pseudo and always-full filesystems, after node_exporter's defaults (squashfs images are 100 % by design).
const PSEUDO = new Set('autofs binfmt_misc bpf cgroup cgroup2 configfs debugfs devpts fusectl hugetlbfs iso9660 mqueue nsfs proc procfs pstore rpc_pipefs securityfs selinuxfs squashfs erofs sysfs tracefs ramfs efivarfs nfsd'.split(' '));
const SKIP_POINTS = /^\/(proc|sys|run\/credentials\/.+|var\/lib\/docker\/.+|var\/lib\/containers\/storage\/.+|snap\/.+)($|\/)/;

/** The mounts worth measuring, one per device (bind mounts of the same filesystem show the same numbers). */
export function realMounts(mounts: Mount[]): Mount[] {
  // a later mount on the same point hides the earlier one
  const visible = [...new Map(mounts.map((m) => [m.mountPoint, m])).values()];
  const seen = new Set<string>();
  const out: Mount[] = [];
  for (const m of visible) {
    if (PSEUDO.has(m.fsType) || SKIP_POINTS.test(m.mountPoint)) continue;
    if (m.fsType === 'overlay' && m.mountPoint !== '/') continue; // container layers; the container's own root counts
    const key = `${m.device}|${m.fsType}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}

export type FsState = { kind: 'ok'; statfs: StatfsResult } | { kind: 'stuck' } | { kind: 'error'; error: string };
export interface FilesystemsData {
  mounts: Array<Mount & { state: FsState }>;
  timeoutMs: number;
  /** Deleted files still open, per mount point (see deleted.ts); null when not looked for. */
  deleted?: Record<string, DeletedOnFs> | null;
}

const NETWORK = /^(nfs4?|cifs|smb3|sshfs|fuse.*|glusterfs|ceph|9p|davfs)$/;

export const filesystems: Probe<FilesystemsData> = {
  id: 'filesystems',
  description: 'bytes and inodes of every real filesystem, read-only remounts, hung mounts',
  async collect(ctx) {
    const text = readOptional(ctx.path('/proc/self/mountinfo')) ?? readOptional(ctx.path('/proc/1/mountinfo'));
    if (text === null) throw new Error('/proc/self/mountinfo: not found');
    const mounts = realMounts(parseMountinfo(text));
    const timeoutMs = 2500;
    const answers = await ctx.statfs(
      mounts.map((m) => m.mountPoint),
      timeoutMs,
    );
    const data: FilesystemsData = {
      timeoutMs,
      mounts: mounts.map((m, i) => {
        const a = answers[i]!;
        const state: FsState = 'ok' in a ? { kind: 'ok', statfs: a.ok } : 'stuck' in a ? { kind: 'stuck' } : { kind: 'error', error: a.error };
        return { ...m, state };
      }),
    };
    return { ...data, deleted: deletedIfFull(ctx, data.mounts) };
  },
  assess(d, t) {
    const out: Finding[] = [];
    for (const m of d.mounts) {
      const subject = m.mountPoint;
      if (m.state.kind === 'stuck') {
        out.push(
          failures({
            id: 'filesystems.stuck',
            resource: 'mount',
            subject,
            count: 1,
            message: `${subject} (${m.fsType} ${m.source}) did not answer statfs within ${d.timeoutMs / 1000} s: the mount hangs`,
            hint: NETWORK.test(m.fsType)
              ? 'the server or FUSE daemon is gone; anything touching this path hangs (umount -l, or restart the daemon)'
              : 'the device does not answer; see kernel-log for I/O errors',
          }),
        );
        continue;
      }
      if (m.options.includes('rw') && m.superOptions.includes('ro'))
        out.push(
          failures({
            id: 'filesystems.remounted-ro',
            resource: 'mount',
            subject,
            count: 1,
            message: `${subject} was remounted read-only by the kernel (mounted rw, superblock ro): writes fail`,
            hint: 'usually filesystem errors (errors=remount-ro); see kernel-log, then fsck',
          }),
        );
      else if (m.options.includes('ro'))
        out.push(note({ id: 'filesystems.read-only', severity: subject === '/' ? 'warning' : 'info', resource: 'mount', subject, message: `${subject} is mounted read-only`, hint: 'writes there fail with "Read-only file system"' }));
      if (m.state.kind === 'error') {
        out.push(note({ id: 'filesystems.statfs', severity: 'info', resource: 'mount', subject, message: `${subject}: statfs failed (${m.state.error})`, hint: '' }));
        continue;
      }
      const s = m.state.statfs;
      if (s.blocks > 0) {
        const used = s.blocks - s.bfree;
        // like df: the reserved blocks are not available to users, so the limit is used + available
        out.push(
          usage({
            id: 'filesystems.bytes',
            resource: 'disk space',
            subject,
            used: used * s.bsize,
            limit: (used + s.bavail) * s.bsize,
            unit: 'bytes',
            level: t['fs-bytes'],
            hint: 'writes fail with "No space left on device"; find the biggest: postmortem hunt --by bytes',
          }),
        );
      }
      if (s.files > 0)
        out.push(
          usage({
            id: 'filesystems.inodes',
            resource: 'inodes',
            subject,
            used: s.files - s.ffree,
            limit: s.files,
            level: t['fs-inodes'],
            hint: 'creating files and sockets fails ("No space left on device", "cannot create file", even "Cannot allocate memory") while df -h looks fine; find them: postmortem hunt ' + subject,
          }),
        );
    }
    return d.deleted ? out.map((f) => withHolders(f, d.deleted!)) : out;
  },
};
