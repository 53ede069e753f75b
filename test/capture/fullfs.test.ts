// Disk full and inodes exhausted, on real filesystems: tmpfs mounted with a tiny nr_inodes or size
// (as root; CI runs as root). The command must name the filesystem and what ran out, print the entry
// on stdout so nothing is lost, exit 1, and leave the document byte for byte as it was.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillInodes, pm, tmpfs } from '../helpers.js';

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('skipping the full-filesystem tests: mounting tmpfs needs root (CI runs them as root)');

/** Mounts a tmpfs with `options`, creates an incident on it, then fills it with `fill`. */
function fullIncident(options: string, fill: (mnt: string) => void) {
  const mnt = tmpfs(options, 'pm-full-');
  const dir = path.join(mnt, 'incidents');
  const r = pm(['--dir', dir, 'new', 'Disk full', '--started', '2026-03-14 09:00']);
  expect(r.status).toBe(0);
  fill(mnt);
  return { mnt, dir, file: r.stdout.trim() };
}


function fillBytes(mnt: string) {
  const chunk = Buffer.alloc(4096, 120);
  try {
    for (;;) writeFileSync(path.join(mnt, 'fill.bin'), chunk, { flag: 'a' });
  } catch (e) {
    expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
  }
}

describe.skipIf(!isRoot)('full filesystems (tmpfs, root)', () => {
  it('inodes exhausted: log names the filesystem, prints the entry, exits 1, changes nothing', () => {
    const { mnt, dir, file } = fullIncident('size=1m,nr_inodes=64', fillInodes);
    const before = readFileSync(file);
    const r = pm(['--dir', dir, 'log', 'sudo: unable to create sockets']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`filesystem ${mnt} is out of inodes`));
    expect(r.stdout).toMatch(/^- \*\*\d{4}-\d{2}-\d{2} \d{2}:\d{2} [+-]\d{2}:\d{2}\*\* — sudo: unable to create sockets\n$/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(path.dirname(file))).toEqual(['postmortem.md']);
    // The other capture commands keep their words too.
    const h = pm(['--dir', dir, 'hypothesis', 'add', 'inode quota full']);
    expect(h.status).toBe(1);
    expect(h.stdout).toContain('inode quota full');
    expect(h.stderr).toMatch(/out of inodes/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('bytes exhausted: log says out of space, leaves no lock behind, and the next try fails just as fast', () => {
    const { mnt, dir, file } = fullIncident('size=256k,nr_inodes=1000', fillBytes);
    const before = readFileSync(file);
    for (const attempt of [1, 2]) {
      const t0 = Date.now();
      const r = pm(['--dir', dir, 'log', `attempt ${attempt}`]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`filesystem ${mnt} is out of space`));
      expect(r.stderr).not.toMatch(/locked/);
      expect(r.stdout).toContain(`— attempt ${attempt}`);
      expect(Date.now() - t0).toBeLessThan(5000); // never waits for a lock a failed write left
    }
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(path.dirname(file))).toEqual(['postmortem.md']);
  });
});
