// The collector itself, run straight under dash and BusyBox sh (no ssh): POSIX only, same archive,
// and it writes nothing on the host: a host out of inodes (TMPDIR on a full tmpfs, no mktemp) still
// streams a complete capture.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArchive, type Archive, type Entry } from '../../src/remote/archive.js';
import { collectorScript } from '../../src/remote/collector.js';
import { fillInodes, tempDir, tmpfs } from '../helpers.js';

const run = (shell: string[], env: Record<string, string> = { PATH: '/usr/bin:/bin' }) => {
  const r = spawnSync(shell[0]!, [...shell.slice(1), '-s'], { input: collectorScript(), maxBuffer: 1 << 28, env });
  expect(r.status, r.stderr?.toString()).toBe(0);
  return parseArchive(r.stdout, shell.join(' '));
};
/** Kind and path of what is not per-process (processes come and go between two runs; so do mounts under /tmp of other tests). */
const shape = (es: Entry[]) => [...new Set(es.filter((e) => !/^\/(proc\/\d+|tmp)(\/|$)/.test(e.path) && !e.path.startsWith('/sys/fs/cgroup')).map((e) => `${e.kind} ${e.path}`))].sort();
const file = (a: Archive, p: string) => {
  const e = a.entries.find((x) => x.kind === 'file' && x.path === p);
  return e && e.kind === 'file' ? e.data.toString() : undefined;
};

// a process holding a deleted file open (64 KiB written), as a log rotated under a daemon
const holderDir = tempDir();
const holder = spawn('sh', ['-c', `exec 3>${holderDir}/app.log; head -c 65536 /dev/zero >&3; rm ${holderDir}/app.log; echo ready; exec sleep 60`], { stdio: ['ignore', 'pipe', 'ignore'] });
const ready = new Promise((r) => holder.stdout!.once('data', r));
afterAll(() => holder.kill('SIGKILL'));

describe('the collector under dash and busybox sh', async () => {
  await ready;
  const dash = run(['dash']);
  const busybox = run(['busybox', 'sh']);
  it('both finish with the end block', () => {
    expect(dash.complete).toBe(true);
    expect(busybox.complete).toBe(true);
  });
  it('produce the same archive shape', () => {
    expect(shape(busybox.entries)).toEqual(shape(dash.entries));
    expect(shape(dash.entries).length).toBeGreaterThan(30);
  });
  it('carry whole files, fd links, empty folders and a statfs answer for /', () => {
    for (const a of [dash, busybox]) {
      expect(file(a, '/proc/meminfo')).toMatch(/^MemTotal: +\d+ kB\n[\s\S]*\n$/);
      expect(a.entries.some((e) => e.kind === 'link' && /^\/proc\/\d+\/fd\/\d+$/.test(e.path))).toBe(true);
      expect(a.entries.some((e) => e.kind === 'dir' && /^\/proc\/\d+\/fd$/.test(e.path))).toBe(true);
      // a link outside /proc and /sys travels as the file it points to: it would resolve on the reading machine
      expect(a.entries.find((e) => e.path === '/etc/os-release')?.kind).toBe('file');
      const root = a.entries.find((e) => e.kind === 'statfs' && e.path === '/');
      expect(root && root.kind === 'statfs' && typeof root.result === 'object' && 'files' in root.result && root.result.files).toBeGreaterThan(0);
    }
  });
  it('carry what the README listed as missing: the kernel ring buffer, ss, deleted-but-open files', () => {
    for (const a of [dash, busybox]) {
      if (process.getuid?.() === 0) expect(file(a, '/dev/kmsg')).toMatch(/^\d+,\d+,\d+,[^;]*;/m);
      else console.log('skipped /dev/kmsg: needs root');
      if (spawnSync('sh', ['-c', 'command -v ss']).status === 0) expect(file(a, '/ss-ltnHe.txt')).toBeDefined();
      const fd = a.entries.find((e) => e.kind === 'fdstat' && e.path.startsWith(`/proc/${holder.pid}/fd/`));
      expect(fd).toMatchObject({ kind: 'fdstat', nlink: 0 });
      expect(fd!.kind === 'fdstat' && fd!.blocks * 512).toBeGreaterThanOrEqual(65536);
      const link = a.entries.find((e) => e.kind === 'link' && e.path === fd!.path);
      expect(link && link.kind === 'link' && link.target).toBe(`${holderDir}/app.log (deleted)`);
    }
  });
});

describe('on a host out of inodes, with no mktemp', () => {
  const full = tmpfs('size=1m,nr_inodes=64');
  fillInodes(full);
  // a PATH with only the tools the collector may use: mktemp is not among them
  const bin = path.join(tempDir(), 'bin');
  mkdirSync(bin);
  for (const t of ['stat', 'head', 'tail', 'find', 'xargs', 'awk', 'tr', 'sleep', 'cat', 'ss']) symlinkSync(`/usr/bin/${t}`, path.join(bin, t));
  const env = { PATH: bin, TMPDIR: full, HOME: full };
  it('no file can be created there (the test is real)', () => {
    expect(() => writeFileSync(path.join(full, 'one-more'), '')).toThrow(/ENOSPC/);
  });
  for (const shell of [['/usr/bin/dash'], ['/usr/bin/busybox', 'sh']]) {
    it(`${shell.join(' ')}: the capture streams complete, with the full tmpfs in it`, () => {
      const a = run(shell, env);
      expect(a.complete).toBe(true);
      const s = a.entries.find((e) => e.kind === 'statfs' && e.path === full);
      expect(s && s.kind === 'statfs' && s.result).toMatchObject({ files: 64, ffree: 0 });
      expect(a.entries.filter((e) => e.kind === 'file').length).toBeGreaterThan(100);
    });
  }
});
