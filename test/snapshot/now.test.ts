// "Critical means now": past events and failure counters graded against the same resource now.
// Pure rules on literal data, the kernel's real multi-line OOM report, and a recovered machine.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeCounter, judgeEvent, LOG_WINDOW_SECONDS, RECENT_SECONDS, stateNow } from '../../src/snapshot/now.js';
import { beancounters } from '../../src/snapshot/probes/beancounters.js';
import { cgroup, type CgroupData } from '../../src/snapshot/probes/cgroup.js';
import { conntrack } from '../../src/snapshot/probes/conntrack.js';
import { groupEvents, kernelEvents, kernelLog, parseKmsg } from '../../src/snapshot/probes/kernel-log.js';
import { oom } from '../../src/snapshot/probes/oom.js';
import { takeSnapshot } from '../../src/snapshot/snapshot.js';
import { DEFAULT_THRESHOLDS as T } from '../../src/snapshot/thresholds.js';

const fx = (name: string) => path.join(import.meta.dirname, '../fixtures/snapshot', name);
const MiB = 1 << 20;

describe('the resource now', () => {
  const level = T['cgroup-memory'];
  it('at or near its limit, recovered, or unknown', () => {
    expect(stateNow({ what: 'pids /x', used: 95, limit: 100 }, level).now).toBe('at-limit');
    expect(stateNow({ what: 'pids /x', used: 10, limit: 100 }, level)).toEqual({ now: 'recovered', why: 'pids /x at 10 % of its limit (10 of 100)' });
    expect(stateNow({ what: 'pids /x', used: 10, limit: Infinity }, level).now).toBe('unknown');
    expect(stateNow(null, level).now).toBe('unknown');
  });
  it('a removed cgroup, a raised limit and a remounted device are verified recoveries', () => {
    expect(stateNow({ what: 'memory cgroup /x', gone: true, said: 'memory cgroup /x is gone' }, level)).toEqual({ now: 'recovered', why: 'memory cgroup /x is gone' });
    expect(stateNow({ what: 'memory /x', used: MiB, limit: 512 * MiB, limitThen: 16 * MiB, unit: 'bytes', lowUseIsNoProof: true }, level).why).toBe('memory /x: limit raised from 16.0 MiB to 512 MiB');
    expect(stateNow({ what: '/dev/sda1', failing: true }, level).now).toBe('at-limit');
  });
  it('low memory right after an OOM kill proves nothing: the kill freed it', () => {
    expect(stateNow({ what: 'memory /x', used: MiB, limit: 16 * MiB, limitThen: 16 * MiB, unit: 'bytes', lowUseIsNoProof: true }, level).now).toBe('unknown');
  });
});

describe('grading an event with a time', () => {
  it(`critical within ${RECENT_SECONDS / 60} min unless recovered; a warning in the log window; info beyond it`, () => {
    expect(judgeEvent(60, 'unknown', 'critical')).toBe('critical');
    expect(judgeEvent(60, 'recovered', 'critical')).toBe('warning');
    expect(judgeEvent(RECENT_SECONDS + 1, 'unknown', 'critical')).toBe('warning');
    expect(judgeEvent(7200, 'at-limit', 'critical')).toBe('critical');
    expect(judgeEvent(LOG_WINDOW_SECONDS + 1, 'at-limit', 'critical')).toBe('info');
    expect(judgeEvent(null, 'unknown', 'critical')).toBe('warning');
  });
  it('never more severe than the kind: a hung task stays a warning', () => {
    expect(judgeEvent(60, 'at-limit', 'warning')).toBe('warning');
  });
});

