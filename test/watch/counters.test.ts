// Counter extraction on literal strings and probe data: what rose between two readings.
import { describe, expect, it } from 'vitest';
import { addCgroupEvents, diffCounters, parseNetstat, readCounters, type Readings } from '../../src/watch/counters.js';
import { kmsgIncrements } from '../../src/watch/kmsg.js';
import type { ProbeResult } from '../../src/snapshot/types.js';

const NETSTAT = `TcpExt: SyncookiesSent SyncookiesRecv ListenOverflows ListenDrops
TcpExt: 0 0 12 14
IpExt: InNoRoutes InTruncatedPkts
IpExt: 0 0
`;

describe('parseNetstat', () => {
  it('pairs the name line with the value line per prefix', () => {
    expect(parseNetstat(NETSTAT)).toEqual({ TcpExt: { SyncookiesSent: 0, SyncookiesRecv: 0, ListenOverflows: 12, ListenDrops: 14 }, IpExt: { InNoRoutes: 0, InTruncatedPkts: 0 } });
  });
  it('refuses a value line of another prefix, naming the line', () => {
    expect(() => parseNetstat('TcpExt: A B\nIpExt: 1 2\n')).toThrow(/netstat:2/);
  });
});

describe('cgroup events', () => {
  it('reads pids.events max and memory.events max, oom, oom_kill; ignores the rest', () => {
    const r: Readings = new Map();
    addCgroupEvents(r, 'pids', '/app', 'pids.events', 'max 7\n');
    addCgroupEvents(r, 'v2', '/', 'memory.events', 'low 0\nhigh 3\nmax 2\noom 1\noom_kill 1\noom_group_kill 0\n');
    expect([...r.keys()]).toEqual(['cgroup pids/app pids.events max', 'cgroup v2 memory.events max', 'cgroup v2 memory.events oom', 'cgroup v2 memory.events oom_kill']);
    expect(r.get('cgroup pids/app pids.events max')).toEqual({ what: 'forks refused (pids.max) in cgroup /app', value: 7 });
  });
});

describe('readCounters from probe data', () => {
  it('takes failcnt from beancounters, oom_kill from oom and drops from conntrack', () => {
    const probes: ProbeResult[] = [
      { id: 'beancounters', status: 'ok', durationMs: 0, data: [{ uid: '101', resource: 'numfile', held: 10, maxheld: 20, barrier: 30, limit: 30, failcnt: 4 }] },
      { id: 'oom', status: 'ok', durationMs: 0, data: { oomKills: 2 } },
      { id: 'conntrack', status: 'ok', durationMs: 0, data: { count: 1, max: 2, stats: { drop: 5, early_drop: 0, found: 9 } } },
    ];
    const r = readCounters(probes, '/nonexistent-root');
    expect(r.get('beancounters 101 numfile failcnt')).toEqual({ what: 'allocations refused (numfile failcnt)', value: 4 });
    expect(r.get('vmstat oom_kill')!.value).toBe(2);
    expect(r.get('conntrack drop')!.value).toBe(5);
    expect(r.has('conntrack found')).toBe(false);
  });
});

describe('diffCounters', () => {
  const reading = (value: number) => ({ what: 'allocations refused (numfile failcnt)', value });
  it('reports a rise as an increment in the window between the two samples', () => {
    expect(diffCounters(new Map([['a', reading(3)]]), new Map([['a', reading(17)]]), 1000, 2000)).toEqual([{ key: 'a', what: 'allocations refused (numfile failcnt)', delta: 14, from: 1000, to: 2000 }]);
  });
  it('takes a counter seen for the first time and a reset one as the new base, not as events', () => {
    expect(diffCounters(new Map([['a', reading(9)]]), new Map([['a', reading(2)], ['b', reading(50)]]), 0, 1)).toEqual([]);
  });
});

describe('kmsgIncrements', () => {
  it('classifies new kernel records per kind with the newest as the example', () => {
    const recs = ['6,100,5000,-;cgroup: fork rejected by pids controller in /app', '6,101,5001,-;cgroup: fork rejected by pids controller in /app', '4,102,5002,-;VFS: file-max limit 100 reached', '6,103,5003,-;eth0: link up'];
    const incs = kmsgIncrements(recs, 0, 10);
    expect(incs.map((i) => [i.key, i.delta])).toEqual([['kmsg pids-rejected /app', 2], ['kmsg file-max', 1]]);
    expect(incs[1]!.example).toBe('VFS: file-max limit 100 reached');
  });

  it('counts one OOM kill once, however many lines the kernel printed for it', () => {
    const recs = [
      '4,200,6000,-;stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
      '6,201,6000,-;memory: usage 16384kB, limit 16384kB, failcnt 57',
      '6,202,6000,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/app,task_memcg=/app,task=stress,pid=4321,uid=0',
      '3,203,6000,-;Memory cgroup out of memory: Killed process 4321 (stress) total-vm:40000kB, anon-rss:16000kB',
    ];
    expect(kmsgIncrements(recs, 0, 10).map((i) => [i.key, i.delta])).toEqual([['kmsg oom /app', 1]]);
  });
});
