import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = path.join(ROOT, 'dist', 'cli.js');

const made: string[] = [];
const mounted: string[] = [];

/** A new temporary folder with a tmpfs mounted on it (root only), unmounted after the test file. */
export function tmpfs(options: string, prefix = 'pm-tmpfs-'): string {
  const dir = tempDir(prefix);
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'pm-test-tmpfs', dir]);
  mounted.push(dir);
  return dir;
}

/** A new temporary folder, removed after the test file (test/setup.ts), also when a test failed. */
export function tempDir(prefix = 'pm-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Unmounts what tmpfs() mounted, then removes every folder tempDir made. */
export function removeTempDirs(): void {
  for (const dir of mounted.splice(0)) spawnSync('umount', ['-l', dir]);
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* busy mount point or read-only copy: the test that made it says why */
    }
  }
}

/** Runs the built CLI; never throws, returns status and output. */
export function pm(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', TZ: 'Europe/Berlin', ...opts.env },
    input: opts.input,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Takes every free inode of the filesystem at `mnt` with empty files in `mnt/fill`. */
export function fillInodes(mnt: string): void {
  mkdirSync(path.join(mnt, 'fill'));
  for (let i = 0; ; i++) {
    try {
      writeFileSync(path.join(mnt, 'fill', String(i)), '');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOSPC') return;
      throw e;
    }
  }
}
