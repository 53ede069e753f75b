// Findings name their culprit: pure parsers and assessments on literal text and data, and the
// `frozen` fixture tree (zombies, a user at RLIMIT_NPROC, v1 and v2 freezer cgroups).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gapLines, type HuntGap } from '../../src/hunt/gap.js';
import { hunt } from '../../src/hunt/hunt.js';
import { deletedHint, deletedTarget, deletedText, deviceName, matters, summariseDeleted, type DeletedFd } from '../../src/snapshot/deleted.js';
import { freezerMounts, freezesItself, parsePids } from '../../src/snapshot/freezer.js';
import { fds } from '../../src/snapshot/probes/fds.js';
import { filesystems, type FilesystemsData } from '../../src/snapshot/probes/filesystems.js';
import { processes, type ProcessesData } from '../../src/snapshot/probes/processes.js';
import { runProbes } from '../../src/snapshot/run.js';
import { renderSnapshot } from '../../src/snapshot/render.js';
import { deepTarget, SCHEMA, type Snapshot } from '../../src/snapshot/snapshot.js';
import { DEFAULT_THRESHOLDS as T, parseThresholds } from '../../src/snapshot/thresholds.js';
import type { Finding } from '../../src/snapshot/types.js';
import { parsePasswd } from '../../src/snapshot/users.js';
import { tempDir } from '../helpers.js';

const GiB = 2 ** 30;

