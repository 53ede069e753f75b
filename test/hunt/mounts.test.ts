import { describe, expect, it } from 'vitest';
import { parseMountinfo, unescapeMountPath } from '../../src/util/mountinfo.js';

describe('parseMountinfo', () => {
  it('reads mount point and type, with optional fields and escaped spaces', () => {
    const text = [
      '22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
      '23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw',
      '40 22 0:35 / /mnt/my\\040disk rw,relatime - vfat /dev/sdb1 rw',
      '41 22 0:36 / /srv rw master:3 propagate_from:2 - xfs /dev/sdc1 rw',
    ].join('\n');
    expect(parseMountinfo(text).map(({ mountPoint, fsType }) => ({ mountPoint, fsType }))).toEqual([
      { mountPoint: '/', fsType: 'ext4' },
      { mountPoint: '/proc', fsType: 'proc' },
      { mountPoint: '/mnt/my disk', fsType: 'vfat' },
      { mountPoint: '/srv', fsType: 'xfs' },
    ]);
  });

  it('unescapes tab, newline and backslash', () => {
    expect(unescapeMountPath('/a\\011b\\012c\\134d')).toBe('/a\tb\nc\\d');
  });
});
