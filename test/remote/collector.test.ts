// The collector itself, run straight under dash and BusyBox sh (no ssh): POSIX only, same archive.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseArchive, type Entry } from '../../src/remote/archive.js';
import { collectorScript } from '../../src/remote/collector.js';

const run = (shell: string[]) => {
  const r = spawnSync(shell[0]!, [...shell.slice(1), '-s'], { input: collectorScript(), maxBuffer: 1 << 28, env: { PATH: '/usr/bin:/bin' } });
  expect(r.status, r.stderr?.toString()).toBe(0);
  return parseArchive(r.stdout, shell.join(' '));
};
/** Kind and path of what is not per-process (processes come and go between two runs). */
const shape = (es: Entry[]) => [...new Set(es.filter((e) => !/^\/proc\/\d+(\/|$)/.test(e.path) && !e.path.startsWith('/sys/fs/cgroup')).map((e) => `${e.kind} ${e.path}`))].sort();

describe('the collector under dash and busybox sh', () => {
  const dash = run(['dash']);
  const busybox = run(['busybox', 'sh']);
  it('both finish with the end line', () => {
    expect(dash.complete).toBe(true);
    expect(busybox.complete).toBe(true);
  });
  it('produce the same archive shape', () => {
    expect(shape(busybox.entries)).toEqual(shape(dash.entries));
    expect(shape(dash.entries).length).toBeGreaterThan(30);
  });
  it('carry whole files, fd links, empty folders and a statfs answer for /', () => {
    for (const a of [dash, busybox]) {
      const meminfo = a.entries.find((e) => e.kind === 'file' && e.path === '/proc/meminfo');
      expect(meminfo && meminfo.kind === 'file' && meminfo.data.toString()).toMatch(/^MemTotal: +\d+ kB\n[\s\S]*\n$/);
      expect(a.entries.some((e) => e.kind === 'link' && /^\/proc\/\d+\/fd\/\d+$/.test(e.path))).toBe(true);
      expect(a.entries.some((e) => e.kind === 'dir' && /^\/proc\/\d+\/fd$/.test(e.path))).toBe(true);
      // a link outside /proc and /sys travels as the file it points to: it would resolve on the reading machine
      expect(a.entries.find((e) => e.path === '/etc/os-release')?.kind).toBe('file');
      const root = a.entries.find((e) => e.kind === 'statfs' && e.path === '/');
      expect(root && root.kind === 'statfs' && typeof root.result === 'object' && 'files' in root.result && root.result.files).toBeGreaterThan(0);
    }
  });
});
