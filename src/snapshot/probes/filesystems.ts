// Every real filesystem's bytes *and* inodes (df shows bytes; the seed's outage was inodes), read-only
// remounts, ext4's error record, and mounts that do not answer, also those only other mount namespaces
// (containers) see. statfs runs in a child killed at the deadline (isolate.ts).
import { failures, note, usage } from '../assess.js';
import { deletedIfFull, withHolders, type DeletedOnFs } from '../deleted.js';
import { kernelReadOnly, readExt4Errors, type Ext4Errors } from '../ext4.js';
import { foreignMounts, nsSubject, readNamespaces, viaPid } from '../mountns.js';
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
  /** `ns`: a mount only another mount namespace has, statted through that process's root. */
  mounts: Array<Mount & { state: FsState; ns?: { pid: number; comm: string }; ext4?: Ext4Errors }>;
  timeoutMs: number;
  /** When it was read (seconds since the epoch), to date ext4's last error. */
  now?: number;
  /** Processes whose mount namespace we may not see (not root): their private mounts go unmeasured. */
  nsDenied?: number;
  /** Deleted files still open, per finding subject (see deleted.ts); null when not looked for. */
  deleted?: Record<string, DeletedOnFs> | null;
}

/** An error this recent means the filesystem is failing now (as for kernel log lines). */
const RECENT_S = 3600;

const NETWORK = /^(nfs4?|cifs|smb3|sshfs|fuse.*|glusterfs|ceph|9p|davfs)$/;

export const filesystems: Probe<FilesystemsData> = {
  id: 'filesystems',
  description: 'bytes and inodes of every real filesystem, read-only remounts, hung mounts',
  reads: ['/proc/self/mountinfo', '/proc/1/mountinfo', '/proc/self/ns/mnt', '/proc/[0-9]*/ns/mnt', '/proc/[0-9]*/comm', '/sys/dev/block/*', '/sys/fs/ext4/*/*'],
  async collect(ctx) {
    const text = readOptional(ctx.path('/proc/self/mountinfo')) ?? readOptional(ctx.path('/proc/1/mountinfo'));
    if (text === null) throw new Error('/proc/self/mountinfo: not found');
    const all = parseMountinfo(text);
    const mounts: Array<Mount & { ns?: { pid: number; comm: string } }> = realMounts(all);
    const seen = new Set<string>();
    const scan = readNamespaces(ctx);
    for (const ns of scan.namespaces)
      for (const m of foreignMounts(realMounts(ns.mounts), all, seen)) mounts.push({ ...m, ns: { pid: ns.pid, comm: ns.comm } });
    const timeoutMs = 2500;
    const answers = await ctx.statfs(
      mounts.map((m) => (m.ns ? viaPid(m.ns.pid, m.mountPoint) : m.mountPoint)),
      timeoutMs,
    );
    const data: FilesystemsData = {
      timeoutMs,
      now: Math.round(ctx.now.getTime() / 1000),
      nsDenied: scan.denied,
      mounts: mounts.map((m, i) => {
        const a = answers[i]!;
        const state: FsState = 'ok' in a ? { kind: 'ok', statfs: a.ok } : 'stuck' in a ? { kind: 'stuck' } : { kind: 'error', error: a.error };
        const ext4 = readExt4Errors(ctx, m);
        return { ...m, state, ...(ext4 ? { ext4 } : {}) };
      }),
    };
    const key = (m: (typeof data.mounts)[number]) => (m.ns ? nsSubject(m.mountPoint, m.ns.pid, m.ns.comm) : m.mountPoint);
    return { ...data, deleted: deletedIfFull(ctx, data.mounts.map((m) => ({ ...m, key: key(m) }))) };
  },
  assess(d, t) {
    const out: Finding[] = [];
    if (d.nsDenied)
      out.push(note({ id: 'filesystems.ns-denied', severity: 'info', resource: 'mount', subject: 'mount namespaces', message: `mounts of other mount namespaces: ${d.nsDenied} processes not readable, their private mounts are not measured`, hint: 'run as root to see containers\' own filesystems' }));
    for (const m of d.mounts) {
      const subject = m.ns ? nsSubject(m.mountPoint, m.ns.pid, m.ns.comm) : m.mountPoint;
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
      const switched = kernelReadOnly(m);
      if (switched)
        out.push(
          failures({
            id: 'filesystems.remounted-ro',
            resource: 'mount',
            subject,
            count: 1,
            message: `${subject} was switched to read-only by the kernel (mounted rw, superblock ${switched}): writes fail with "Read-only file system"`,
            hint: 'usually filesystem errors (errors=remount-ro); see kernel-log, then fsck',
          }),
        );
      else if (m.options.includes('ro'))
        out.push(note({ id: 'filesystems.read-only', severity: subject === '/' ? 'warning' : 'info', resource: 'mount', subject, message: `${subject} is mounted read-only`, hint: 'writes there fail with "Read-only file system"' }));
      if (m.ext4 && m.ext4.count > 0) out.push(ext4Finding(subject, m.source, m.ext4, Boolean(switched), d.now));
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
            hint: `creating files and sockets fails ("No space left on device", "cannot create file", even "Cannot allocate memory") while df -h looks fine; find them: ${m.ns ? `nsenter -t ${m.ns.pid} -m -- du --inodes -x ${m.mountPoint} | sort -n | tail` : `postmortem hunt ${subject}`}`,
          }),
        );
    }
    return d.deleted ? out.map((f) => withHolders(f, d.deleted!)) : out;
  },
};

const iso = (s: number | null) => (s === null ? '?' : new Date(s * 1000).toISOString().replace(/\.000Z$/, 'Z'));

/**
 * ext4's recorded errors: critical while the filesystem is read-only because of them or the last one
 * is recent; an old record on a filesystem that works is a warning (it stays until fsck clears it).
 */
export function ext4Finding(subject: string, source: string, e: Ext4Errors, readOnly: boolean, now?: number): Finding {
  const recent = e.lastTime !== null && now !== undefined && now - e.lastTime < RECENT_S;
  const when = e.count === 1 ? `at ${iso(e.lastTime)}` : `first at ${iso(e.firstTime)}, last at ${iso(e.lastTime)}`;
  return {
    id: 'filesystems.ext4-errors',
    severity: readOnly || recent ? 'critical' : 'warning',
    resource: 'mount',
    subject,
    used: e.count,
    limit: null,
    utilization: null,
    unit: 'count',
    message: `${subject} (ext4 ${source}): ${e.count} filesystem error${e.count === 1 ? '' : 's'} recorded, ${when}${readOnly ? '; now read-only' : ''}`,
    hint: `the kernel log says what failed (journalctl -k | grep 'EXT4-fs error'); unmount and e2fsck -f ${source}, which also clears the record`,
  };
}
