// The capture format on literal strings: what the collector writes is exactly what the engine reads.
import { existsSync, readFileSync, readlinkSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseArchive } from '../../src/remote/archive.js';
import { collectorScript, declaredReads } from '../../src/remote/collector.js';
import { recordedFdStat } from '../../src/snapshot/deleted.js';
import { materialize } from '../../src/remote/unpack.js';
import { PROBES } from '../../src/snapshot/probes/index.js';
import { tempDir } from '../helpers.js';

const arc = (s: string) => parseArchive(Buffer.from(s, 'utf8'), 'web-3.pmcap');

// version 2: named blocks behind a random prefix; what head -c prints for several files, verbatim
const Q = '/.//././/.//././/./.'; // 10 steps
const h = (name: string) => `==> ${Q}${name} <==\n`;
const v2 = (...parts: string[]) => arc(`PMCAP 2 ${Q}\n${parts.join('')}`);

describe('parseArchive, version 2', () => {
  it('takes file data up to the next header: no length needed, NULs and newlines kept, a missing final newline too', () => {
    const a = v2('\n', h(':stat'), `${Q} 81a4 /proc/uptime\n/proc/uptime\n`, h('/dev/null'), `\n${h('/proc/1/cmdline')}nginx\0-g\0\nx`, `\n${h('/proc/uptime')}1 2\n`, `\n${h(':end')}`);
    expect(a.complete).toBe(true);
    expect(a.entries).toEqual([
      { kind: 'file', path: '/proc/1/cmdline', data: Buffer.from('nginx\0-g\0\nx') },
      { kind: 'file', path: '/proc/uptime', data: Buffer.from('1 2\n') },
    ]);
  });
  it('a new head batch starts with /dev/null and no separator: the byte before it is data', () => {
    const a = v2(h('/dev/null'), `\n${h('/proc/a')}A\n`, h('/dev/null'), `\n${h('/proc/b')}B`, `\n${h(':end')}`);
    expect(a.entries.map((e) => e.kind === 'file' && e.data.toString())).toEqual(['A\n', 'B']);
  });
  it('a header-like line in the data without the prefix is data (a log line cannot fake a file)', () => {
    const fake = '\n==> /.//./proc/1/status <==\nUid: 0\n';
    const a = v2(h('/dev/null'), `\n${h('/var/log/syslog')}x${fake}`, `\n${h(':end')}`);
    expect(a.entries).toEqual([{ kind: 'file', path: '/var/log/syslog', data: Buffer.from(`x${fake}`) }]);
  });
  it('reads folders and /proc links from the stat block, in BusyBox and coreutils quoting; links elsewhere are not links', () => {
    const stat = [`${Q} 41ed /proc/7/fd`, '/proc/7/fd', `${Q} a1c0 /proc/7/fd/3`, "'/proc/7/fd/3' -> '/var/log/a b (deleted)'", `${Q} a1c0 /proc/7/fd/4`, '/proc/7/fd/4 -> socket:[99]', `${Q} a1ff /etc/os-release`, "'/etc/os-release' -> '../usr/lib/os-release'", ''].join('\n');
    expect(v2('\n', h(':stat'), stat, `\n${h(':end')}`).entries).toEqual([
      { kind: 'dir', path: '/proc/7/fd' },
      { kind: 'link', path: '/proc/7/fd/3', target: '/var/log/a b (deleted)' },
      { kind: 'link', path: '/proc/7/fd/4', target: 'socket:[99]' },
    ]);
  });
  it('statfs lines: numbers, stuck, error, raw mount points; an answer beats a stuck reported at the deadline', () => {
    const a = v2('\n', h(':statfs'), 'S ef53,4096,100,50,40,1000,0 /\nS stuck /mnt/nfs\nS error /mnt/gone\nS 9fa0,4096,1,1,1,10,9 /mnt/a b\nS 1,1,1,1,1,1,1 /mnt/nfs\nS stuck /mnt/nfs\n', `\n${h(':end')}`);
    expect(Object.fromEntries(a.entries.map((e) => [e.path, e.kind === 'statfs' && e.result]))).toEqual({
      '/': { type: 0xef53, bsize: 4096, blocks: 100, bfree: 50, bavail: 40, files: 1000, ffree: 0 },
      '/mnt/nfs': { type: 1, bsize: 1, blocks: 1, bfree: 1, bavail: 1, files: 1, ffree: 1 },
      '/mnt/gone': { error: 'error' },
      '/mnt/a b': { type: 0x9fa0, bsize: 4096, blocks: 1, bfree: 1, bavail: 1, files: 10, ffree: 9 },
    });
  });
  it('deleted files stat lines become fdstat entries; an empty /dev/kmsg (not readable there) is absent', () => {
    const a = v2('\n', h(':deleted'), `${Q} 2049 1234 2048 0 /proc/7/fd/3\n`, `\n${h('/dev/kmsg')}`, `\n${h(':end')}`);
    expect(a.entries).toEqual([{ kind: 'fdstat', path: '/proc/7/fd/3', dev: '2049', ino: 1234, blocks: 2048, nlink: 0 }]);
  });
  it('a head killed at its deadline (a stuck process) may leave half a header: it is data, the rest parses', () => {
    const a = v2(h('/dev/null'), `\n${h('/proc/5/cmdline')}nginx\0`, `\n==> ${Q}/proc/6/cmd`, h('/dev/null'), `\n${h('/var/log/syslog')}x`, `\n${h(':end')}`);
    expect(a.complete).toBe(true);
    expect(a.entries.map((e) => e.path)).toEqual(['/proc/5/cmdline', '/var/log/syslog']);
  });
  it('cut short: no end block; the block being written is dropped (its data may be partial)', () => {
    const a = v2(h('/dev/null'), `\n${h('/proc/a')}A`, `\n${h('/proc/b')}half of`);
    expect(a.complete).toBe(false);
    expect(a.entries.map((e) => e.path)).toEqual(['/proc/a']);
  });
  it('refuses a prefix that is not "/." steps, and an unknown block, naming file and line', () => {
    expect(() => arc('PMCAP 2 /etc\n')).toThrow(/web-3\.pmcap:1: expected "PMCAP 2 <prefix>"/);
    expect(() => v2('\n', h('stat'), `\n${h(':end')}`)).toThrow(/web-3\.pmcap:3: unexpected block "stat"/);
  });
});

