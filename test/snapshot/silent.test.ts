// The silent limits: SysV IPC, kernel keys, memory maps, accept queues. Each fails with a misleading
// error (ENOSPC with free disk, EDQUOT without quotas, ENOMEM with free memory, timeouts with an idle
// server). Parsers on literal text, then fixture trees where each ran out.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKeyUsers, keys } from '../../src/snapshot/probes/keys.js';
import { listen, parseListeners, parseNetstat, parseSsListen, type ListenData } from '../../src/snapshot/probes/listen.js';
import { mapCandidates, maps } from '../../src/snapshot/probes/maps.js';
import { isolated } from '../../src/snapshot/isolate.js';
import { writeFileSync } from 'node:fs';
import { tempDir } from '../helpers.js';
import { parseSemLimits, parseSysvipc, sysvipc, topOwner } from '../../src/snapshot/probes/sysvipc.js';
import { runProbes } from '../../src/snapshot/run.js';
import { DEFAULT_THRESHOLDS } from '../../src/snapshot/thresholds.js';
import type { Finding } from '../../src/snapshot/types.js';
import { parsePasswd, userLabel } from '../../src/snapshot/users.js';

const fx = (name: string) => path.join(import.meta.dirname, '../fixtures/snapshot', name);
const find = (fs: Finding[], id: string, subject?: string) => fs.filter((f) => f.id === id && (subject === undefined || f.subject === subject));

describe('sysvipc parsing', () => {
  const sem = `       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime
         0          0   600          1    33    33     0     0          0 1773480000
         0      32769   600          1    33    33     0     0          0 1773480000
   5432001      65538   600         17   110   118   110   118 1773480000 1773480000
`;
  it('reads every row by its column names', () => {
    const rows = parseSysvipc(sem);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatchObject({ key: 5432001, semid: 65538, nsems: 17, uid: 110 });
  });
  it('an empty table is no rows', () => {
    expect(parseSysvipc('       key      msqid perms      cbytes       qnum lspid lrpid   uid\n')).toEqual([]);
  });
  it('reads kernel.sem as SEMMSL SEMMNS SEMOPM SEMMNI', () => {
    expect(parseSemLimits('32000\t1024000000\t500\t32000\n')).toEqual({ semmsl: 32000, semmns: 1024000000, semopm: 500, semmni: 32000 });
    expect(parseSemLimits('250 32000')).toBeNull();
  });
  it('names the uid holding most objects and the commands of its pids still alive', () => {
    const shm = parseSysvipc(`       key      shmid perms                  size  cpid  lpid nattch   uid
         0          1   600              4096   700   701      1    33
         0          2   600              4096   700   999      1    33
         0          3   600              4096   620   620      1   110
`);
    const owner = topOwner(shm, 'shm', new Map([[33, 'www-data']]), new Map([[700, 'php-fpm'], [701, 'php-fpm'], [620, 'postgres']]), new Map());
    expect(owner).toEqual({ uid: 33, user: 'www-data (uid 33)', count: 2, commands: ['php-fpm'], via: 'pids' });
    // semaphores record no pids: the owner's most common process stands in
    expect(topOwner(parseSysvipc(sem), 'sem', new Map(), new Map(), new Map([[33, 'apache2']]))).toMatchObject({ commands: ['apache2'], via: 'user' });
  });
  it('is quiet about what nobody holds and treats the default shmall as no limit', () => {
    const f = sysvipc.assess({ sem: { arrays: 0, semaphores: 0, semmni: 32000, semmns: 1024000000, owner: null }, shm: { segments: 1, pages: 1, shmmni: 4096, shmall: 18446744073692774399, owner: null }, msg: { queues: 0, msgmni: 32000, owner: null } }, DEFAULT_THRESHOLDS);
    expect(f.map((x) => x.id)).toEqual(['sysvipc.shm-segments']);
  });
});

