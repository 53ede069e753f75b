// Bad input and a hostile filesystem, end to end through the built CLI: one line naming the file and
// what was expected, exit 1, never "internal error:", never a crash, nothing half-made left behind.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, fillInodes, pm, ROOT, tempDir, tmpfs } from '../helpers.js';

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('skipping the full-filesystem and permission tests: mounting tmpfs and running as nobody need root (CI runs them as root)');

const temp = () => tempDir('pm-bad-');

/** Exactly one line on stderr, no stack, no "internal error". */
function oneLineError(r: { status: number | null; stderr: string }, code = 1) {
  expect(r.status).toBe(code);
  expect(r.stderr).toMatch(/^postmortem: [^\n]+\n$/);
  expect(r.stderr).not.toMatch(/internal error|    at /);
}

describe('diff refuses what is not a snapshot file', () => {
  const expected = 'expected a snapshot (JSON file)';
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  it('a character device (/dev/zero): refused at once instead of reading until the process aborts', () => {
    const t0 = Date.now();
    const r = pm(['diff', '/dev/zero', 'latest']);
    oneLineError(r);
    expect(r.stderr).toBe(`postmortem: /dev/zero: not a regular file (a character device); ${expected}\n`);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('a folder, a FIFO without a writer (no hang), a file over 64 MiB, not JSON, JSON but no snapshot', () => {
    const t = temp();
    const fifo = path.join(t, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const big = path.join(t, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, 65 * 1024 * 1024); // sparse: costs no disk
    const text = path.join(t, 'notes.json');
    writeFileSync(text, 'df -i says 100 %\n');
    const other = path.join(t, 'other.json');
    writeFileSync(other, '{"hello": 1}');
    const cases: [string, RegExp][] = [
      [t, new RegExp(`^${esc(`postmortem: ${t}: is a folder; ${expected}`)}\\n$`)],
      [fifo, new RegExp(`^${esc(`postmortem: ${fifo}: not a regular file (a FIFO); ${expected}`)}\\n$`)],
      [big, new RegExp(`^${esc(`postmortem: ${big}: too big (65 MiB, limit 64 MiB); ${expected}`)}\\n$`)],
      [text, new RegExp(`^${esc(`postmortem: ${text}: expected a snapshot (JSON), not valid JSON: `)}.+\\n$`)],
      [other, /expected a snapshot with "schema"/],
    ];
    for (const [file, message] of cases) {
      const r = pm(['diff', file, file]);
      oneLineError(r);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('new: the incidents folder is not a folder', () => {
  it('--dir naming a regular file: one clear line, the file untouched', () => {
    const file = path.join(temp(), 'incidents');
    writeFileSync(file, 'not a folder\n');
    const r = pm(['--dir', file, 'new', 'Blog down']);
    oneLineError(r);
    expect(r.stderr).toBe(`postmortem: ${file} is not a folder; expected the incidents folder (--dir or $POSTMORTEM_DIR)\n`);
    expect(readFileSync(file, 'utf8')).toBe('not a folder\n');
  });

  it('--dir below a regular file', () => {
    const file = path.join(temp(), 'notes.txt');
    writeFileSync(file, 'x');
    const r = pm(['--dir', path.join(file, 'incidents'), 'new', 'Blog down']);
    oneLineError(r);
    expect(r.stderr).toContain('a part of the path is not a folder; expected the incidents folder');
  });
});

describe.skipIf(!isRoot)('new on a full filesystem (tmpfs, root)', () => {
  const mount = (options: string) => tmpfs(options, 'pm-bad-');

  it('out of space: says so, and removes the incident folder and the incidents folder it made', () => {
    const mnt = mount('size=64k,nr_inodes=1000');
    const chunk = Buffer.alloc(4096, 120);
    try {
      for (;;) writeFileSync(path.join(mnt, 'fill.bin'), chunk, { flag: 'a' });
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    const dir = path.join(mnt, 'srv', 'incidents');
    const r = pm(['--dir', dir, 'new', 'Disk full']);
    oneLineError(r);
    expect(r.stderr).toMatch(new RegExp(`^postmortem: cannot write ${dir}/\\d{4}-\\d{2}-\\d{2}-disk-full/postmortem.md: filesystem ${mnt} is out of space`));
    expect(readdirSync(mnt)).toEqual(['fill.bin']);
  });

  it('out of inodes: says so when the incident folder cannot even be made, and leaves an existing incidents folder as it was', () => {
    const mnt = mount('size=1m,nr_inodes=16');
    const dir = path.join(mnt, 'incidents');
    mkdirSync(dir);
    fillInodes(mnt);
    const r = pm(['--dir', dir, 'new', 'Inodes full']);
    oneLineError(r);
    expect(r.stderr).toMatch(new RegExp(`^postmortem: cannot write ${dir}/\\d{4}-\\d{2}-\\d{2}-inodes-full: filesystem ${mnt} is out of inodes`));
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(true);
  });
});

describe.skipIf(!isRoot)('permissions (the CLI run as nobody)', () => {
  it('a folder nobody may write: log names the folder, keeps the entry on stdout; an unsearchable one is skipped, not an internal error', () => {
    const root = temp();
    chmodSync(root, 0o755);
    const dir = path.join(root, 'incidents');
    const r0 = pm(['--dir', dir, 'new', 'Blog down', '--started', '2026-03-14 09:00']);
    expect(r0.status).toBe(0);
    const incident = path.dirname(path.resolve(r0.stdout.trim()));
    const asNobody = (args: string[]) => {
      const p = spawnSync(process.execPath, [CLI, '--dir', dir, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', uid: 65534, gid: 65534 });
      return { status: p.status, stdout: p.stdout, stderr: p.stderr };
    };
    const log = asNobody(['log', 'php-fpm restarted']);
    oneLineError(log);
    expect(log.stderr).toBe(`postmortem: cannot write ${incident}/postmortem.md: permission denied (EACCES): folder ${incident} is not writable\n`);
    expect(log.stdout).toContain('— php-fpm restarted');
    chmodSync(incident, 0o700);
    const list = asNobody(['list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/unreadable +\? +— +cannot read: permission denied \(EACCES\)/);
    for (const args of [['log', 'x'], ['action', 'list', '--all'], ['show']]) expect(asNobody(args).stderr).not.toMatch(/internal error/);
  });
});
