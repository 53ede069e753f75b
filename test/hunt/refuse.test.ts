import { describe, expect, it } from 'vitest';
import { kernelViewOf } from '../../src/hunt/refuse.js';
import type { Mount } from '../../src/util/mountinfo.js';

const mount = (mountPoint: string, fsType: string): Mount => ({ mountPoint, fsType, device: '0:1', source: 'x', options: ['rw'], superOptions: ['rw'] });
const MOUNTS = [mount('/', 'ext4'), mount('/proc', 'proc'), mount('/dev', 'devtmpfs'), mount('/dev/shm', 'tmpfs'), mount('/sys/fs/cgroup', 'tmpfs'), mount('/mnt/hostproc', 'proc'), mount('/home', 'autofs'), mount('/home/ann', 'nfs4'), mount('/srv/cg', 'cgroup2')];

describe('kernelViewOf', () => {
  it('names /proc, /sys and /dev for themselves and every path under them, mounts or not', () => {
    for (const [p, view] of [['/proc', '/proc'], ['/proc/1/fd', '/proc'], ['/sys', '/sys'], ['/sys/fs/cgroup', '/sys'], ['/dev', '/dev'], ['/dev/shm', '/dev']])
      expect(kernelViewOf(p, null), p).toBe(view);
    // A tmpfs under /sys (cgroup v1's /sys/fs/cgroup) is still /sys.
    expect(kernelViewOf('/sys/fs/cgroup/memory', MOUNTS)).toBe('/sys');
  });
  it('names a kernel filesystem mounted elsewhere', () => {
    expect(kernelViewOf('/mnt/hostproc/1', MOUNTS)).toBe('/mnt/hostproc');
    expect(kernelViewOf('/srv/cg', MOUNTS)).toBe('/srv/cg');
  });
  it('lets a tmpfs under /dev through (/dev/shm holds real files), but not /dev itself', () => {
    expect(kernelViewOf('/dev/shm/sem.x', MOUNTS)).toBeNull();
    expect(kernelViewOf('/dev/shmx', MOUNTS)).toBe('/dev');
    expect(kernelViewOf('/dev', MOUNTS)).toBe('/dev');
  });
  it('leaves folders on disks alone, also next to or under an automounter', () => {
    for (const p of ['/', '/var', '/procfs', '/devices', '/home/ann/cache', '/home', '/mnt/hostprocx']) expect(kernelViewOf(p, MOUNTS), p).toBeNull();
  });
});