describe('recorded fd stats', () => {
  it('a capture tree answers stat through an fd link from fdstat.json, keyed by the host path', () => {
    const root = tempDir();
    materialize(v2('\n', h(':deleted'), `${Q} 2049 1234 2048 0 /proc/7/fd/3\n`, `\n${h(':end')}`), root, 'x');
    const stat = recordedFdStat(root)!;
    expect(stat(path.join(root, 'proc/7/fd/3'))).toEqual({ dev: 2049n, ino: 1234n, blocks: 2048n, nlink: 0n });
    expect(() => stat(path.join(root, 'proc/7/fd/4'))).toThrow(/not recorded/);
    expect(recordedFdStat(tempDir())).toBeNull();
  });
});

describe('parseArchive, version 1 (files from an older collector)', () => {
  it('reads files by length, so data with newlines and NULs survives', () => {
    const a = arc('PMCAP 1\nF 11 /proc/1/cmdline\nnginx\0-g\0\nx\nD /proc/1/fd\nL 10 /proc/1/fd/3\nsocket:[7]\nE\n');
    expect(a.complete).toBe(true);
    expect(a.entries).toEqual([
      { kind: 'file', path: '/proc/1/cmdline', data: Buffer.from('nginx\0-g\0\nx') },
      { kind: 'dir', path: '/proc/1/fd' },
      { kind: 'link', path: '/proc/1/fd/3', target: 'socket:[7]' },
    ]);
  });
  it('keeps a path with spaces whole (it is the rest of the line)', () => {
    expect(arc('PMCAP 1\nL 22 /proc/9/fd/4\n/var/log/a b (deleted)\nE\n').entries[0]).toEqual({ kind: 'link', path: '/proc/9/fd/4', target: '/var/log/a b (deleted)' });
  });
  it('decodes statfs answers: numbers (type in hex), stuck, error; mountinfo escapes in the mount point', () => {
    const a = arc('PMCAP 1\nS ef53,4096,100,50,40,1000,0 /\nS stuck /mnt/nfs\nS error /mnt/gone\nS 1021994,4096,1,1,1,10,9 /mnt/a\\040b\nE\n');
    expect(a.entries).toEqual([
      { kind: 'statfs', path: '/', result: { type: 0xef53, bsize: 4096, blocks: 100, bfree: 50, bavail: 40, files: 1000, ffree: 0 } },
      { kind: 'statfs', path: '/mnt/nfs', result: 'stuck' },
      { kind: 'statfs', path: '/mnt/gone', result: { error: 'error' } },
      { kind: 'statfs', path: '/mnt/a b', result: { type: 0x1021994, bsize: 4096, blocks: 1, bfree: 1, bavail: 1, files: 10, ffree: 9 } },
    ]);
  });
  it('marks an archive cut short (no end line, or inside a file) as incomplete, keeping what came', () => {
    expect(arc('PMCAP 1\nD /proc\n')).toEqual({ entries: [{ kind: 'dir', path: '/proc' }], complete: false });
    expect(arc('PMCAP 1\nD /proc\nF 100 /proc/meminfo\nMemTotal:').complete).toBe(false);
  });
  it('refuses what is not a capture, and a length that does not match, naming file and line', () => {
    expect(() => arc('<html>\n')).toThrow(InputError);
    expect(() => arc('<html>\n')).toThrow(/web-3\.pmcap:1: not a postmortem capture/);
    expect(() => arc('PMCAP 1\nF 3 /proc/uptime\n12345\nE\n')).toThrow(/data is not 3 bytes long/);
    expect(() => arc('PMCAP 1\nX /etc/shadow\n')).toThrow(/web-3\.pmcap:2: unexpected line/);
  });
  it('quotes a bad line only through the redaction gate', () => {
    expect(() => arc('PMCAP 1\npassword=hunter2hunter2\n')).toThrow(/\[redacted\]/);
    expect(() => arc('PMCAP 1\npassword=hunter2hunter2\n')).not.toThrow(/hunter2/);
  });
});

