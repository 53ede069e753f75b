// ext4's error record and the read-only switch newer kernels show only in the superblock options.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelReadOnly } from '../../src/snapshot/ext4.js';
import { ext4Finding } from '../../src/snapshot/probes/filesystems.js';
import { runProbes } from '../../src/snapshot/run.js';
import { parseMountinfo } from '../../src/util/mountinfo.js';

describe('kernelReadOnly', () => {
  it('reads the superblock options of a mount that says rw', () => {
    const [a, b, c, d] = parseMountinfo(`30 22 253:0 / /srv rw,relatime - ext4 /dev/mapper/vg-srv rw,errors=remount-ro,emergency_ro
31 22 8:1 / / rw,relatime - ext4 /dev/sda1 ro,errors=remount-ro
32 22 8:2 / /usb ro,relatime - vfat /dev/sdc1 ro
33 22 8:3 / /x rw,relatime - xfs /dev/sdd1 rw,shutdown
`);
    expect([a, b, c, d].map((m) => kernelReadOnly(m!))).toEqual(['emergency_ro', 'ro', null, 'shutdown']);
    expect(kernelReadOnly({ options: ['rw'], superOptions: ['rw', 'errors=remount-ro'] })).toBeNull();
  });
});

describe('ext4Finding', () => {
  const now = 1773489600; // 2026-03-14T12:00:00Z
  it('is critical while read-only or within the hour, a warning for an old record', () => {
    expect(ext4Finding('/srv', '/dev/dm-0', { count: 1, firstTime: now - 7200, lastTime: now - 7200 }, true, now).severity).toBe('critical');
    expect(ext4Finding('/srv', '/dev/dm-0', { count: 3, firstTime: now - 7200, lastTime: now - 60 }, false, now).severity).toBe('critical');
    const old = ext4Finding('/data', '/dev/sdb1', { count: 2, firstTime: 1769914800, lastTime: 1770697800 }, false, now);
    expect(old).toMatchObject({ severity: 'warning', used: 2 });
    expect(old.message).toBe('/data (ext4 /dev/sdb1): 2 filesystem errors recorded, first at 2026-02-01T03:00:00Z, last at 2026-02-10T04:30:00Z');
    expect(old.hint).toContain('e2fsck -f /dev/sdb1');
  });
});

describe('ext4 after errors (fixture)', async () => {
  const root = path.join(import.meta.dirname, '../fixtures/snapshot/ext4-errors');
  const r = await runProbes({ root, ids: ['filesystems'], now: new Date('2026-03-14T12:00:00Z') });
  const find = (id: string, subject: string) => r.findings.find((f) => f.id === id && f.subject === subject);
  it('sees emergency_ro although the mount options say rw', () => {
    expect(find('filesystems.remounted-ro', '/srv')).toMatchObject({ severity: 'critical' });
    expect(find('filesystems.remounted-ro', '/srv')!.message).toContain('superblock emergency_ro');
  });
  it('finds the record under the kernel name of a device-mapper device (dm-0)', () => {
    expect(find('filesystems.ext4-errors', '/srv')).toMatchObject({ severity: 'critical', used: 1 });
    expect(find('filesystems.ext4-errors', '/srv')!.message).toContain('now read-only');
  });
  it('warns about an old record on a filesystem that still works, and is quiet about a clean one', () => {
    expect(find('filesystems.ext4-errors', '/data')).toMatchObject({ severity: 'warning', used: 2 });
    expect(find('filesystems.ext4-errors', '/')).toBeUndefined();
    expect(find('filesystems.remounted-ro', '/data')).toBeUndefined();
  });
});