describe('users and keys parsing', () => {
  it('maps uids to names from passwd, the first entry winning', () => {
    const names = parsePasswd('root:x:0:0:root:/root:/bin/bash\n# comment:x:5:5\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\ntoor:x:0:0::/:/bin/sh\nbroken line\n');
    expect([...names]).toEqual([[0, 'root'], [33, 'www-data']]);
    expect(userLabel(33, names)).toBe('www-data (uid 33)');
    expect(userLabel(4242, names)).toBe('uid 4242');
  });
  it('reads /proc/key-users with the quota the kernel prints per user', () => {
    expect(parseKeyUsers('    0:    60 59/59 4/1000000 80/25000000\n 1000:   201 200/200 200/200 9800/20000\n')).toEqual([
      { uid: 0, keys: 4, maxKeys: 1000000, bytes: 80, maxBytes: 25000000 },
      { uid: 1000, keys: 200, maxKeys: 200, bytes: 9800, maxBytes: 20000 },
    ]);
  });
  it('points root at root_maxkeys and everyone else at maxkeys', () => {
    const f = keys.assess({ users: [{ uid: 0, user: 'root (uid 0)', keys: 999990, maxKeys: 1000000, bytes: 0, maxBytes: 25000000 }, { uid: 7, user: 'uid 7', keys: 181, maxKeys: 200, bytes: 0, maxBytes: 20000 }] }, DEFAULT_THRESHOLDS);
    expect(find(f, 'keys.keys', 'root (uid 0)')[0]).toMatchObject({ severity: 'critical' });
    expect(find(f, 'keys.keys', 'root (uid 0)')[0]!.hint).toContain('kernel.keys.root_maxkeys');
    expect(find(f, 'keys.keys', 'uid 7')[0]).toMatchObject({ severity: 'warning' });
    expect(find(f, 'keys.bytes', 'uid 7')[0]!.hint).toContain('kernel.keys.maxbytes');
  });
});

describe('maps parsing', () => {
  const p = (pid: number, vsize: number, kernel = false) => ({ pid, vsize, kernel });
  it('reads only processes whose VmSize in pages can reach the floor, biggest first', () => {
    const c = mapCandidates([p(1, 4096 * 100), p(2, 4096 * 5000), p(3, 4096 * 9000), p(4, 4096 * 9000, true)], 1000);
    expect(c.map((x) => x.pid)).toEqual([3, 2]);
  });
  it.each(['shell', 'node'] as const)('counts lines in the %s isolating child: a count, an error for a file gone', async (kind) => {
    const file = path.join(tempDir(), 'my maps');
    writeFileSync(file, 'a\nb\nc\n');
    expect(await isolated([{ op: 'lines', path: file }, { op: 'lines', path: `${file}.gone` }], 2000, kind)).toEqual([{ ok: 3 }, { error: expect.any(String) }]);
  });
  it('a hang is one warning naming every process it could be', () => {
    const f = maps.assess({ maxMapCount: 65530, candidates: 2, processes: [], stuck: [{ pid: 900, command: 'java' }, { pid: 700, command: 'node' }] }, DEFAULT_THRESHOLDS);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ id: 'maps.stuck', severity: 'warning' });
    expect(f[0]!.message).toContain('one of java [900], node [700]');
  });
});

