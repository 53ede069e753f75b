import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, linkSync, mkdirSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PmError } from '../../src/errors.js';
import { hunt } from '../../src/hunt/hunt.js';
import { tempDir } from '../helpers.js';

const isRoot = process.getuid?.() === 0;
const touch = (p: string) => closeSync(openSync(p, 'w'));
const du = (...args: string[]) => Number(execFileSync('du', args, { encoding: 'utf8' }).split('\t')[0]);

/** The seed's server in small: a W3TotalCache object cache in hashed folders beside the usual /var. */
function blogTree(root: string): string {
  const object = path.join(root, 'var/www/blog/wp-content/cache/object');
  for (let a = 0; a < 8; a++)
    for (let b = 0; b < 8; b++) {
      const leaf = path.join(object, `00${a}`, `00${b}`);
      mkdirSync(leaf, { recursive: true });
      for (let i = 0; i < 40; i++) touch(path.join(leaf, `${a}${b}${i}.php`));
    }
  mkdirSync(path.join(root, 'var/lib/mysql/blog'), { recursive: true });
  for (let i = 0; i < 300; i++) touch(path.join(root, 'var/lib/mysql/blog', `t${i}.ibd`));
  mkdirSync(path.join(root, 'var/log'), { recursive: true });
  for (let i = 0; i < 120; i++) writeFileSync(path.join(root, 'var/log', `syslog.${i}`), 'x'.repeat(5000));
  mkdirSync(path.join(root, 'etc'));
  for (let i = 0; i < 30; i++) touch(path.join(root, 'etc', `conf${i}`));
  return object;
}

describe('hunt', () => {
  let root: string;
  let object: string;
  const made: string[] = [];
  /** A temporary folder removed after the tests, pass or fail. */
  const scratch = (prefix: string) => {
    const d = tempDir(prefix);
    made.push(d);
    return d;
  };
  beforeAll(() => {
    root = scratch('pm-hunt-');
    object = blogTree(root);
  });
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  it('puts the object cache first, not the folders on the way to it, and counts like du', async () => {
    const r = await hunt({ path: root, top: 5 });
    expect(r.complete).toBe(true);
    expect(r.entries[0]).toEqual({ path: object, inodes: 1 + 8 + 64 + 64 * 40, bytes: null });
    const paths = r.entries.map((e) => e.path);
    for (const corridor of ['var', 'var/www', 'var/www/blog', 'var/www/blog/wp-content/cache']) expect(paths).not.toContain(path.join(root, corridor));
    expect(paths.slice(1, 3)).toEqual([path.join(root, 'var/lib/mysql/blog'), path.join(root, 'var/log')]);
    expect(r.total.inodes).toBe(du('--inodes', '-xs', root));
  });

  it('--by bytes counts allocated blocks like du and a hard-linked file once', async () => {
    const dir = scratch('pm-hunt-bytes-');
    mkdirSync(path.join(dir, 'a'));
    mkdirSync(path.join(dir, 'b'));
    writeFileSync(path.join(dir, 'a', 'big'), Buffer.alloc(256 * 1024, 1));
    linkSync(path.join(dir, 'a', 'big'), path.join(dir, 'b', 'big-link'));
    writeFileSync(path.join(dir, 'b', 'small'), 'hello');
    const r = await hunt({ path: dir, by: 'bytes' });
    expect(r.total.bytes).toBe(du('-sxB1', dir));
    expect(r.total.bytes).toBeLessThan(2 * 256 * 1024);
    // The file's blocks go to whichever link the walk meets first, and to that one only.
    const heavy = r.entries.filter((e) => e.bytes! >= 256 * 1024).map((e) => e.path);
    expect(heavy).toHaveLength(1);
    expect([path.join(dir, 'a'), path.join(dir, 'b')]).toContain(heavy[0]);
  });

  it('lists the starting folder itself when the files lie right there', async () => {
    const dir = scratch('pm-hunt-flat-');
    for (let i = 0; i < 200; i++) touch(path.join(dir, `sess_${i}`));
    mkdirSync(path.join(dir, 'sub'));
    touch(path.join(dir, 'sub', 'x'));
    const r = await hunt({ path: dir });
    expect(r.entries[0]).toEqual({ path: dir, inodes: 1 + 200 + 2, bytes: null });
  });

  it('never follows a symlink: a link to a big tree is one inode', async () => {
    const dir = scratch('pm-hunt-link-');
    symlinkSync(root, path.join(dir, 'link'));
    touch(path.join(dir, 'f'));
    const r = await hunt({ path: dir });
    expect(r.total.inodes).toBe(3);
  });

  it('stops at the time budget and says the result is partial', async () => {
    const r = await hunt({ path: root, maxTimeMs: 1 });
    expect(r.complete).toBe(false);
    expect(r.total.inodes).toBeLessThan(du('--inodes', '-xs', root));
  });

  it('refuses a missing path and a file with a one-line error', async () => {
    await expect(hunt({ path: path.join(root, 'nope') })).rejects.toThrow(PmError);
    await expect(hunt({ path: path.join(root, 'etc', 'conf1') })).rejects.toThrow(/not a directory/);
  });

  // Root reads everything, so the unreadable folder is read as "nobody" (seteuid changes every thread).
  it('counts an unreadable folder once and reports it', async () => {
    const dir = tempDir('pm-hunt-perm-');
    chmodSync(dir, 0o755);
    mkdirSync(path.join(dir, 'secret'));
    for (let i = 0; i < 5; i++) touch(path.join(dir, 'secret', `s${i}`));
    touch(path.join(dir, 'open'));
    chmodSync(path.join(dir, 'secret'), 0o000);
    const asRoot = process.geteuid?.() === 0;
    if (asRoot) process.seteuid!(65534);
    try {
      const r = await hunt({ path: dir });
      expect(r.errorCount).toBe(1);
      expect(r.errors[0]).toMatchObject({ path: path.join(dir, 'secret'), code: 'EACCES' });
      expect(r.total.inodes).toBe(3);
    } finally {
      if (asRoot) process.seteuid!(0);
      chmodSync(path.join(dir, 'secret'), 0o755);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  if (!isRoot) console.log('hunt: skipping the mount test: mounting a tmpfs needs root');
  it.skipIf(!isRoot)('stays on its filesystem unless told to cross mounts', async () => {
    const dir = tempDir('pm-hunt-mnt-');
    const mnt = path.join(dir, 'mnt');
    mkdirSync(mnt);
    touch(path.join(dir, 'here'));
    const m = spawnSync('mount', ['-t', 'tmpfs', 'pm-hunt-test', mnt]);
    if (m.status !== 0) {
      console.log(`hunt: skipping the mount test: mount failed: ${m.stderr}`);
      return;
    }
    try {
      for (let i = 0; i < 10; i++) touch(path.join(mnt, `m${i}`));
      const same = await hunt({ path: dir });
      expect(same.skippedMounts).toEqual([mnt]);
      expect(same.total.inodes).toBe(2);
      const across = await hunt({ path: dir, crossMounts: true });
      expect(across.skippedMounts).toEqual([]);
      expect(across.total.inodes).toBe(2 + 1 + 10);
    } finally {
      // A directory handle closes asynchronously, and other test files statfs every mount: retry, then detach.
      let off = false;
      for (let i = 0; i < 20 && !off; i++) {
        off = spawnSync('umount', [mnt]).status === 0;
        if (!off) await new Promise((res) => setTimeout(res, 50));
      }
      if (!off) spawnSync('umount', ['-l', mnt]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
