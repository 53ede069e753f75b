// Every probe against fixture trees of /proc and /sys: a healthy server raises nothing, and each
// exhausted machine gets its real cause named.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProbes } from '../../src/snapshot/run.js';
import { takeSnapshot } from '../../src/snapshot/snapshot.js';
import type { Finding } from '../../src/snapshot/types.js';

const fx = (name: string) => path.join(import.meta.dirname, '../fixtures/snapshot', name);
const now = new Date('2026-03-14T12:00:00');
const alarms = (fs: Finding[]) => fs.filter((f) => f.severity !== 'info');
const find = (fs: Finding[], id: string, subject?: string) => fs.filter((f) => f.id === id && (subject === undefined || f.subject === subject));

describe('healthy server (cgroup v2)', async () => {
  const r = await runProbes({ root: fx('healthy'), now });
  it('runs every probe that applies; the missing beancounters are "absent", not an error', () => {
    const status = Object.fromEntries(r.probes.map((p) => [p.id, p.status]));
    expect(status.beancounters).toBe('absent');
    expect(Object.entries(status).filter(([id, s]) => id !== 'beancounters' && s !== 'ok')).toEqual([]);
  });
  it('raises no warning and no critical', () => {
    expect(alarms(r.findings)).toEqual([]);
  });
  it('still measures bytes and inodes of the real filesystems only, once per device', () => {
    const subjects = find(r.findings, 'filesystems.inodes').map((f) => f.subject).sort();
    expect(subjects).toEqual(['/', '/dev', '/run', '/srv/data']);
    const root = find(r.findings, 'filesystems.inodes', '/')[0]!;
    expect(root.used).toBe(1310720 - 1200000);
    expect(root.utilization).toBeCloseTo(110720 / 1310720);
  });
  it('reads the cgroup limits of its own cgroup', () => {
    const mem = find(r.findings, 'cgroup.memory', 'memory /system.slice/app.service')[0]!;
    expect(mem.limit).toBe(1073741824);
    expect(find(r.findings, 'cgroup.pids')[0]!.limit).toBe(4915);
  });
  it('counts inotify watches per user from fdinfo', () => {
    const w = find(r.findings, 'inotify.watches', 'uid 1000')[0]!;
    expect(w.used).toBe(40);
    expect(w.limit).toBe(65536);
  });
  it('reports package changes of the last 7 days only', () => {
    const p = r.probes.find((x) => x.id === 'packages')!.data as { changes: Array<{ name: string }> };
    expect(p.changes.map((c) => c.name)).toEqual(['libc6', 'php8.2-apcu']);
  });
});

describe('the seed: a Virtuozzo container with its inode quota full', async () => {
  const s = await takeSnapshot({ root: fx('virtuozzo'), now });
  it('puts the inode quota at the top', () => {
    expect(s.findings[0]).toMatchObject({ id: 'filesystems.inodes', severity: 'critical', subject: '/', used: 3000000, limit: 3000000, utilization: 1 });
    // ... while df -h would show half the disk free
    expect(find(s.findings, 'filesystems.bytes', '/')[0]).toMatchObject({ severity: 'info', utilization: 0.5 });
  });
  it('names every beancounter row with refusals: critical where it is at or near its limit now', () => {
    const rows = find(s.findings, 'beancounters.failcnt').map((f) => [f.subject, f.used, f.severity]);
    // kmemsize holds 91 % and numothersock 99 % of their barrier; privvmpages only 58 %: refused once, fine now
    expect(rows).toEqual([
      ['kmemsize (ct 101)', 1523, 'critical'],
      ['numothersock (ct 101)', 842, 'critical'],
      ['privvmpages (ct 101)', 17, 'warning'],
    ]);
    expect(find(s.findings, 'beancounters.failcnt', 'privvmpages (ct 101)')[0]!.message).toMatch(/17 allocations refused \(failcnt\) since the container started; .*: below its limit now$/);
  });
  it('reports a peak at the limit although the current use is lower', () => {
    expect(find(s.findings, 'beancounters.peak', 'numtcpsock (ct 101)')[0]).toMatchObject({ severity: 'warning', used: 360, limit: 360 });
    // guarantees are not limits
    expect(find(s.findings, 'beancounters.peak', 'oomguarpages (ct 101)')).toEqual([]);
  });
  it('makes the crowd of cleanup and spamassassin processes stand out, secrets scrubbed', () => {
    const census = s.probes.find((p) => p.id === 'census')!.data as { groups: Array<{ command: string; count: number; example?: string }> };
    expect(census.groups.slice(0, 2).map((g) => [g.command, g.count])).toEqual([
      ['cleanup', 64],
      ['spamassassin', 28],
    ]);
    expect(find(s.findings, 'census.crowd').map((f) => f.subject)).toEqual(['cleanup', 'spamassassin']);
    expect(JSON.stringify(s)).not.toContain('TopSecret1');
    expect(census.groups.find((g) => g.command === 'mysqld')!.example).toBe('/usr/sbin/mysqld --user=mysql -p[redacted]');
  });
  it('uses the container host name and kernel', () => {
    expect(s.host).toBe('blog-ct');
    expect(s.kernel).toBe('2.6.32-042stab145.3');
  });
});