describe('grading a counter without a time', () => {
  it('critical only when rising since the previous sample or at the limit now', () => {
    expect(judgeCounter(5, undefined, 'recovered')).toBe('warning');
    expect(judgeCounter(5, undefined, 'unknown')).toBe('warning');
    expect(judgeCounter(5, undefined, 'at-limit')).toBe('critical');
    expect(judgeCounter(5, 4, 'recovered')).toBe('critical');
    expect(judgeCounter(5, 5, 'recovered')).toBe('warning');
  });
  it('oom_kill since boot: a warning while RAM is fine, critical when it rose since the last sample', () => {
    const ram = { what: 'RAM', used: 30, limit: 100, threshold: 'memory' as const };
    const [f] = oom.assess({ oomKills: 3, memory: ram }, T);
    expect(f).toMatchObject({ severity: 'warning', past: { ageSeconds: null, now: 'recovered' } });
    expect(f!.message).toBe('the kernel OOM-killed 3 processes since boot; recovered now: RAM at 30 % of its limit (30 of 100)');
    const [g] = oom.assess({ oomKills: 4, memory: ram }, T, { oomKills: 3, memory: ram });
    expect(g).toMatchObject({ severity: 'critical' });
    expect(g!.message).toContain(', 1 since the last sample');
  });
  it('beancounter failcnt: critical at the barrier now, a warning below it', () => {
    const row = (held: number, failcnt: number) => ({ uid: '101', resource: 'numothersock', held, maxheld: 360, barrier: 360, limit: 360, failcnt });
    const sev = (held: number, prev?: number) => beancounters.assess([row(held, 842)], T, prev === undefined ? undefined : [row(held, prev)]).find((f) => f.id === 'beancounters.failcnt')!.severity;
    expect([sev(358), sev(40), sev(40, 800)]).toEqual(['critical', 'warning', 'critical']);
  });
  it('conntrack drops since boot: a warning once the table has room again', () => {
    const f = conntrack.assess({ count: 100, max: 65536, stats: { drop: 5, early_drop: 0, insert_failed: 0 } }, T).find((x) => x.id === 'conntrack.drops')!;
    expect(f).toMatchObject({ severity: 'warning', used: 5, past: { now: 'recovered' } });
  });
  it('memory.events oom_kill: critical while the cgroup sits at its limit, a warning when it has room', () => {
    const data = (current: number, kills: number): CgroupData => ({ own: {}, memory: [{ version: 2, path: '/app', current, max: 100 * MiB, peak: null, events: { oom: kills, oom_kill: kills }, failcnt: null }], pids: [], cpu: [] });
    const sev = (d: CgroupData, prev?: CgroupData) => cgroup.assess(d, T, prev).find((f) => f.id === 'cgroup.oom')!.severity;
    expect(sev(data(99 * MiB, 2))).toBe('critical');
    expect(sev(data(20 * MiB, 2))).toBe('warning');
    expect(sev(data(20 * MiB, 3), data(20 * MiB, 2))).toBe('critical');
  });
});

describe('one OOM kill is one event', () => {
  // the recovered fixture holds the 79-line report a 6.18 kernel printed for one kill in a v1 memory
  // cgroup of 16 MiB (cgroup and task renamed), two hours before the fixture's uptime
  const lines = parseKmsg(readFileSync(path.join(fx('recovered'), 'dev/kmsg'), 'utf8'), 864000.12);

  it('counts the kernel\'s multi-line OOM report once, naming the cgroup, the task and the limit it hit', () => {
    // counted by line, as before, this was "3× OOM killer"
    expect(lines.filter((l) => /invoked oom-killer|oom-kill:|Memory cgroup out of memory/.test(l.text))).toHaveLength(3);
    const kills = kernelEvents(lines).filter((e) => e.kind === 'oom');
    expect(kills).toEqual([
      {
        kind: 'oom',
        age: expect.closeTo(7200, 0),
        text: expect.stringMatching(/^oom-kill:constraint=CONSTRAINT_MEMCG/),
        subject: '/system.slice/php-fpm.service',
        task: 'php-fpm8.2 [18445]',
        limitThen: 16 * MiB,
      },
    ]);
  });
  it('an older kernel (no oom-kill: line): "Task in ... killed as a result of limit of ..." names the cgroup', () => {
    const old = kernelEvents(
      [
        'php invoked oom-killer: gfp_mask=0x24000c0, order=0, oom_score_adj=0',
        'Task in /docker/abc/php killed as a result of limit of /docker/abc',
        'memory: usage 524288kB, limit 524288kB, failcnt 9170',
        'Memory cgroup out of memory: Kill process 4242 (php) score 998 or sacrifice child',
        'Killed process 4242 (php) total-vm:600000kB, anon-rss:520000kB, file-rss:0kB, shmem-rss:0kB',
        'oom_reaper: reaped process 4242 (php), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
      ].map((text) => ({ age: 30, text })),
    );
    expect(old).toEqual([{ kind: 'oom', age: 30, text: expect.stringMatching(/^Killed process 4242/), subject: '/docker/abc', task: 'php [4242] in /docker/abc/php', limitThen: 512 * MiB }]);
  });
  it('a memory cgroup kill whose report was rate-limited away is not taken for the whole machine', () => {
    const [e] = kernelEvents([{ age: 5, text: 'Memory cgroup out of memory: Killed process 77 (php) total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB' }]);
    expect(e).toMatchObject({ subject: '(unnamed: report rate-limited)', task: 'php [77]' });
  });
  it('a machine-wide OOM kill names no cgroup; two kills are two events', () => {
    const two = kernelEvents(
      [
        'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/mysql.service,task=mysqld,pid=812,uid=110',
        'Out of memory: Killed process 812 (mysqld) total-vm:2345678kB, anon-rss:1234567kB, file-rss:0kB, shmem-rss:0kB, UID:110 pgtables:3000kB oom_score_adj:0',
        'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/php.service,task=php,pid=900,uid=33',
        'Out of memory: Killed process 900 (php) total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB, UID:33 pgtables:30kB oom_score_adj:0',
      ].map((text, i) => ({ age: 100 - i, text })),
    );
    expect(two.map((e) => [e.subject, e.task])).toEqual([
      [null, 'mysqld [812] in /system.slice/mysql.service'],
      [null, 'php [900] in /system.slice/php.service'],
    ]);
    const [g] = groupEvents(two);
    expect(g).toMatchObject({ kind: 'oom', subject: null, count: 2, tasks: ['php [900] in /system.slice/php.service', 'mysqld [812] in /system.slice/mysql.service'] });
  });
  it('a kill in a cgroup that still exists at the same limit stays critical for 10 minutes, then the cgroup is removed: recovered', () => {
    const group = { kind: 'oom', subject: '/pm', count: 1, newestAge: 60, example: 'oom-kill:...', tasks: ['stress [1]'], limitThen: 16 * MiB };
    const live = { what: 'memory /pm', used: 0, limit: 16 * MiB, unit: 'bytes' as const, limitThen: 16 * MiB, lowUseIsNoProof: true, threshold: 'cgroup-memory' as const };
    const [now] = kernelLog.assess({ source: '/dev/kmsg', lines: 80, groups: [{ ...group, live }] }, T);
    expect(now).toMatchObject({ severity: 'critical', subject: 'OOM kills in /pm', past: { ageSeconds: 60, now: 'unknown' } });
    const [gone] = kernelLog.assess({ source: '/dev/kmsg', lines: 80, groups: [{ ...group, live: { what: 'memory cgroup /pm', gone: true, said: 'memory cgroup /pm is gone' } }] }, T);
    expect(gone).toMatchObject({ severity: 'warning', past: { now: 'recovered', why: 'memory cgroup /pm is gone' } });
    expect(gone!.message).toMatch(/^kernel log: 1 OOM kill in memory cgroup \/pm \(stress \[1\]\), latest 1m ago; recovered now: memory cgroup \/pm is gone/);
  });
});

