import { closeSync, mkdirSync, openSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/commands/hunt.js';
import { pm, tempDir } from '../helpers.js';

describe('pm hunt', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('pm-hunt-cli-');
    for (let i = 0; i < 12; i++) {
      mkdirSync(path.join(dir, 'cache', `h${i}`), { recursive: true });
      for (let j = 0; j < 20; j++) closeSync(openSync(path.join(dir, 'cache', `h${i}`, `f${j}`), 'w'));
    }
    mkdirSync(path.join(dir, 'etc'));
    for (let j = 0; j < 5; j++) closeSync(openSync(path.join(dir, 'etc', `c${j}`), 'w'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--json gives root, by, complete, errors and entries', () => {
    const r = pm(['hunt', dir, '--json', '--top', '1']);
    expect(r.status).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data).toMatchObject({ root: dir, by: 'inodes', complete: true, errors: [] });
    expect(data.entries).toEqual([{ path: path.join(dir, 'cache'), inodes: 1 + 12 + 12 * 20, bytes: null }]);
  });

  it('prints a table for people, and bytes with --by bytes', () => {
    const r = pm(['hunt', dir, '--by', 'bytes']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^1\s+253\s+\S+ (B|KiB|MiB)\s+\d+%\s+.*\/cache$/m);
    expect(r.stderr).toBe(''); // progress only on a TTY
  });

  it('rejects bad options with exit 2 and a missing folder with exit 1', () => {
    expect(pm(['hunt', dir, '--by', 'blocks']).status).toBe(2);
    expect(pm(['hunt', dir, '--top', '0']).status).toBe(2);
    expect(pm(['hunt', dir, '--max-time', 'soon']).status).toBe(2);
    const missing = pm(['hunt', path.join(dir, 'nope')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^postmortem: hunt: cannot read .*nope: no such file or directory\n$/);
  });

  it('refuses /proc, /sys, /dev and paths under them, also through a symlink or as the current folder: exit 2, one line', () => {
    for (const [p, view] of [['/proc', '/proc'], ['/sys/kernel', '/sys'], ['/dev', '/dev'], ['/dev/pts', '/dev']]) {
      const r = pm(['hunt', p]);
      expect(r.status, p).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`postmortem: hunt: refusing ${p}: ${view} is a kernel view, not files on a disk; hunt a folder on a disk, e.g. /var\n`);
    }
    const link = path.join(dir, 'self');
    symlinkSync('/proc/self', link);
    try {
      const r = pm(['hunt', link]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^postmortem: hunt: refusing ${link} \\(/proc/\\d+\\): /proc is a kernel view, not files on a disk; .*\n$`));
    } finally {
      rmSync(link);
    }
    const here = pm(['hunt'], { cwd: '/sys' });
    expect(here.status).toBe(2);
    expect(here.stderr).toBe('postmortem: hunt: refusing . (/sys): /sys is a kernel view, not files on a disk; hunt a folder on a disk, e.g. /var\n');
  });

  it('reads durations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5')).toBe(1500);
  });
});
