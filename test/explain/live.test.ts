import { describe, expect, it } from 'vitest';
import { explain } from '../../src/explain/explain.js';
import type { LiveReport } from '../../src/explain/live.js';
import { parseMountinfo } from '../../src/util/mountinfo.js';

/** A live check that answers from a literal report and records which probes were asked for. */
function fake(report: LiveReport) {
  const asked: string[][] = [];
  return { asked, check: async (ids: string[]) => (asked.push(ids), report) };
}
const ok = (...ids: string[]) => ids.map((id) => ({ id, status: 'ok' }));

describe('explain with the live check', () => {
  it('the seed: in an OpenVZ container with refused kmemsize, beancounters come first and are proven', async () => {
    const live = fake({
      env: 'openvz',
      probes: [...ok('memory', 'oom', 'kernel-log', 'overcommit', 'cgroup', 'sockets'), { id: 'beancounters', status: 'ok' }],
      findings: [{ id: 'beancounters.failcnt', severity: 'critical', message: 'beancounter kmemsize: 4711 allocations refused (failcnt)' }],
    });
    const r = await explain('sudo: unable to create sockets: Cannot allocate memory', { live: live.check });
    expect(live.asked[0]).toEqual(expect.arrayContaining(['beancounters', 'memory', 'cgroup']));
    expect(r.env).toBe('openvz');
    expect(r.suspects[0]).toMatchObject({ resource: 'beancounters', live: { state: 'at-limit', detail: ['beancounter kmemsize: 4711 allocations refused (failcnt)'] } });
    expect(r.suspects.find((s) => s.resource === 'memory')?.live?.state).toBe('ok');
  });

  it('the seed: "No space left on device" while df shows bytes free puts inodes first', async () => {
    const live = fake({
      env: 'openvz',
      probes: ok('filesystems', 'inotify', 'beancounters'),
      findings: [
        { id: 'filesystems.inodes', severity: 'critical', subject: '/var', message: '/var: 3,000,001 of 3,000,000 inodes used' },
        { id: 'filesystems.bytes', severity: 'info', message: '/: 50 % of 40 GiB used' },
      ],
    });
    const without = await explain('No space left on device');
    expect(without.suspects[0]!.resource).toBe('disk-space');
    const r = await explain('No space left on device', { live: live.check });
    expect(r.suspects.map((s) => s.resource).slice(0, 2)).toEqual(['inodes', 'disk-space']);
    expect(r.suspects[0]!.live?.state).toBe('at-limit');
    expect(r.suspects[0]!.confirm.slice(0, 2)).toEqual(['df -i /var', 'postmortem hunt /var --top 10   (where the inodes went)']);
    expect(r.suspects[1]!.live?.state).toBe('ok');
  });

  it('a message naming a path is judged on that path\'s filesystem, not on whichever is full', async () => {
    const mounts = parseMountinfo('22 1 8:1 / / rw - ext4 /dev/sda1 rw\n30 22 8:17 / /srv rw - ext4 /dev/sdb1 rw\n31 22 8:33 / /var rw - ext4 /dev/sdc1 rw\n');
    const live = fake({
      env: 'host',
      probes: ok('filesystems', 'inotify'),
      findings: [
        { id: 'filesystems.bytes', severity: 'critical', subject: '/var', message: 'disk space /var: 100 % used' },
        { id: 'filesystems.bytes', severity: 'info', subject: '/srv', message: 'disk space /srv: 40 % used' },
        { id: 'filesystems.inodes', severity: 'info', subject: '/srv', message: 'inodes /srv: 10 % used' },
      ],
    });
    const r = await explain("cp: error writing '/srv/backup/db.sql': No space left on device", { live: live.check, mounts });
    const disk = r.suspects.find((s) => s.resource === 'disk-space')!;
    expect(disk.live).toEqual({ state: 'ok', detail: ['/srv: not near its limit right now'] });
    expect(disk.confirm[0]).toBe('df -h /srv/backup');
    // the same message about /var is at the limit
    const onVar = await explain("cp: error writing '/var/backup/db.sql': No space left on device", { live: live.check, mounts });
    expect(onVar.suspects[0]).toMatchObject({ resource: 'disk-space', live: { state: 'at-limit', where: '/var' } });
  });

  it('a named folder inside a mount of another namespace counts that mount', async () => {
    const mounts = parseMountinfo('22 1 8:1 / / rw - ext4 /dev/sda1 rw\n');
    const live = fake({
      env: 'host',
      probes: ok('filesystems', 'inotify'),
      findings: [{ id: 'filesystems.inodes', severity: 'critical', subject: '/var/cache in mnt ns of pid 4242 (nginx)', message: 'inodes /var/cache in mnt ns of pid 4242 (nginx): 64 of 64 used (100 %)' }],
    });
    const r = await explain("nginx: open() '/var/cache/nginx/x' failed (28: No space left on device)", { live: live.check, mounts });
    const inodes = r.suspects.find((s) => s.resource === 'inodes')!;
    expect(inodes.live?.state).toBe('at-limit');
    // asked from here, of that namespace's mount: through the process's root, never the host's /var/cache
    expect(inodes.confirm).toEqual([
      "stat -f -c 'inodes: %c total, %d free' /proc/4242/root/var/cache/nginx",
      "find /proc/4242/root/var/cache -xdev -printf '%h\\n' | sort | uniq -c | sort -rn | head   (the folders with the most entries)",
    ]);
  });

  it('inotify ENOSPC stays with the watches even when a disk is nearly full', async () => {
    const live = fake({
      env: 'host',
      probes: ok('filesystems', 'inotify'),
      findings: [
        { id: 'inotify.watches', severity: 'critical', message: 'uid 1000: 8192 of 8192 inotify watches' },
        { id: 'filesystems.bytes', severity: 'warning', message: '/home: 91 % used' },
      ],
    });
    const r = await explain('inotify_add_watch(/home/u/proj) failed: No space left on device', { live: live.check });
    expect(r.suspects[0]).toMatchObject({ resource: 'inotify-watches', live: { state: 'at-limit' } });
    expect(r.suspects.map((s) => s.resource)).not.toContain('disk-space');
  });

  it('a resource that does not exist here drops: no beancounters outside OpenVZ', async () => {
    const live = fake({
      env: 'container',
      probes: [...ok('memory', 'oom', 'kernel-log', 'overcommit', 'cgroup', 'sockets'), { id: 'beancounters', status: 'absent', reason: 'no /proc/user_beancounters' }],
      findings: [{ id: 'cgroup.memory', severity: 'warning', message: 'memory /docker/abc: 95 % of 512 MiB' }],
    });
    const r = await explain('sudo: unable to create sockets: Cannot allocate memory', { live: live.check });
    expect(r.suspects[0]).toMatchObject({ resource: 'cgroup-memory', live: { state: 'near' } });
    expect(r.suspects.map((s) => s.resource)).not.toContain('beancounters');
  });

  it('a failing live check is reported and the text is still explained', async () => {
    const r = await explain('EMFILE', {
      live: async () => {
        throw new Error('probe engine exploded');
      },
    });
    expect(r.liveError).toBe('probe engine exploded');
    expect(r.env).toBeNull();
    expect(r.suspects[0]!.resource).toBe('fds-process');
    expect(r.suspects[0]!.live).toBeUndefined();
  });
});

describe('explain a pasted log', () => {
  it('explains each distinct error once and ranks what they point at together', async () => {
    const log = [
      'Mar 14 09:12:03 blog sudo: unable to create sockets: Cannot allocate memory',
      'Mar 14 09:12:09 blog postfix/cleanup[4242]: warning: mail_queue_enter: create file incoming/1.4242: No space left on device',
      'Mar 14 09:12:10 blog postfix/cleanup[4243]: warning: mail_queue_enter: create file incoming/2.4243: No space left on device',
      'Mar 14 09:12:11 blog apache2: GET / 200',
      "Mar 14 09:13:00 blog bash: cannot create temp file for here-document: No space left on device",
    ].join('\n');
    const r = await explain(log);
    expect(r.errors.map((e) => [e.count, e.suspects[0]!.resource])).toEqual([
      [1, 'beancounters'],
      [2, 'inodes'],
      [1, 'inodes'],
    ]);
    expect(r.suspects[0]!.resource).toBe('inodes');
    expect(r.suspects[0]!.why).toMatch(/^2 of 3 distinct errors point here/);
  });
});