describe('cgroup v1 (a docker container)', async () => {
  const r = await runProbes({ root: fx('cgroup-v1'), ids: ['cgroup'], now });
  it('counts OOM kills from memory.oom_control; at 75 % of its limit now that is a warning, not critical', () => {
    const f = find(r.findings, 'cgroup.oom', 'memory /docker/abc123')[0]!;
    expect(f).toMatchObject({ severity: 'warning', used: 2, past: { ageSeconds: null, now: 'recovered' } });
    expect(f.message).toContain('since the cgroup was created; recovered now: memory /docker/abc123 at 75 % of its limit');
  });
  it('reports memory.max_usage_in_bytes at the limit while current use is 75 %', () => {
    const mem = find(r.findings, 'cgroup.memory', 'memory /docker/abc123')[0]!;
    expect(mem.utilization).toBeCloseTo(0.75);
    expect(find(r.findings, 'cgroup.memory-peak', 'memory /docker/abc123')[0]!.severity).toBe('warning');
  });
  it('treats the v1 "unlimited" number as no limit', () => {
    expect(find(r.findings, 'cgroup.memory', 'memory /docker')).toEqual([]);
  });
  it('reports CPU throttling by the quota', () => {
    expect(find(r.findings, 'cgroup.cpu-throttled')[0]).toMatchObject({ severity: 'warning', used: 4200, limit: 10000 });
  });
});

describe('a fork-bombed pids cgroup (v2)', async () => {
  const r = await runProbes({ root: fx('forkbomb'), ids: ['cgroup'], now });
  it('is critical at pids.max, with the rejected forks as proof', () => {
    const scope = 'pids /user.slice/user-1000.slice/session-4.scope';
    expect(find(r.findings, 'cgroup.pids', scope)[0]).toMatchObject({ severity: 'critical', used: 512, limit: 512 });
    expect(find(r.findings, 'cgroup.pids-rejected', scope)[0]).toMatchObject({ severity: 'critical', used: 48213 });
    // the parent slice is fine
    expect(find(r.findings, 'cgroup.pids', 'pids /user.slice/user-1000.slice')[0]!.severity).toBe('info');
  });
  it('after the bomb: low use, but pids.peak and memory.peak remember the limit', async () => {
    const after = await runProbes({ root: fx('forkbomb-after'), ids: ['cgroup'], now });
    expect(find(after.findings, 'cgroup.pids', 'pids /system.slice/worker.service')[0]!.severity).toBe('info');
    expect(find(after.findings, 'cgroup.pids-peak')[0]).toMatchObject({ severity: 'warning', used: 100, limit: 100 });
    expect(find(after.findings, 'cgroup.memory-peak')[0]!.severity).toBe('warning');
    expect(find(after.findings, 'cgroup.memory-hits')[0]).toMatchObject({ severity: 'warning', used: 31 });
  });
});

describe('a full conntrack table', async () => {
  const r = await runProbes({ root: fx('conntrack-full'), ids: ['conntrack', 'kernel-log'], now });
  it('is critical at nf_conntrack_max and counts the drops', () => {
    expect(find(r.findings, 'conntrack.entries')[0]).toMatchObject({ severity: 'critical', utilization: 1 });
    expect(find(r.findings, 'conntrack.drops')[0]).toMatchObject({ severity: 'critical', used: 0x4d2 + 0x100 + 0x2e });
  });
  it('finds the recent "table full" kernel messages', () => {
    expect(find(r.findings, 'kernel-log.conntrack-full')[0]).toMatchObject({ severity: 'critical', used: 2 });
  });
});

describe('exhausted inotify', async () => {
  const r = await runProbes({ root: fx('inotify-exhausted'), ids: ['inotify'], now });
  it('names the user whose watches and instances ran out, and what holds them', () => {
    const w = find(r.findings, 'inotify.watches', 'uid 1000')[0]!;
    expect(w).toMatchObject({ severity: 'critical', used: 100, limit: 100 });
    expect(w.hint).toContain('node');
    expect(find(r.findings, 'inotify.instances', 'uid 1000')[0]).toMatchObject({ severity: 'critical', used: 8, limit: 8 });
    expect(find(r.findings, 'inotify.watches', 'uid 1001')[0]!.severity).toBe('info');
  });
});

describe('overcommit mode 2', async () => {
  const r = await runProbes({ root: fx('overcommit'), ids: ['overcommit', 'memory', 'oom'], now });
  it('is critical at CommitLimit while memory looks fine', () => {
    expect(find(r.findings, 'overcommit.commit')[0]).toMatchObject({ severity: 'critical' });
    expect(find(r.findings, 'memory.ram')[0]!.severity).toBe('info');
  });
  it('counts OOM kills since boot; with RAM fine now that is a warning', () => {
    expect(find(r.findings, 'oom.kills')[0]).toMatchObject({ severity: 'warning', used: 3, past: { now: 'recovered' } });
  });
});

describe('read-only remount, hung NFS, full disk', async () => {
  const r = await runProbes({ root: fx('ro-remount'), ids: ['filesystems', 'kernel-log'], now });
  it('sees the kernel remounted / read-only (mount rw, superblock ro)', () => {
    expect(find(r.findings, 'filesystems.remounted-ro', '/')[0]!.severity).toBe('critical');
    expect(find(r.findings, 'kernel-log.remount-ro')[0]!.severity).toBe('critical');
  });
  it('reports the mount that never answered as stuck', () => {
    expect(find(r.findings, 'filesystems.stuck', '/mnt/backup')[0]!.message).toMatch(/did not answer/);
  });
  it('measures bytes like df: the reserved blocks do not count as available', () => {
    expect(find(r.findings, 'filesystems.bytes', '/var/lib/mysql')[0]).toMatchObject({ severity: 'critical', utilization: 1 });
  });
  it('a plain read-only mount is a note, and a statfs error does not stop the others', () => {
    expect(find(r.findings, 'filesystems.read-only', '/mnt/usb')[0]!.severity).toBe('info');
    expect(find(r.findings, 'filesystems.statfs', '/mnt/usb')[0]!.message).toContain('EIO');
  });
});
