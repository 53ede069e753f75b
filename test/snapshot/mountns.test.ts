// Mounts only another mount namespace sees (a container's private tmpfs): which count, and how the
// snapshot names them. Pure parts on literal mountinfo text, the probe on a fixture tree of /proc.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { foreignMounts, nsSubject, viaPid } from '../../src/snapshot/mountns.js';
import { filesystems, realMounts } from '../../src/snapshot/probes/filesystems.js';
import { DEFAULT_THRESHOLDS } from '../../src/snapshot/thresholds.js';
import { runProbes } from '../../src/snapshot/run.js';
import { parseMountinfo } from '../../src/util/mountinfo.js';

const host = parseMountinfo(`22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
25 22 0:25 / /run rw - tmpfs tmpfs rw
60 22 0:60 / /var/lib/docker/overlay2/4f1c/merged rw - overlay overlay rw
`);
const container = parseMountinfo(`600 500 0:60 / / rw - overlay overlay rw
601 600 0:71 / /proc rw - proc proc rw
603 600 8:1 /var/lib/docker/containers/abc/hosts /etc/hosts rw - ext4 /dev/sda1 rw
604 600 0:73 / /var/cache rw - tmpfs tmpfs rw,nr_inodes=64
605 600 0:73 /sub /var/cache2 rw - tmpfs tmpfs rw,nr_inodes=64
`);

describe('foreignMounts', () => {
  it('keeps only filesystems the host has mounted nowhere, once', () => {
    const got = foreignMounts(realMounts(container), host, new Set());
    expect(got.map((m) => [m.mountPoint, m.device, m.root])).toEqual([['/var/cache', '0:73', '/']]);
  });

  it('skips a bind of a host filesystem in another folder (statfs answers per filesystem)', () => {
    const privateTmp = parseMountinfo('701 700 8:1 /tmp/systemd-private-9c2e/tmp /tmp rw - ext4 /dev/sda1 rw\n');
    expect(foreignMounts(privateTmp, host, new Set())).toEqual([]);
  });

  it('counts a filesystem shared by two namespaces once', () => {
    const seen = new Set<string>();
    expect(foreignMounts(realMounts(container), host, seen)).toHaveLength(1);
    expect(foreignMounts(realMounts(container), host, seen)).toEqual([]);
  });

  it('reaches a mount point through the process root and names namespace and command', () => {
    expect(viaPid(4242, '/var/cache')).toBe('/proc/4242/root/var/cache');
    expect(viaPid(4242, '/')).toBe('/proc/4242/root');
    expect(nsSubject('/var/cache', 4242, 'nginx')).toBe('/var/cache in mnt ns of pid 4242 (nginx)');
  });
});

describe('namespaces we may not read', () => {
  it('are noted, so a non-root snapshot does not pass for a complete one', () => {
    const f = filesystems.assess({ mounts: [], timeoutMs: 2500, nsDenied: 3 }, DEFAULT_THRESHOLDS);
    expect(f).toEqual([expect.objectContaining({ id: 'filesystems.ns-denied', severity: 'info', message: expect.stringContaining('3 processes not readable') })]);
    expect(filesystems.assess({ mounts: [], timeoutMs: 2500, nsDenied: 0 }, DEFAULT_THRESHOLDS)).toEqual([]);
  });
});

describe('parseMountinfo: the root field', () => {
  it('is the folder of the filesystem a bind mount shows, unescaped', () => {
    const [m] = parseMountinfo('603 600 8:1 /var/lib/my\\040dir /etc/hosts rw - ext4 /dev/sda1 rw\n');
    expect(m!.root).toBe('/var/lib/my dir');
  });
});

describe('a container whose private tmpfs is out of inodes (fixture)', async () => {
  const root = path.join(import.meta.dirname, '../fixtures/snapshot/mount-namespaces');
  const r = await runProbes({ root, ids: ['filesystems'] });
  it('is critical, named by namespace and command, and measured through /proc/PID/root', () => {
    const f = r.findings.filter((x) => x.id === 'filesystems.inodes' && x.subject.includes('mnt ns'));
    expect(f.map((x) => [x.subject, x.severity, x.used, x.limit])).toEqual([
      ['/var/cache in mnt ns of pid 4242 (nginx)', 'critical', 64, 64],
      ['/dev in mnt ns of pid 4242 (nginx)', 'info', 16, 500000],
    ]);
    expect(f[0]!.hint).toContain('nsenter -t 4242 -m');
  });
  it('reads each namespace once and leaves out what the host already measures', () => {
    const subjects = r.findings.filter((x) => x.id === 'filesystems.inodes').map((x) => x.subject);
    expect(subjects.filter((s) => s.includes('4243'))).toEqual([]); // same namespace as 4242
    expect(subjects.filter((s) => s.includes('5000'))).toEqual([]); // PrivateTmp: a bind of /
    expect(subjects.filter((s) => !s.includes('mnt ns')).sort()).toEqual(['/', '/run']);
  });
});
