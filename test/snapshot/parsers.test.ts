// Parsers are pure: each is tested on literal text as the kernel writes it.
import { describe, expect, it } from 'vitest';
import { parseProcStat, parseLimits, parseStatusUid, withoutOurselves, type Proc } from '../../src/snapshot/proctable.js';
import { parseKeyValues } from '../../src/snapshot/read.js';
import { parseLoadavg, parseProcStatCpu, cpuShares } from '../../src/snapshot/probes/load.js';
import { parsePressure } from '../../src/snapshot/probes/psi.js';
import { memoryData } from '../../src/snapshot/probes/memory.js';
import { realMounts } from '../../src/snapshot/probes/filesystems.js';
import { parseMountinfo } from '../../src/util/mountinfo.js';
import { parseFileNr } from '../../src/snapshot/probes/fds.js';
import { parseSockstat, parseTcpMem } from '../../src/snapshot/probes/sockets.js';
import { decodeAddress, parseNetTcp, tcpData } from '../../src/snapshot/probes/tcp.js';
import { parseConntrackStat } from '../../src/snapshot/probes/conntrack.js';
import { countWatches } from '../../src/snapshot/probes/inotify.js';
import { parseProcCgroup } from '../../src/snapshot/probes/cgroup.js';
import { parseBeancounters } from '../../src/snapshot/probes/beancounters.js';
import { groupEvents, kernelEvents, parseKmsg, parseSyslog } from '../../src/snapshot/probes/kernel-log.js';
import { parseDnfLog, parseDpkgLog, recent } from '../../src/snapshot/probes/packages.js';
import { parseOsRelease, parseUptime } from '../../src/snapshot/probes/host.js';
import { cmdlineText } from '../../src/snapshot/probes/census.js';

describe('process files', () => {
  it('reads /proc/PID/stat even when the command holds spaces and parentheses', () => {
    const text = '4242 (my (weird) cmd) S 1 4242 4242 0 -1 4194560 1 0 0 0 3 4 0 0 20 0 7 0 999 12345678 2500 18446744073709551615\n';
    expect(parseProcStat(text)).toEqual({ pid: 4242, comm: 'my (weird) cmd', state: 'S', ppid: 1, pgrp: 4242, flags: 4194560, threads: 7, vsize: 12345678, rssPages: 2500 });
  });
  it('returns null for a torn stat line', () => {
    expect(parseProcStat('4242 (trunc')).toBeNull();
  });
  it('takes the soft limits from /proc/PID/limits', () => {
    const text = `Limit                     Soft Limit           Hard Limit           Units
Max processes             63704                63704                processes
Max open files            1024                 524288               files
`;
    expect(parseLimits(text)).toEqual({ openFiles: 1024, processes: 63704 });
    expect(parseLimits('Max open files            unlimited            unlimited            files\n').openFiles).toBe(Infinity);
  });
  it('takes the real uid from status', () => {
    expect(parseStatusUid('Name:\tx\nUid:\t1000\t0\t0\t0\n')).toBe(1000);
  });
});

describe('load, cpu, psi, memory', () => {
  it('parses loadavg', () => {
    expect(parseLoadavg('0.42 0.35 0.30 2/310 98765\n')).toEqual({ load1: 0.42, load5: 0.35, load15: 0.3, running: 2, tasks: 310 });
    expect(() => parseLoadavg('garbage')).toThrow(/expected/);
  });
  it('parses the cpu line, counts CPUs and computes shares of a sample', () => {
    const a = parseProcStatCpu('cpu  100 0 100 700 50 0 0 50 0 0\ncpu0 1 1 1 1\ncpu1 1 1 1 1\nintr 5\n');
    expect(a.cpus).toBe(2);
    const b = parseProcStatCpu('cpu  200 0 200 800 150 0 0 150 0 0\n');
    const s = cpuShares(a.total, b.total);
    expect(s.busy).toBeCloseTo(300 / 500);
    expect(s.iowait).toBeCloseTo(100 / 500);
    expect(s.steal).toBeCloseTo(100 / 500);
  });
  it('parses pressure files', () => {
    const p = parsePressure('some avg10=1.50 avg60=2.25 avg300=0.10 total=123\nfull avg10=0.00 avg60=0.75 avg300=0.00 total=9\n');
    expect(p.some?.avg60).toBe(2.25);
    expect(p.full?.avg60).toBe(0.75);
  });
  it('turns meminfo kB into bytes and falls back without MemAvailable', () => {
    const mi = parseKeyValues('MemTotal:  1000 kB\nMemFree:  100 kB\nCached:  200 kB\nBuffers: 50 kB\nHugePages_Total:       0\n');
    expect(mi.MemTotal).toBe(1024000);
    expect(mi.HugePages_Total).toBe(0);
    expect(memoryData(mi).available).toBe(350 * 1024);
    expect(() => memoryData({})).toThrow(/MemTotal/);
  });
});