describe('deleted files still open', () => {
  it('takes only deleted files with a path from fd links', () => {
    expect(deletedTarget('/var/log/app.log (deleted)')).toBe('/var/log/app.log');
    expect(deletedTarget('/tmp/a name with (deleted) inside (deleted)')).toBe('/tmp/a name with (deleted) inside');
    expect(deletedTarget('/var/log/app.log')).toBeNull();
    expect(deletedTarget('socket:[12345]')).toBeNull();
    expect(deletedTarget('anon_inode:[eventpoll]')).toBeNull();
    expect(deletedTarget('/memfd:pulseaudio (deleted)')).toBeNull();
  });

  it('turns st_dev into mountinfo major:minor', () => {
    expect(deviceName(0x803)).toBe('8:3');
    expect(deviceName(259 * 256 + 1)).toBe('259:1');
    expect(deviceName(44 | (256 << 12))).toBe('0:300'); // minor above 255
    expect(deviceName(10n << 8n)).toBe('10:0');
  });

  const fd = (pid: number, fd: number, ino: number, bytes: number, device = '8:1', p = `/var/log/f${ino}.log`): DeletedFd => ({ pid, fd, path: p, device, ino, bytes });
  const who = (pid: number) => ({ comm: pid === 812 ? 'java' : 'nginx', user: pid === 812 ? 'app' : 'www-data' });
  const mounts = [
    { device: '8:1', mountPoint: '/' },
    { device: '8:17', mountPoint: '/srv' },
  ];

  it('sums per filesystem counting each file once, and names the holders biggest first', () => {
    const s = summariseDeleted(
      [
        fd(812, 7, 100, 12 * GiB),
        fd(812, 9, 100, 12 * GiB), // the same file through a second fd
        fd(812, 3, 101, 1 * GiB),
        fd(900, 4, 100, 12 * GiB), // a forked worker holding the same file
        fd(900, 5, 200, 2 * GiB, '8:17'),
        fd(901, 5, 300, 5 * GiB, '0:99'), // a device nobody measures
      ],
      mounts,
      who,
    );
    expect(Object.keys(s).sort()).toEqual(['/', '/srv']);
    expect(s['/']).toMatchObject({ files: 2, bytes: 13 * GiB });
    expect(s['/']!.holders.map((h) => [h.pid, h.bytes, h.fd])).toEqual([
      [812, 13 * GiB, 7],
      [900, 12 * GiB, 4],
    ]);
    expect(s['/']!.holders[0]).toMatchObject({ comm: 'java', user: 'app', files: 2, path: '/var/log/f100.log' });
    expect(s['/srv']).toMatchObject({ files: 1, bytes: 2 * GiB });
  });

  it("keeps a container's mount apart from the host's mount on the same path (by device, named by its key)", () => {
    const s = summariseDeleted([fd(812, 7, 100, 1 * GiB, '0:77', '/srv/x'), fd(900, 4, 200, 2 * GiB, '8:17', '/srv/y')], [...mounts, { device: '0:77', mountPoint: '/srv', key: '/srv in mnt ns of pid 812 (java)' }], who);
    expect(s['/srv']).toMatchObject({ bytes: 2 * GiB, holders: [{ pid: 900 }] });
    expect(s['/srv in mnt ns of pid 812 (java)']).toMatchObject({ bytes: 1 * GiB, holders: [{ pid: 812 }] });
  });

  it('says how much, who and how to get it back', () => {
    const d = summariseDeleted([fd(812, 7, 100, 12 * GiB), fd(900, 4, 200, 0.3 * GiB)], mounts, who)['/']!;
    expect(deletedText(d)).toBe('12.3 GiB held by 2 deleted files still open: pid 812 (java, app) 12.0 GiB; pid 900 (nginx, www-data) 307 MiB');
    expect(deletedHint(d)).toBe('du cannot see these bytes; restart pid 812 (java) to free them, or truncate through the fd: : > /proc/812/fd/7 (was /var/log/f100.log)');
    expect(matters(d, 100 * GiB)).toBe(true);
    expect(matters(d, 2000 * GiB)).toBe(false); // under 1 % of what is in use
    expect(matters(undefined, 1)).toBe(false);
  });

  it('says when the time budget cut the scan short (the sums are lower bounds then)', () => {
    const d = summariseDeleted([fd(812, 7, 100, 12 * GiB)], mounts, who)['/']!;
    expect(deletedText({ ...d, looked: 3000, of: 10000 })).toBe("12.0 GiB held by 1 deleted file still open: pid 812 (java, app) 12.0 GiB (time budget: 3,000 of 10,000 processes looked at)");
    expect(deletedText({ ...d, looked: 10000, of: 10000 })).not.toContain('time budget');
  });

  const fsData = (deleted: FilesystemsData['deleted']): FilesystemsData => ({
    timeoutMs: 2500,
    deleted,
    mounts: [
      {
        mountPoint: '/',
        device: '8:1',
        fsType: 'ext4',
        source: '/dev/sda1',
        options: ['rw'],
        superOptions: ['rw'],
        state: { kind: 'ok', statfs: { type: 0xef53, bsize: 4096, blocks: 5_000_000, bfree: 100_000, bavail: 0, files: 1e6, ffree: 9e5 } },
      },
    ],
  });

  it('names the holder in the disk-space finding, and leaves it alone when nothing is held', () => {
    const d = summariseDeleted([fd(812, 7, 100, 12 * GiB)], mounts, who);
    const named = filesystems.assess(fsData(d), T).find((f) => f.id === 'filesystems.bytes')!;
    expect(named.severity).toBe('critical');
    expect(named.message).toMatch(/^disk space \/: 18\.7 GiB of 18\.7 GiB used \(100 %\); 12\.0 GiB held by 1 deleted file still open: pid 812 \(java, app\) 12\.0 GiB$/);
    expect(named.hint).toContain(': > /proc/812/fd/7');
    for (const none of [null, {}, undefined]) {
      const plain = filesystems.assess(fsData(none), T).find((f) => f.id === 'filesystems.bytes')!;
      expect(plain.message).not.toContain('deleted');
      expect(plain.hint).toContain('postmortem hunt --by bytes');
    }
  });
});

