// Assessments are pure: literal data in, findings out. Each case is one way a resource runs out.
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS as T } from '../../src/snapshot/thresholds.js';
import { tcp } from '../../src/snapshot/probes/tcp.js';
import { sockets } from '../../src/snapshot/probes/sockets.js';
import { psi } from '../../src/snapshot/probes/psi.js';
import { processes } from '../../src/snapshot/probes/processes.js';
import { kernelLog } from '../../src/snapshot/probes/kernel-log.js';
import { load } from '../../src/snapshot/probes/load.js';
import { memory } from '../../src/snapshot/probes/memory.js';
import { fds } from '../../src/snapshot/probes/fds.js';

describe('assessments', () => {
  it('ephemeral ports to one destination near the range size', () => {
    const f = tcp.assess({ states: { TIME_WAIT: 27000, ESTABLISHED: 1000 }, portRange: [32768, 60999], destinations: [{ destination: '10.0.0.20:3306', ports: 24000 }] }, T);
    expect(f[0]).toMatchObject({ id: 'tcp.ephemeral-ports', subject: '10.0.0.20:3306', severity: 'warning', limit: 28232 });
    expect(f[0]!.hint).toContain('Cannot assign requested address');
  });
  it('TCP memory past the pressure mark and orphans past the limit', () => {
    const f = sockets.assess({ sockstat: { TCP: { inuse: 10, orphan: 9000, mem: 88000 } }, sockstat6: null, tcpMem: { low: 45000, pressure: 60000, high: 90000 }, maxOrphans: 8192 }, T);
    expect(f.find((x) => x.id === 'sockets.tcp-mem')).toMatchObject({ severity: 'critical', unit: 'bytes', used: 88000 * 4096 });
    expect(f.find((x) => x.id === 'sockets.orphans')).toMatchObject({ severity: 'critical', used: 9000, limit: 8192 });
  });
  it('memory pressure: all tasks stalled', () => {
    const line = (avg60: number) => ({ avg10: avg60, avg60, avg300: avg60, total: 1 });
    const f = psi.assess({ memory: { some: line(60), full: line(45) }, io: { full: line(1) }, cpu: { some: line(10) } }, T);
    expect(f.find((x) => x.id === 'psi.memory')!.severity).toBe('critical');
    expect(f.find((x) => x.id === 'psi.io')!.severity).toBe('info');
  });
  it('io pressure with a memory cgroup stuck at its limit is a memory cgroup thrash, not a slow disk', () => {
    const line = (avg60: number) => ({ avg10: avg60, avg60, avg300: avg60, total: 1 });
    const memcg = (current: number, hits: number) => ({ path: '/system.slice/php.service', version: 2 as const, current, max: 512 << 20, hits });
    const data = (m: ReturnType<typeof memcg>) => ({ memory: { full: line(2) }, io: { full: line(45) }, cpu: { some: line(10) }, memcgs: [m] });
    const f = psi.assess(data(memcg(510 << 20, 4821)), T);
    expect(f.find((x) => x.id === 'psi.io')).toBeUndefined();
    const thrash = f.find((x) => x.id === 'psi.memcg-thrash')!;
    expect(thrash).toMatchObject({ severity: 'warning', resource: 'memory (cgroup)', subject: 'memory /system.slice/php.service' });
    expect(thrash.message).toMatch(/^memory cgroup thrash: memory \/system.slice\/php.service sits at 100 % of its limit \(512 MiB\) and hit it 4,821 times/);
    expect(thrash.hint).toMatch(/^not a slow disk/);
    // the same hits, but room now; or at the limit without a hit since the previous sample: the disk's
    expect(psi.assess(data(100 << 20, 4821), T).find((x) => x.id === 'psi.io')!.hint).toContain('a slow or dying disk');
    expect(psi.assess(data(510 << 20, 4821), T, data(510 << 20, 4821)).map((x) => x.id)).toContain('psi.io');
  });
  it("a user's processes against their RLIMIT_NPROC, zombies and D-state tasks", () => {
    const f = processes.assess(
      { processes: 400, threads: 900, pidMax: 32768, threadsMax: 60000, zombies: 150, dState: Array.from({ length: 6 }, (_, i) => ({ pid: 100 + i, comm: 'php' })), users: [{ uid: 33, tasks: 4090, limit: 4096 }] },
      T,
    );
    expect(f.find((x) => x.id === 'processes.nproc')).toMatchObject({ subject: 'uid 33', severity: 'critical' });
    expect(f.find((x) => x.id === 'processes.zombies')!.severity).toBe('warning');
    expect(f.find((x) => x.id === 'processes.d-state')!.message).toMatch(/^6 tasks in uninterruptible sleep: php \[100\]/);
  });
  it('kernel messages whose resource cannot be read now: critical for 10 min, warning within a day, info after', () => {
    const sev = (age: number | null) => kernelLog.assess({ source: '/dev/kmsg', lines: 1, groups: [{ kind: 'conntrack-full', subject: null, count: 1, newestAge: age, example: 'nf_conntrack: table full, dropping packet', tasks: [], live: null }] }, T)[0]!.severity;
    expect([sev(60), sev(700), sev(7200), sev(200000), sev(null)]).toEqual(['critical', 'warning', 'warning', 'info', 'warning']);
  });
  it('load per CPU', () => {
    const f = load.assess({ load1: 9, load5: 9, load15: 9, running: 9, tasks: 100, cpus: 2, cpu: { busy: 1, iowait: 0, steal: 0, sampledMs: 50 } }, T);
    expect(f.find((x) => x.id === 'load.per-cpu')!.severity).toBe('critical');
  });
  it('no swap configured: no swap finding', () => {
    expect(memory.assess({ total: 100, available: 50, swapTotal: 0, swapFree: 0, shmem: 0 }, T).map((x) => x.id)).toEqual(['memory.ram']);
  });
  it('per-process fds: every process over the warning level, else the fullest one', () => {
    const top = [
      { pid: 1, comm: 'nginx', fds: 1020, limit: 1024 },
      { pid: 2, comm: 'php', fds: 950, limit: 1024 },
      { pid: 3, comm: 'cron', fds: 5, limit: 1024 },
    ];
    const f = fds.assess({ allocated: 3000, max: 100000, nrOpen: 1048576, top, denied: 0 }, T).filter((x) => x.id === 'fds.process');
    expect(f.map((x) => [x.subject, x.severity])).toEqual([
      ['nginx [1]', 'critical'],
      ['php [2]', 'warning'],
    ]);
  });
});