describe('mounts', () => {
  const text = `22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 ro,errors=remount-ro
23 22 0:21 / /proc rw,nosuid - proc proc rw
30 22 8:17 / /srv/my\\040data rw,relatime - xfs /dev/sdb1 rw
31 22 8:17 /www /var/www rw,relatime - xfs /dev/sdb1 rw
32 22 7:0 / /snap/core/1 ro - squashfs /dev/loop0 ro
33 22 0:40 / /dev/shm rw - tmpfs tmpfs rw
34 22 0:41 / /dev/shm rw - tmpfs tmpfs rw,size=64k
`;
  it('parses fields, optional tags, escapes and superblock options', () => {
    const m = parseMountinfo(text);
    expect(m[0]).toMatchObject({ mountPoint: '/', fsType: 'ext4', source: '/dev/sda1', options: ['rw', 'relatime'], superOptions: ['ro', 'errors=remount-ro'] });
    expect(m[2]!.mountPoint).toBe('/srv/my data');
  });
  it('keeps real filesystems once per device and the visible mount of a stacked point', () => {
    const real = realMounts(parseMountinfo(text));
    expect(real.map((m) => m.mountPoint)).toEqual(['/', '/srv/my data', '/dev/shm']);
    expect(real[2]!.superOptions).toContain('size=64k');
  });
  it('names the line it cannot parse', () => {
    expect(() => parseMountinfo('1 2 3')).toThrow(/mountinfo: expected/);
  });
});

describe('files, sockets, tcp, conntrack, inotify', () => {
  it('parses file-nr', () => {
    expect(parseFileNr('2144\t0\t400000\n')).toEqual({ allocated: 2144, max: 400000 });
    expect(() => parseFileNr('x')).toThrow(/file-nr/);
  });
  it('parses sockstat and tcp_mem', () => {
    const s = parseSockstat('sockets: used 190\nTCP: inuse 12 orphan 3 tw 8 alloc 15 mem 3\nFRAG: inuse 0 memory 0\n');
    expect(s.TCP).toEqual({ inuse: 12, orphan: 3, tw: 8, alloc: 15, mem: 3 });
    expect(s.sockets!.used).toBe(190);
    expect(parseTcpMem('45000\t60000\t90000\n')).toEqual({ low: 45000, pressure: 60000, high: 90000 });
  });
  it('decodes kernel addresses (IPv4, IPv6, v4-mapped)', () => {
    expect(decodeAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeAddress('0A00000A')).toBe('10.0.0.10');
    expect(decodeAddress('00000000000000000000000001000000')).toBe('::1');
    expect(decodeAddress('0000000000000000FFFF00000100007F')).toBe('127.0.0.1');
  });
  it('counts ephemeral ports per destination, not listeners or inbound', () => {
    const line = (i: number, l: string, r: string, st: string) => `${i}: ${l} ${r} ${st} 00000000:00000000 00:00000000 00000000 0 0 1 1\n`;
    const text = 'sl local rem st\n' + line(0, '00000000:0050', '00000000:0000', '0A') + line(1, '0A00000A:0050', '0B00A8C0:C822', '01') + line(2, '0A00000A:9C41', '1400000A:1538', '01') + line(3, '0A00000A:9C42', '1400000A:1538', '06');
    const socks = parseNetTcp(text);
    expect(socks[3]).toEqual({ local: '10.0.0.10', localPort: 40002, remote: '10.0.0.20', remotePort: 5432, state: 'TIME_WAIT' });
    const d = tcpData(socks, [32768, 60999]);
    expect(d.destinations).toEqual([{ destination: '10.0.0.20:5432', ports: 2 }]);
    expect(d.states).toEqual({ LISTEN: 1, ESTABLISHED: 2, TIME_WAIT: 1 });
  });
  it('sums conntrack counters over CPUs (hex)', () => {
    const s = parseConntrackStat('entries  drop  early_drop\n00000010  0000000a  00000001\n00000010  00000005  00000000\n');
    expect(s).toEqual({ drop: 15, early_drop: 1 });
  });
  it('counts inotify watches in fdinfo', () => {
    expect(countWatches('pos:\t0\nflags:\t00\ninotify wd:1 ino:1 sdev:8 mask:fce\ninotify wd:2 ino:2 sdev:8 mask:fce\n')).toBe(2);
  });
});

describe('cgroups, beancounters', () => {
  it('parses /proc/self/cgroup for v1 and v2', () => {
    expect(parseProcCgroup('5:cpu,cpuacct:/docker/abc\n0::/system.slice/x.service\n')).toEqual([
      { controllers: ['cpu', 'cpuacct'], path: '/docker/abc' },
      { controllers: [], path: '/system.slice/x.service' },
    ]);
    expect(() => parseProcCgroup('nonsense')).toThrow(/expected "id:controllers:path"/);
  });
  it('parses beancounters, carrying the container id down its rows and skipping dummy', () => {
    const rows = parseBeancounters(`Version: 2.5
       uid  resource                     held              maxheld              barrier                limit              failcnt
      101:  kmemsize                  2568418              3256832             14372700             14790164                    3
            dummy                           0                    0                    0                    0                    0
            numothersock                   12                   40                  360                  360                    0
`);
    expect(rows).toEqual([
      { uid: '101', resource: 'kmemsize', held: 2568418, maxheld: 3256832, barrier: 14372700, limit: 14790164, failcnt: 3 },
      { uid: '101', resource: 'numothersock', held: 12, maxheld: 40, barrier: 360, limit: 360, failcnt: 0 },
    ]);
    expect(() => parseBeancounters('Version: 2.5\n 101: kmemsize 1 2 3\n')).toThrow(/user_beancounters:2: expected/);
  });
});