describe('materialize', () => {
  it('writes files, folders, links and statfs.json under the root', () => {
    const root = tempDir();
    materialize(arc('PMCAP 1\nF 4 /proc/uptime\n1 2\n\nD /proc/7/fd\nL 9 /proc/8/fd/0\n/dev/null\nS stuck /srv\nE\n'), root, 'x');
    expect(readFileSync(path.join(root, 'proc/uptime'), 'utf8')).toBe('1 2\n');
    expect(readdirSync(path.join(root, 'proc/7/fd'))).toEqual([]);
    expect(readlinkSync(path.join(root, 'proc/8/fd/0'))).toBe('/dev/null');
    expect(JSON.parse(readFileSync(path.join(root, 'statfs.json'), 'utf8'))).toEqual({ '/srv': 'stuck' });
  });
  it('refuses a path that climbs out of the tree', () => {
    const root = tempDir();
    expect(() => materialize(arc('PMCAP 1\nF 1 /proc/../../pm-escaped-by-test\na\nE\n'), root, 'evil.pmcap')).toThrow(/evil\.pmcap: path outside the capture/);
    expect(existsSync(path.join(root, '..', 'pm-escaped-by-test'))).toBe(false);
  });
});

describe('the collector is built from the probes', () => {
  it('every probe declares what it reads, and the script reads every declared glob', () => {
    expect(PROBES.filter((p) => !p.reads?.length).map((p) => p.id)).toEqual([]);
    const script = collectorScript();
    for (const g of declaredReads()) {
      const bare = g.replace(/@(tail|anon)$/, '');
      // @biggest: the FILE of the processes that the vsize ranking picked
      const where = bare.endsWith('@biggest') ? `sub(/stat$/, "${bare.slice(bare.lastIndexOf('/') + 1, -8)}", p)` : bare.includes('/**') ? bare.slice(0, bare.indexOf('/**')) : bare;
      expect(script, g).toContain(where);
    }
  });
  it('a probe that declares a new file brings it into the script; an unsafe glob is refused', () => {
    const extra = { ...PROBES[0]!, reads: ['/proc/sys/kernel/some_new_limit'] };
    expect(collectorScript([extra])).toContain("printf '%s\\0' /proc/sys/kernel/some_new_limit\n");
    expect(() => collectorScript([{ ...extra, reads: ['/proc/$(rm -rf /)'] }])).toThrow(/not a plain absolute glob/);
    expect(() => collectorScript([{ ...extra, reads: ['/etc/passwd@biggest'] }])).toThrow(/@biggest applies to \/proc\/\[0-9\]\*\/FILE/);
  });
});