describe('hunt --by bytes far below what is in use', () => {
  const gap = (over: Partial<HuntGap>): HuntGap => ({ mountPoint: '/srv', used: 10 * GiB, counted: 1 * GiB, reserved: 0, deleted: null, hiddenUnder: [], ...over });
  it('names the holders of deleted files, hidden mount points and reserved blocks', () => {
    const lines = gapLines(
      gap({
        deleted: { files: 1, bytes: 9 * GiB, holders: [{ pid: 812, comm: 'java', user: 'app', files: 1, bytes: 9 * GiB, fd: 7, path: '/srv/log/gc.log' }] },
        hiddenUnder: ['/srv/backup'],
        reserved: 512 * 2 ** 20,
      }),
    );
    expect(lines[0]).toBe('only 1.0 GiB of the 10.0 GiB in use on /srv were found (10 %); where the rest may be:');
    expect(lines[1]).toBe('  9.0 GiB held by 1 deleted file still open: pid 812 (java, app) 9.0 GiB');
    expect(lines[2]).toContain(': > /proc/812/fd/7');
    expect(lines[3]).toContain('/srv/backup: files written there before the mount are hidden');
    expect(lines[4]).toBe('  512 MiB reserved for root: not in use, but df counts it as unavailable');
  });
  it('compares with df only for a bytes walk that starts at a mount point', async () => {
    const dir = tempDir('pm-gap-');
    writeFileSync(path.join(dir, 'f'), 'x'.repeat(10000));
    expect((await hunt({ path: dir, by: 'bytes' })).gap).toBeNull(); // a folder on a bigger filesystem
    expect((await hunt({ path: dir, by: 'inodes' })).gap).toBeUndefined();
  });
  it('says when no deleted file is held, and says nothing at half or more', () => {
    expect(gapLines(gap({ deleted: { files: 0, bytes: 0, holders: [], looked: 40, of: 40 } }))[1]).toBe('  no deleted file is held open on it (every process we may read was looked at)');
    expect(gapLines(gap({ deleted: { files: 0, bytes: 0, holders: [], looked: 4, of: 40 } }))[1]).toBe('  no deleted file is held open on it (time budget: 4 of 40 processes looked at)');
    expect(gapLines(gap({ counted: 5 * GiB }))).toEqual([]);
    expect(gapLines(gap({ used: 0, counted: 0 }))).toEqual([]);
  });
});

describe('--deep hunts what is full', () => {
  const f = (id: string, subject: string, utilization: number, used = 1): Finding => ({ id, subject, utilization, used, severity: 'info', resource: '', limit: 1, unit: 'count', message: '', hint: '' });
  it('bytes when bytes are fuller, inodes on a tie, and only the named mount when given', () => {
    expect(deepTarget([f('filesystems.inodes', '/', 0.3), f('filesystems.bytes', '/', 0.99), f('filesystems.inodes', '/srv', 0.5)])).toMatchObject({ by: 'bytes', target: { subject: '/' } });
    expect(deepTarget([f('filesystems.bytes', '/', 1), f('filesystems.inodes', '/', 1)])!.by).toBe('inodes');
    expect(deepTarget([f('filesystems.bytes', '/', 0.99), f('filesystems.inodes', '/srv', 0.5)], '/srv')).toMatchObject({ by: 'inodes', target: { subject: '/srv' } });
    expect(deepTarget([f('filesystems.bytes', '/', 0.99)], '/nope')).toBeUndefined();
  });
  it('the report shows bytes, and what deleted files still hold beyond the walk', () => {
    const snap: Snapshot = {
      schema: SCHEMA, host: 'h', kernel: null, uptimeSeconds: null, root: '/', takenAt: '2026-03-14T12:00:00.000Z', durationMs: 1, findings: [],
      probes: [{ id: 'hunt', status: 'ok', durationMs: 1, data: { mount: '/srv', by: 'bytes', complete: true, unseen: 9 * GiB, entries: [{ path: '/srv/backup', inodes: 3, bytes: 2 * GiB }] } }],
    };
    const text = renderSnapshot(snap);
    expect(text).toContain('Where the bytes on /srv are');
    expect(text).toMatch(/^\s+2\.0 GiB\s+\/srv\/backup$/m);
    expect(text).toMatch(/^\s+9\.0 GiB\s+held by deleted files still open/m);
  });
});

