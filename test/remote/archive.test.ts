// The capture format on literal strings: what the collector writes is exactly what the engine reads.
import { existsSync, readFileSync, readlinkSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseArchive } from '../../src/remote/archive.js';
import { collectorScript, declaredReads } from '../../src/remote/collector.js';
import { materialize } from '../../src/remote/unpack.js';
import { PROBES } from '../../src/snapshot/probes/index.js';
import { tempDir } from '../helpers.js';

const arc = (s: string) => parseArchive(Buffer.from(s, 'utf8'), 'web-3.pmcap');

describe('parseArchive', () => {
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
      const bare = g.replace(/@tail$/, '');
      const where = bare.includes('/**') ? bare.slice(0, bare.indexOf('/**')) : bare;
      expect(script, g).toContain(where);
    }
  });
  it('a probe that declares a new file brings it into the script; an unsafe glob is refused', () => {
    const extra = { ...PROBES[0]!, reads: ['/proc/sys/kernel/some_new_limit'] };
    expect(collectorScript([extra])).toContain('for f in /proc/sys/kernel/some_new_limit; do emit');
    expect(() => collectorScript([{ ...extra, reads: ['/proc/$(rm -rf /)'] }])).toThrow(/not a plain absolute glob/);
  });
});
