// Episodes into the postmortem: one entry per start and end, never repeated by a restart of watch.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alreadyThere } from '../../src/watch/journal.js';
import { pm, tempDir } from '../helpers.js';

const DOC = `## Timeline

- **2026-03-14 09:12 +01:00** — watch: inodes /mnt/c: episode started, critical (100 %)
- **2026-03-14 09:15 +01:00** — restarted php-fpm
`;
const at = new Date('2026-03-14T08:12:30Z');

describe('alreadyThere', () => {
  it('finds the same stamp and text', () => {
    expect(alreadyThere(DOC, at, 'watch: inodes /mnt/c: episode started, critical (100 %)', 'watch: inodes /mnt/c:', 'Europe/Berlin')).toBe(true);
  });
  it('takes an episode whose last entry is its start as still open: a restart does not start it again', () => {
    const later = new Date('2026-03-14T08:40:00Z');
    expect(alreadyThere(DOC, later, 'watch: inodes /mnt/c: episode started, critical (99 %)', 'watch: inodes /mnt/c:', 'Europe/Berlin')).toBe(true);
  });
  it('adds an end, and a start after an end', () => {
    const ended = DOC + '- **2026-03-14 09:20 +01:00** — watch: inodes /mnt/c: back to normal after 8 min; peak critical 100 % at 09:12:30 (48 samples)\n';
    expect(alreadyThere(DOC, new Date('2026-03-14T08:20:00Z'), 'watch: inodes /mnt/c: back to normal after 8 min; peak critical 100 % at 09:12:30 (48 samples)', 'watch: inodes /mnt/c:', 'Europe/Berlin')).toBe(false);
    expect(alreadyThere(ended, new Date('2026-03-14T08:30:00Z'), 'watch: inodes /mnt/c: episode started, critical (100 %)', 'watch: inodes /mnt/c:', 'Europe/Berlin')).toBe(false);
  });
});

describe('watch on an incident', () => {
  it('writes an episode start once although watch is restarted, and keeps the peak snapshot as evidence', () => {
    const dir = tempDir();
    expect(pm(['--dir', dir, 'new', 'Memory pressure']).status).toBe(0);
    // any memory use is a warning at these thresholds: an episode that lasts across both runs
    const args = ['--dir', dir, 'watch', '--every', '500ms', '--for', '1200ms', '--threshold', 'memory=0,100', '--probe', 'memory', '--json'];
    const first = pm(args);
    expect(first.status, first.stderr).toBe(0);
    const second = pm(args);
    expect(second.status, second.stderr).toBe(0);
    const [id] = readdirSync(dir);
    const doc = readFileSync(path.join(dir, id!, 'postmortem.md'), 'utf8');
    const starts = doc.split('\n').filter((l) => /watch: memory RAM: episode started, warning/.test(l));
    expect(starts).toHaveLength(1);
    // both runs saw it start (each is a fresh process)
    for (const r of [first, second]) expect(r.stdout.split('\n').filter((l) => l.includes('"type":"start"') && l.includes('memory RAM'))).toHaveLength(1);
    const snaps = readdirSync(path.join(dir, id!, 'snapshots'));
    expect(snaps.length).toBeGreaterThanOrEqual(1);
    expect(doc).toContain(`snapshots/${snaps[0]}`);
  });

  it('without an incident prints only, and says why once', () => {
    const dir = tempDir();
    const r = pm(['--dir', dir, 'watch', '--every', '200ms', '--for', '300ms', '--probe', 'memory']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/not saving into a postmortem: no incidents yet/);
    expect(r.stdout).toMatch(/\d+ samples?, \d+ episodes?/);
  });

  it('refuses a bad --every as a usage error (exit 2), one line', () => {
    const r = pm(['watch', '--every', 'soon', '--no-save']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('postmortem: --every: expected a duration like 10s, 2m or 1h, got "soon"');
  });
});

describe('watch --unit', () => {
  it('prints a systemd unit and a cron line that run the recorder, and installs nothing', () => {
    const dir = tempDir();
    const ring = path.join(dir, 'sub', 'w.ring');
    const r = pm(['watch', '--unit', '--record', ring, '--every', '60s']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ExecStart=\S+node\S* \S+cli\.js watch --no-save --every 60s --record \S+\/sub\/w\.ring$/m);
    expect(r.stdout).toContain(`@reboot /bin/mkdir -p ${path.join(dir, 'sub')} && `);
    expect(r.stdout).toContain('WantedBy=multi-user.target');
    expect(readdirSync(dir)).toEqual([]);
  });
});

const root = process.getuid?.() === 0;
if (!root) console.log('watch full-disk test skipped: mounting a tmpfs needs root (CI runs it as root)');

describe.skipIf(!root)('watch on an incident whose filesystem is out of inodes', () => {
  it('prints the entries it cannot write on stdout and keeps watching', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-watch-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,nr_inodes=64', 'pm-watch-full', dir]);
    try {
      expect(pm(['--dir', dir, 'new', 'Disk full']).status).toBe(0);
      for (let k = 0; ; k++) {
        try {
          writeFileSync(path.join(dir, `fill${k}`), '');
        } catch {
          break;
        }
      }
      const r = pm(['--dir', dir, 'watch', '--every', '300ms', '--for', '700ms', '--threshold', 'memory=0,100', '--probe', 'memory']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/— watch: memory RAM: episode started, warning \(\d+(\.\d)? %\) \(not written: .*(ENOSPC|no space|inodes)/i);
      expect(r.stdout).toMatch(/\d+ samples, 1 episode/);
    } finally {
      execFileSync('umount', [dir]);
      rmdirSync(dir);
    }
  });
});

describe('watch usage errors', () => {
  it('refuses an unknown probe before creating the recording (exit 2)', () => {
    const ring = path.join(tempDir(), 'w.ring');
    const r = pm(['watch', '--probe', 'nope', '--record', ring]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^postmortem: --probe: unknown probe nope; expected one of host, /);
    expect(() => readFileSync(ring)).toThrow(/ENOENT/);
  });
});