describe('listen parsing', () => {
  it('reads TcpExt counters by name', () => {
    const n = parseNetstat('TcpExt: SyncookiesSent ListenOverflows ListenDrops\nTcpExt: 0 17 19\nIpExt: InNoRoutes\nIpExt: 2\n');
    expect(n.TcpExt).toEqual({ SyncookiesSent: 0, ListenOverflows: 17, ListenDrops: 19 });
    expect(n.IpExt).toEqual({ InNoRoutes: 2 });
  });
  const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000004 00:00000000 00000000     0        0 421493 5 00000000155007b9 100 0 0 10 0
   1: 0100007F:D932 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 421494 1 00000000508840da 20 0 0 10 -1
`;
  it('takes rx_queue of LISTEN rows as the accept queue now, with the inode', () => {
    expect(parseListeners(tcp)).toEqual([{ socket: '127.0.0.1:8080', queue: 4, inode: 421493 }]);
    const v6 = '  sl  local_address\n   0: 00000000000000000000000000000000:01BB 00000000000000000000000000000000:0000 0A 00000000:00000002 00:00000000 00000000     0        0 77 1\n';
    expect(parseListeners(v6)).toEqual([{ socket: '[::]:443', queue: 2, inode: 77 }]);
  });
  it('takes the backlog from ss Send-Q by inode', () => {
    const ss = parseSsListen('LISTEN 4      3          127.0.0.1:8080      0.0.0.0:* ino:421493 sk:1 cgroup:/ <->\nLISTEN 0 4096 [::]:22 [::]:* ino:88 sk:2 <-> v6only:1\n');
    expect([...ss]).toEqual([[421493, 3], [88, 4096]]);
  });
  const base: ListenData = { overflows: 40, drops: 41, risen: 0, sampleMs: 50, listening: 3, waiting: [] };
  it('overflows since boot with no queue full now are a warning, never critical', () => {
    const f = listen.assess(base, DEFAULT_THRESHOLDS);
    expect(find(f, 'listen.overflows')[0]).toMatchObject({ severity: 'warning', used: 40 });
    expect(find(f, 'listen.overflows')[0]!.message).toContain('recovered');
  });
  it('overflows rising while we looked are critical although no queue size is known', () => {
    const f = listen.assess({ ...base, risen: 3, waiting: [{ socket: '127.0.0.1:8080', queue: 4, backlog: null, inode: 1, owner: 'python3 [42]' }] }, DEFAULT_THRESHOLDS);
    expect(find(f, 'listen.overflows')[0]).toMatchObject({ severity: 'critical' });
    expect(find(f, 'listen.overflows')[0]!.message).toContain('3 in the last 50 ms');
    expect(find(f, 'listen.accept-queue', '127.0.0.1:8080')[0]).toMatchObject({ severity: 'warning', used: 4 });
  });
  it('a queue holds backlog + 1 before the kernel drops', () => {
    const q = (queue: number) => listen.assess({ ...base, overflows: 0, waiting: [{ socket: '0.0.0.0:80', queue, backlog: 3, inode: 1 }] }, DEFAULT_THRESHOLDS)[0]!;
    expect(q(3)).toMatchObject({ severity: 'info', limit: 4 });
    expect(q(4)).toMatchObject({ severity: 'critical', utilization: 1 });
  });
});

describe('fixtures: the silent limits reached', () => {
  it('semaphore arrays at SEMMNI: critical, naming www-data and apache2', async () => {
    const r = await runProbes({ root: fx('sysvipc-full'), ids: ['sysvipc'] });
    const f = find(r.findings, 'sysvipc.sem-arrays')[0]!;
    expect(f).toMatchObject({ severity: 'critical', used: 128, limit: 128 });
    expect(f.message).toContain('most held by www-data (uid 33), who runs apache2: 127 arrays');
    expect(find(r.findings, 'sysvipc.semaphores')[0]).toMatchObject({ severity: 'info', used: 127 + 17, limit: 32000 });
    // the segment's creator and last user are alive: named by their pids
    const data = r.probes[0]!.data as { shm: { owner: { commands: string[]; via: string } } };
    expect(data.shm.owner).toMatchObject({ commands: ['postgres'], via: 'pids' });
  });
  it('one user at kernel.keys.maxkeys: critical, named', async () => {
    const r = await runProbes({ root: fx('keys-quota'), ids: ['keys'] });
    expect(r.findings[0]).toMatchObject({ id: 'keys.keys', severity: 'critical', subject: 'deploy (uid 1000)', used: 200, limit: 200 });
    expect(r.findings[0]!.hint).toContain('Disk quota exceeded');
    expect(find(r.findings, 'keys.keys', 'www-data (uid 33)')[0]!.severity).toBe('info');
  });
  it('a JVM at vm.max_map_count: critical; a small process is never read', async () => {
    const r = await runProbes({ root: fx('maps-full'), ids: ['maps'] });
    expect(r.findings[0]).toMatchObject({ id: 'maps.count', severity: 'critical', subject: 'java [900]', used: 995, limit: 1000 });
    const data = r.probes[0]!.data as { candidates: number; processes: Array<{ pid: number }> };
    expect(data.candidates).toBe(3); // java, node and systemd (10 MB: 2,441 pages); its maps are gone
    // sshd's maps file says 999 (it would be critical), but its VmSize rules it out without reading
    expect(data.processes.map((p) => p.pid)).toEqual([900, 700]);
  });
  it('a full accept queue: critical with port and process, and the since-boot counter corroborated', async () => {
    const r = await runProbes({ root: fx('listen-full'), ids: ['listen'] });
    expect(find(r.findings, 'listen.accept-queue', '127.0.0.1:8080')[0]).toMatchObject({ severity: 'critical', used: 129, limit: 129 });
    expect(find(r.findings, 'listen.accept-queue', '127.0.0.1:8080')[0]!.message).toContain('gunicorn [812]');
    expect(find(r.findings, 'listen.overflows')[0]).toMatchObject({ severity: 'critical', used: 5234 });
    expect(find(r.findings, 'listen.accept-queue', '0.0.0.0:22')).toEqual([]); // an empty queue is not news
  });
  it('the healthy server: all four run, nothing raised, and no maps read', async () => {
    const r = await runProbes({ root: fx('healthy'), ids: ['sysvipc', 'keys', 'maps', 'listen'] });
    expect(r.probes.map((p) => [p.id, p.status])).toEqual([['listen', 'ok'], ['sysvipc', 'ok'], ['keys', 'ok'], ['maps', 'ok']]);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect((r.probes.find((p) => p.id === 'maps')!.data as { candidates: number }).candidates).toBe(0);
  });
});
