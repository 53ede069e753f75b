// Real filesystems in trouble, as root: a tmpfs out of inodes that only another mount namespace sees,
// and an ext4 the kernel switched to read-only after an error. Each skips and says why where root,
// the tools or the kernel feature are missing; each leaves nothing mounted behind.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../../src/explain/explain.js';
import { checkLive } from '../../src/explain/live.js';
import { runProbes } from '../../src/snapshot/run.js';
import { pm, tempDir } from '../helpers.js';

const root = process.getuid?.() === 0;
const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const mountinfo = () => readFileSync('/proc/self/mountinfo', 'utf8');

const nsRefusal = !root ? 'not root' : !onPath('unshare') ? 'no unshare (util-linux)' : null;
if (nsRefusal) console.log(`mount namespace live test skipped: ${nsRefusal}`);

describe.skipIf(nsRefusal !== null)('a full tmpfs in another mount namespace', () => {
  const dir = tempDir('pm-mountns-');
  let shell: ChildProcess;
  let unmade: string | null = null;
  beforeAll(async () => {
    // a private namespace (nothing propagates to ours) with a tmpfs of 64 inodes, filled, kept alive by sleep
    const script = `mount -t tmpfs -o size=1m,nr_inodes=64 pm-mountns-test ${dir} || exit 1; i=0; while touch ${dir}/f$i 2>/dev/null; do i=$((i+1)); done; echo filled $i; exec sleep 120`;
    shell = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    shell.stderr!.on('data', (b) => (stderr += b));
    unmade = await new Promise<string | null>((resolve) => {
      shell.stdout!.once('data', () => resolve(null));
      shell.once('exit', (code) => resolve(`unshare or mount refused (exit ${code}): ${stderr.trim()}`));
    });
    if (unmade) console.log(`mount namespace live test skipped: ${unmade}`);
  });
  afterAll(() => {
    shell.kill('SIGKILL'); // its namespace, and the tmpfs with it, go when its last process does
  });

  it('is invisible in our mountinfo, yet the snapshot names it critical by namespace', async (ctx) => {
    if (unmade) return ctx.skip(unmade);
    expect(mountinfo()).not.toContain(dir);
    const r = await runProbes({ ids: ['filesystems'] });
    const f = r.findings.find((x) => x.id === 'filesystems.inodes' && x.subject === `${dir} in mnt ns of pid ${shell.pid} (sleep)`);
    expect(f).toMatchObject({ severity: 'critical', used: 64, limit: 64 });
  });

  it('explain\'s confirm commands ask that namespace\'s mount, and answer so when run', (ctx) => {
    if (unmade) return ctx.skip(unmade);
    const r = pm(['explain', '--json', `touch: cannot touch '${dir}/new': No space left on device`]);
    expect(r.status, r.stderr).toBe(0);
    const inodes = (JSON.parse(r.stdout) as { suspects: Array<{ resource: string; confirm: string[] }> }).suspects.find((s) => s.resource === 'inodes')!;
    const root = `/proc/${shell.pid}/root${dir}`;
    expect(inodes.confirm).toHaveLength(2);
    // run as the user would paste them (the comments after three spaces are not part of the command)
    const [statfs, folders] = inodes.confirm.map((c) => spawnSync('sh', ['-c', c.split('   (')[0]!], { encoding: 'utf8' }).stdout);
    expect(statfs).toBe('inodes: 64 total, 0 free\n');
    expect(folders).toMatch(new RegExp(`^ +6[34] ${root}$`, 'm')); // the files (and the root itself) are there
  });
});

/** Why the ext4 test cannot run here, or null. */
function ext4Refusal(): string | null {
  if (!root) return 'not root';
  const missing = ['mkfs.ext4', 'losetup', 'mount', 'umount', 'findmnt'].filter((c) => !onPath(c));
  if (missing.length) return `missing ${missing.join(', ')} (apt-get install e2fsprogs mount util-linux)`;
  return null;
}
const ext4Refused = ext4Refusal();
if (ext4Refused) console.log(`ext4 live test skipped: ${ext4Refused}`);

describe.skipIf(ext4Refused !== null)('an ext4 switched to read-only after an error', () => {
  const work = tempDir('pm-ext4-');
  const image = path.join(work, 'fs.img');
  const mnt = path.join(work, 'mnt');
  let loop = '';
  let mounted = false;
  let unmade: string | null = null;
  beforeAll(() => {
    try {
      execFileSync('sh', ['-c', `truncate -s 16M ${image} && mkfs.ext4 -q -F ${image} && mkdir ${mnt}`], { stdio: 'pipe' });
      loop = execFileSync('losetup', ['-f', '--show', image], { encoding: 'utf8', stdio: 'pipe' }).trim();
      execFileSync('mount', ['-t', 'ext4', '-o', 'errors=remount-ro', loop, mnt], { stdio: 'pipe' });
      mounted = true;
    } catch (e) {
      unmade = `cannot make a loop-mounted ext4: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`;
      return void console.log(`ext4 live test skipped: ${unmade}`);
    }
    // the kernel's own error injection (ext4 sysfs, since Linux 4.19)
    const trigger = `/sys/fs/ext4/${path.basename(loop)}/trigger_fs_error`;
    if (!existsSync(trigger)) return void console.log(`ext4 live test skipped: ${(unmade = `this kernel has no ${trigger}`)}`);
    writeFileSync(trigger, 'postmortem test error');
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [mnt]);
    if (loop) spawnSync('losetup', ['-d', loop]);
  });

  it('is critical as read-only and as erroring, whatever the mount options say', async (ctx) => {
    if (unmade) return ctx.skip(unmade);
    expect(() => writeFileSync(path.join(mnt, 'x'), 'x')).toThrow(/EROFS/);
    const r = await runProbes({ ids: ['filesystems'] });
    expect(r.findings.find((f) => f.id === 'filesystems.remounted-ro' && f.subject === mnt)?.severity).toBe('critical');
    expect(r.findings.find((f) => f.id === 'filesystems.ext4-errors' && f.subject === mnt)).toMatchObject({ severity: 'critical', used: 1 });
  });

  it('explain finds it live for "Read-only file system", and its confirm command shows it', async (ctx) => {
    if (unmade) return ctx.skip(unmade);
    const r = await explain(`touch: cannot touch '${mnt}/x': Read-only file system`, { live: checkLive });
    const ro = r.suspects[0]!;
    expect(ro).toMatchObject({ resource: 'readonly-fs', live: { state: 'at-limit' } });
    const confirm = ro.confirm[0]!;
    expect(confirm).toContain(mnt);
    expect(execFileSync('sh', ['-c', confirm], { encoding: 'utf8' })).toMatch(/\b(ro|emergency_ro)\b/);
  });
});