describe('users, freezer files', () => {
  it('reads user names from /etc/passwd, the first line per uid', () => {
    const names = parsePasswd('root:x:0:0:root:/root:/bin/bash\n# comment:x:5:5\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\ntoor:x:0:0::/:/bin/sh\nbroken line\n+::::::\n');
    expect([...names]).toEqual([
      [0, 'root'],
      [33, 'www-data'],
    ]);
  });
  it('finds the cgroup2 and v1 freezer hierarchies in mountinfo', () => {
    const text = [
      '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
      '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
      '37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer',
      '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate',
    ].join('\n');
    expect(freezerMounts(text)).toEqual([
      { version: 1, mountPoint: '/sys/fs/cgroup/freezer' },
      { version: 2, mountPoint: '/sys/fs/cgroup/unified' },
    ]);
    expect(freezesItself('1\n')).toBe(true);
    expect(freezesItself('0\n')).toBe(false);
    expect(freezesItself(null)).toBe(false);
    expect(parsePids('12\n345\n\n')).toEqual([12, 345]);
  });
});

describe('processes name their culprits', () => {
  const base: ProcessesData = { processes: 400, threads: 900, pidMax: 32768, threadsMax: 60000, zombies: 0, dState: [], users: [] };
  it('zombies: the parent that does not reap, its command and user', () => {
    const f = processes.assess({ ...base, zombies: 120, zombieParents: [{ ppid: 812, comm: 'php-fpm', user: 'www-data', zombies: 118 }, { ppid: 1, comm: 'init', user: 'root', zombies: 2 }] }, T);
    const z = f.find((x) => x.id === 'processes.zombies')!;
    expect(z.severity).toBe('warning');
    expect(z.message).toBe('120 zombie processes: parent 812 (php-fpm, www-data) has 118 unreaped children; parent 1 (init, root) has 2 unreaped children');
    expect(z.hint).toContain('parent 812 (php-fpm)');
  });
  it('RLIMIT_NPROC: the user by name and the commands making up their tasks', () => {
    const f = processes.assess({ ...base, users: [{ uid: 33, user: 'www-data', tasks: 4090, limit: 4096, top: [{ comm: 'php-fpm', tasks: 4000 }, { comm: 'sh', tasks: 90 }] }], zombieParents: [{ ppid: 812, comm: 'php-fpm', user: 'www-data', zombies: 300 }] }, T);
    const n = f.find((x) => x.id === 'processes.nproc')!;
    expect(n).toMatchObject({ subject: 'uid 33', severity: 'critical' });
    expect(n.message).toBe('processes (RLIMIT_NPROC) uid 33: 4,090 of 4,096 used (100 %), user www-data: php-fpm 4,000, sh 90; unreaped zombies: 300 of parent 812 (php-fpm)');
  });
  it('D state: frozen tasks are said to be frozen, not stuck on storage', () => {
    const frozen = processes.assess({ ...base, dState: [{ pid: 950, comm: 'rsync', frozenBy: '/backup' }] }, T).find((x) => x.id === 'processes.d-state')!;
    expect(frozen.message).toBe('1 task in uninterruptible sleep: rsync [950] (frozen by cgroup /backup)');
    expect(frozen.hint).toContain('frozen by the freezer cgroup /backup, not stuck on storage');
    const mixed = processes.assess({ ...base, dState: [{ pid: 950, comm: 'rsync', frozenBy: '/backup' }, { pid: 970, comm: 'df', wchan: 'rpc_wait_bit_killable' }] }, T).find((x) => x.id === 'processes.d-state')!;
    expect(mixed.message).toBe('2 tasks in uninterruptible sleep: rsync [950] (frozen by cgroup /backup), df [970] in rpc_wait_bit_killable');
    expect(mixed.hint).toContain('stuck on storage');
  });
  it('a frozen cgroup is a warning with the command that thaws it', () => {
    const f = processes.assess({ ...base, frozen: [{ version: 2, cgroup: '/batch', control: '/sys/fs/cgroup/batch/cgroup.freeze', count: 2, tasks: [{ pid: 5, comm: 'worker', state: 'S' }] }] }, T);
    expect(f.find((x) => x.id === 'processes.frozen')).toMatchObject({
      severity: 'warning',
      subject: 'cgroup /batch',
      message: 'cgroup /batch is frozen (freezer, cgroup v2): 2 processes stopped: worker [5] S',
    });
    expect(f.find((x) => x.id === 'processes.frozen')!.hint).toContain('echo 0 > /sys/fs/cgroup/batch/cgroup.freeze');
  });
});