describe('many places of one kind that have all recovered', () => {
  const gone = (cg: string, age: number) => ({ kind: 'pids-rejected', subject: cg, count: 2, newestAge: age, example: `cgroup: fork rejected by pids controller in ${cg}`, tasks: [], live: { what: `pids cgroup ${cg}`, gone: true, said: `pids cgroup ${cg} is gone` } });
  it('are one warning from three on, newest first; a place still failing keeps its own line', () => {
    const groups = [gone('/a', 900), gone('/b', 100), gone('/c', 500), { ...gone('/d', 60), live: null }];
    const f = kernelLog.assess({ source: '/dev/kmsg', lines: 8, groups }, T);
    expect(f.map((x) => [x.subject, x.severity, x.used])).toEqual([
      ['fork rejected by pids controller (/d)', 'critical', 2],
      ['fork rejected by pids controller (3 places, recovered)', 'warning', 6],
    ]);
    expect(f[1]!.message).toMatch(/^kernel log: 6× fork rejected by pids controller in 3 places that have all recovered \(\/b, \/c, \/a\), latest 1m ago; recovered now: pids cgroup \/b is gone/);
  });
  it('two stay two', () => {
    expect(kernelLog.assess({ source: '/dev/kmsg', lines: 4, groups: [gone('/a', 900), gone('/b', 100)] }, T)).toHaveLength(2);
  });
});

describe('a recovered machine: OOM kill, rejected forks, a disk gone read-only two hours ago, a fork refused 3 min ago, all fine now', async () => {
  const s = await takeSnapshot({ root: fx('recovered'), now: new Date('2026-03-14T12:00:00') });
  const past = s.findings.filter((f) => f.past);
  it('shows no critical for events whose resource is healthy now', () => {
    expect(s.findings.filter((f) => f.severity === 'critical')).toEqual([]);
  });
  it('keeps every one of them in the report and the saved data, as a warning that says why', () => {
    const rows = past.filter((f) => f.severity === 'warning').map((f) => [f.id, f.subject, f.past!.now]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['kernel-log.oom', 'OOM kills in /system.slice/php-fpm.service', 'recovered'],
        ['kernel-log.pids-rejected', 'fork rejected by pids controller (/system.slice/worker.service)', 'recovered'],
        ['kernel-log.pids-rejected', 'fork rejected by pids controller (/system.slice/app.service)', 'recovered'],
        ['kernel-log.conntrack-full', 'conntrack table full', 'recovered'],
        ['kernel-log.remount-ro', 'filesystem went read-only (sdc1)', 'recovered'],
        ['oom.kills', '/proc/vmstat oom_kill', 'recovered'],
        ['cgroup.pids-rejected', 'pids /system.slice/app.service', 'recovered'],
      ]),
    );
    const kill = s.findings.find((f) => f.id === 'kernel-log.oom')!;
    expect(kill.used).toBe(1);
    expect(kill.message).toContain('(php-fpm8.2 [18445]), latest 1h 59m ago; recovered now: memory /system.slice/php-fpm.service: limit raised from 16.0 MiB to 512 MiB');
    expect(s.findings.find((f) => f.subject === 'fork rejected by pids controller (/system.slice/worker.service)')!.message).toContain('recovered now: pids cgroup /system.slice/worker.service is gone');
  });
});