describe('kernel log, packages, host', () => {
  it('parses kmsg records with their age', () => {
    const lines = parseKmsg('6,1,0,-;Linux version 6\n4,2,9000000,-;nf_conntrack: table full, dropping packet\n SUBSYSTEM=net\n', 10);
    expect(lines).toEqual([
      { age: 10, text: 'Linux version 6' },
      { age: 1, text: 'nf_conntrack: table full, dropping packet' },
    ]);
  });
  it('parses syslog kernel lines (BSD and RFC 3339 stamps)', () => {
    const now = new Date(2026, 2, 14, 10, 0, 0);
    const lines = parseSyslog('Mar 14 09:00:00 host kernel: [123.4] Out of memory: Killed process 42 (php)\nMar 14 09:00:01 host sshd[1]: hi\n2026-03-14T09:30:00+00:00 host kernel: EXT4-fs (sda1): Remounting filesystem read-only\n', now);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.age).toBe(3600);
    expect(lines[1]!.text).toMatch(/^EXT4-fs/);
  });
  it('names the device of filesystem errors and remounts ("EXT4-fs error (device sda1): ext4_lookup:1855: ...")', () => {
    const e = kernelEvents([
      { age: 9, text: 'EXT4-fs error (device sda1): ext4_lookup:1855: inode #2: comm ls: deleted inode referenced: 1234' },
      { age: 8, text: 'EXT4-fs (sda1): Remounting filesystem read-only' },
      { age: 7, text: 'XFS (dm-0): Corruption detected. Unmount and run xfs_repair' },
    ]);
    expect(e.map((x) => [x.kind, x.subject])).toEqual([
      ['fs-error', 'sda1'],
      ['remount-ro', 'sda1'],
      ['fs-error', 'dm-0'],
    ]);
  });
  it('groups events per kind and per what they name, with the newest example', () => {
    const g = groupEvents(
      kernelEvents([
        { age: 500, text: 'cgroup: fork rejected by pids controller in /a' },
        { age: 100, text: 'cgroup: fork rejected by pids controller in /a' },
        { age: 90, text: 'cgroup: fork rejected by pids controller in /b' },
        { age: 50, text: 'usb 1-1: new device' },
      ]),
    );
    expect(g.map((x) => [x.kind, x.subject, x.count, x.newestAge])).toEqual([
      ['pids-rejected', '/a', 2, 100],
      ['pids-rejected', '/b', 1, 90],
    ]);
  });
  it('parses dpkg and dnf logs and keeps the recent changes', () => {
    const d = parseDpkgLog('2026-03-12 06:25:01 status half-configured libc6:amd64 2.36\n2026-03-12 06:25:01 upgrade libc6:amd64 2.36-9 2.36-10\n2026-03-01 10:00:00 remove foo:amd64 1.0 <none>\n');
    expect(d).toEqual([
      { at: '2026-03-12T06:25:01', action: 'upgrade', name: 'libc6', version: '2.36-10' },
      { at: '2026-03-01T10:00:00', action: 'remove', name: 'foo', version: '1.0' },
    ]);
    expect(recent(d, new Date('2026-03-14T12:00:00'), 7).map((c) => c.name)).toEqual(['libc6']);
    expect(parseDnfLog('2026-03-10T06:25:01+0000 SUBDEBUG Upgrade: openssl-libs-3.0.7-24.el9.x86_64\n')).toEqual([{ at: '2026-03-10T06:25:01', action: 'upgrade', name: 'openssl-libs', version: '3.0.7-24.el9.x86_64' }]);
  });
  it('parses uptime and os-release', () => {
    expect(parseUptime('864000.12 1700000.00\n')).toBe(864000.12);
    expect(() => parseUptime('x')).toThrow(/uptime/);
    expect(parseOsRelease('NAME=x\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe('Debian GNU/Linux 12 (bookworm)');
  });
  it('joins cmdline arguments (secrets are the gate in the runner: fixtures.test.ts)', () => {
    expect(cmdlineText('mysqld\0--user=mysql\0--datadir=/var/lib/mysql\0')).toBe('mysqld --user=mysql --datadir=/var/lib/mysql');
  });
});

describe('withoutOurselves', () => {
  it('leaves out our process and the process groups of our detached helpers, not our other children', () => {
    const p = (pid: number, ppid: number, pgrp: number) => ({ pid, ppid, pgrp }) as Proc;
    // 10 is us; 11 a detached helper (own group) with subshells 12 and 13; 14 an ordinary child.
    const procs = [p(1, 0, 1), p(12, 11, 11), p(10, 1, 10), p(11, 10, 11), p(13, 12, 11), p(14, 10, 10), p(20, 1, 20)];
    expect(withoutOurselves(procs, 10).map((x) => x.pid)).toEqual([1, 14, 20]);
  });
});