describe('fds name the biggest holders system-wide', () => {
  it('lists pid, command, user and count in the file-nr finding', () => {
    const f = fds.assess({ allocated: 950_000, max: 1_000_000, nrOpen: 1 << 20, top: [], denied: 0, holders: [{ pid: 812, comm: 'java', user: 'app', fds: 900_000 }, { pid: 1, comm: 'systemd', user: 'root', fds: 120 }] }, T);
    const s = f.find((x) => x.id === 'fds.system')!;
    expect(s.severity).toBe('warning');
    expect(s.message).toBe('open files system (file-nr): 950,000 of 1,000,000 used (95 %); most held by pid 812 (java, app) 900,000, pid 1 (systemd, root) 120');
  });
});

describe('fixture trees', () => {
  it('never read fd links under another root: they belong to no live process', async () => {
    const r = await runProbes({ root: path.join(import.meta.dirname, '../fixtures/snapshot/healthy'), ids: ['filesystems'], thresholds: parseThresholds(['fs-bytes=1,2']) });
    expect(r.findings.find((f) => f.id === 'filesystems.bytes')!.severity).toBe('critical');
    expect((r.probes[0]!.data as FilesystemsData).deleted).toBeNull();
  });
});

describe('the healthy fixture', async () => {
  const r = await runProbes({ root: path.join(import.meta.dirname, '../fixtures/snapshot/healthy'), ids: ['fds'] });
  it('keeps the five biggest fd holders, most first, the earlier pid on a tie', () => {
    const d = r.probes[0]!.data as { holders: Array<{ pid: number; fds: number }> };
    expect(d.holders.map((h) => [h.pid, h.fds])).toEqual([
      [1, 41],
      [620, 30],
      [700, 26],
      [500, 12],
      [501, 12],
    ]);
  });
});

describe('the frozen fixture', async () => {
  const r = await runProbes({ root: path.join(import.meta.dirname, '../fixtures/snapshot/frozen'), ids: ['processes'] });
  const by = (id: string) => r.findings.filter((f) => f.id === id);
  it('names the non-reaping parents with their users from /etc/passwd', () => {
    expect(by('processes.zombies')[0]!.message).toBe('4 zombie processes: parent 800 (php-fpm, www-data) has 3 unreaped children; parent 900 (init-helper, root) has 1 unreaped child');
  });
  it('finds the v1 cgroup frozen below an unfrozen parent and the v2 one, with their tasks', () => {
    expect(by('processes.frozen').map((f) => f.message)).toEqual([
      'cgroup /backup/nightly is frozen (freezer, cgroup v1): 1 process stopped: rsync [950] D',
      'cgroup /system.slice/db-dump.service is frozen (freezer, cgroup v2): 1 process stopped: pg_dump [960] S',
    ]);
    expect(by('processes.d-state')[0]!.message).toBe('2 tasks in uninterruptible sleep: rsync [950] (frozen by cgroup /backup/nightly), dd [970] in rpc_wait_bit_killable');
  });
  it('names the user at RLIMIT_NPROC', () => {
    expect(by('processes.nproc')[0]!.message).toContain('user www-data: php-fpm 4; unreaped zombies: 3 of parent 800 (php-fpm)');
  });
});
