// Real exhaustion on this machine, as root: a tmpfs out of inodes, a pids cgroup at its limit, a
// process at its fd limit, a FUSE mount that never answers. CI runs as root; elsewhere these skip
// and say why.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbes } from '../../src/snapshot/run.js';
import { takeSnapshot } from '../../src/snapshot/snapshot.js';

const root = process.getuid?.() === 0;
if (!root) console.log('snapshot live tests skipped: they mount filesystems and create cgroups, which needs root (CI runs them as root)');

/** Root in a container without CAP_SYS_ADMIN cannot mount: say so instead of failing obscurely. */
function mountRefusal(): string | null {
  if (!root) return 'not root';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-canmount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'pm-canmount', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir]);
    return null;
  } catch (e) {
    return `mount refused: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`;
  } finally {
    rmdirSync(dir);
  }
}
const refused = mountRefusal();
if (root && refused) console.log(`snapshot mount tests skipped: ${refused}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mountinfo = () => readFileSync('/proc/self/mountinfo', 'utf8');

describe.skipIf(!root || refused !== null)('a tmpfs out of inodes', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-inodes-'));
  beforeAll(() => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,nr_inodes=300', 'pm-test-inodes', dir]);
    // a cache that never expires its files, like the seed's W3TotalCache object cache
    const cache = path.join(dir, 'wp-content/cache/object');
    mkdirSync(cache, { recursive: true });
    for (let i = 0; ; i++) {
      try {
        writeFileSync(path.join(cache, `obj-${i}.php`), 'x');
      } catch (e) {
        expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
        break;
      }
    }
  });
  afterAll(() => {
    execFileSync('umount', ['-l', dir]);
    rmdirSync(dir);
  });

  it('is critical for inodes while its bytes are nearly free', async () => {
    const r = await runProbes({ ids: ['filesystems'] });
    const inodes = r.findings.find((f) => f.id === 'filesystems.inodes' && f.subject === dir)!;
    expect(inodes).toMatchObject({ severity: 'critical', utilization: 1, limit: 300 });
    expect(r.findings.find((f) => f.id === 'filesystems.bytes' && f.subject === dir)!.severity).toBe('info');
  });

  it('--deep hunts where the inodes went', async () => {
    // named, since other full filesystems on a shared machine could be "the fullest"
    const s = await takeSnapshot({ deep: true, deepMount: dir });
    const hunt = s.probes.find((p) => p.id === 'hunt')!;
    expect(hunt.status, hunt.reason).toBe('ok');
    const data = hunt.data as { mount: string; entries: Array<{ path: string; inodes: number }> };
    expect(data.mount).toBe(dir);
    expect(data.entries[0]!.path).toContain('wp-content');
    expect(s.findings.find((f) => f.id === 'hunt.inodes')!.message).toContain('wp-content');
  });
});

describe.skipIf(!root)('a process at its own fd limit', () => {
  let child: ChildProcess;
  beforeAll(async () => {
    // soft limit 64, fds 0..62 open, then exec sleep, which keeps them (one stays free for loading libc)
    child = spawn('bash', ['-c', 'ulimit -n 64; for i in $(seq 3 62); do eval "exec $i</dev/null"; done; exec sleep 60'], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !readFileSync(`/proc/${child.pid}/stat`, 'utf8').includes('(sleep)'); i++) await sleep(20);
  });
  afterAll(() => child.kill('SIGKILL'));

  it('names that process as critical although the system has plenty', async () => {
    const r = await runProbes({ ids: ['fds'] });
    const f = r.findings.find((f) => f.id === 'fds.process' && f.subject === `sleep [${child.pid}]`);
    expect(f).toMatchObject({ severity: 'critical', limit: 64 });
    expect(f!.used).toBeGreaterThanOrEqual(63); // 63 of ours, plus any the test runner let it inherit
    expect(r.findings.find((f) => f.id === 'fds.system')!.severity).toBe('info');
  });
});

/** Where to make a pids cgroup: the v1 pids hierarchy or the v2 root, if we may create cgroups there. */
function pidsHierarchy(): { dir: string; v2: boolean } | null {
  const h = findPidsHierarchy();
  if (!h) return null;
  try {
    const probe = path.join(h.dir, `pm-probe-${process.pid}`);
    mkdirSync(probe);
    rmdirSync(probe);
    return h;
  } catch {
    return null; // read-only cgroupfs (an unprivileged container)
  }
}
function findPidsHierarchy(): { dir: string; v2: boolean } | null {
  for (const line of mountinfo().split('\n')) {
    const f = line.split(' ');
    const sep = f.indexOf('-');
    if (f[sep + 1] === 'cgroup' && (f[sep + 3] ?? '').split(',').includes('pids')) return { dir: f[4]!, v2: false };
  }
  for (const line of mountinfo().split('\n')) {
    const f = line.split(' ');
    const sep = f.indexOf('-');
    if (f[sep + 1] === 'cgroup2' && readFileSync(path.join(f[4]!, 'cgroup.subtree_control'), 'utf8').includes('pids')) return { dir: f[4]!, v2: true };
  }
  return null;
}

describe.skipIf(!root)('our own pids cgroup at its limit', () => {
  const h = root ? pidsHierarchy() : null;
  const reason = h ? '' : 'no writable pids cgroup hierarchy';
  if (root && !h) console.log(`snapshot pids cgroup test skipped: ${reason}`);

  it.skipIf(!h)('is critical while at the limit, and a warning "recovered now" once the limit is raised', async () => {
    const cg = path.join(h!.dir, `pm-test-${process.pid}`);
    const home = readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => (h!.v2 ? l.startsWith('0::') : /^\d+:([^:]*,)?pids(,[^:]*)?:/.test(l)))!.split(':')[2]!;
    mkdirSync(cg);
    let stderr = '';
    let bomb: ChildProcess | undefined;
    try {
      writeFileSync(path.join(cg, 'cgroup.procs'), String(process.pid));
      const current = Number(readFileSync(path.join(cg, 'pids.current'), 'utf8'));
      writeFileSync(path.join(cg, 'pids.max'), String(current + 3));
      // a small fork bomb: the shell and two sleeps fit, the rest are refused
      bomb = spawn('sh', ['-c', 'for i in 1 2 3 4 5 6; do sleep 3 & done; wait'], { stdio: ['ignore', 'ignore', 'pipe'] });
      bomb.stderr!.on('data', (b) => (stderr += b));
      for (let i = 0; i < 100 && !/fork|Resource temporarily unavailable|Cannot/i.test(stderr); i++) await sleep(20);
      const subject = `pids /pm-test-${process.pid}`;
      const during = await runProbes({ ids: ['cgroup'] });
      const rejected = during.findings.find((f) => f.id === 'cgroup.pids-rejected' && f.subject === subject);
      expect(rejected?.severity, rejected?.message).toBe('critical');
      expect(rejected!.used).toBeGreaterThan(0);
      expect(during.findings.find((f) => f.id === 'cgroup.pids' && f.subject === subject)!.limit).toBe(current + 3);
      // the admin raises the limit: the refusals stay in the report, as history
      writeFileSync(path.join(cg, 'pids.max'), String(current + 1000));
      const after = await runProbes({ ids: ['cgroup'] });
      const later = after.findings.find((f) => f.id === 'cgroup.pids-rejected' && f.subject === subject)!;
      expect(later).toMatchObject({ severity: 'warning', used: rejected!.used, past: { now: 'recovered' } });
      expect(later.message).toContain('recovered now');
    } finally {
      if (bomb && bomb.exitCode === null) await new Promise((r) => bomb!.once('exit', r));
      writeFileSync(path.join(h!.dir, home === '/' ? '' : home, 'cgroup.procs'), String(process.pid));
      for (let i = 0; i < 50; i++) {
        try {
          rmdirSync(cg);
          break;
        } catch {
          await sleep(100); // the sleeps still leaving
        }
      }
    }
    expect(stderr).toMatch(/fork|Resource temporarily unavailable|Cannot/i);
  });
});

describe.skipIf(!root || refused !== null || !existsSync('/dev/fuse'))('a FUSE mount that never answers', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-deadfuse-'));
  let holder: ChildProcess;
  /** Why the mount could not be made (then the tests skip and say so), or null. */
  let unmounted: string | null = null;
  beforeAll(async () => {
    // mount FUSE by hand and never read /dev/fuse: every request on the mount waits forever
    // `mount -i`: never hand over to /sbin/mount.fuse3 (installed with fuse3), which would take the
    // source "pm-deadfuse" for a program to start; the holder exits when the mount is refused.
    holder = spawn('bash', ['-c', `exec 3<>/dev/fuse; mount -i -t fuse -o fd=3,rootmode=40000,user_id=0,group_id=0 pm-deadfuse ${dir} || exit 1; echo mounted; exec sleep 120`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    holder.stderr!.on('data', (b) => (stderr += b));
    unmounted = await new Promise<string | null>((resolve) => {
      holder.stdout!.once('data', () => resolve(null));
      holder.once('exit', (code) => resolve(`could not mount FUSE (exit ${code}): ${stderr.trim()}`));
    });
    if (unmounted) console.log(`FUSE tests skipped: ${unmounted}`);
    else expect(mountinfo()).toContain(dir);
  });
  afterAll(() => {
    spawnSync('umount', ['-l', dir]);
    holder.kill('SIGKILL');
    try {
      rmdirSync(dir);
    } catch {
      /* lazily unmounted: gone once the holder is */
    }
  });

  it('reports the mount as stuck and finishes in time', async (ctx) => {
    if (unmounted) return ctx.skip(unmounted);
    const t0 = Date.now();
    const r = await runProbes({ ids: ['filesystems'] });
    expect(Date.now() - t0).toBeLessThan(10000);
    expect(r.findings.find((f) => f.id === 'filesystems.stuck' && f.subject === dir)).toMatchObject({ severity: 'critical' });
    // the other filesystems were still measured
    expect(r.findings.find((f) => f.id === 'filesystems.inodes' && f.subject === '/')).toBeDefined();
  });

  const cli = path.join(import.meta.dirname, '../../dist/cli.js');
  if (!existsSync(cli)) console.log('snapshot CLI exit test skipped: dist/cli.js not built (npm ci builds it)');
  it.skipIf(!existsSync(cli))('the whole CLI run exits within 10 s (no thread stuck in statfs)', (ctx) => {
    if (unmounted) return ctx.skip(unmounted);
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [cli, 'snapshot', '--no-save', '--json'], { encoding: 'utf8', timeout: 20000 });
    expect(Date.now() - t0).toBeLessThan(10000);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.findings.some((f: { id: string; subject: string }) => f.id === 'filesystems.stuck' && f.subject === dir)).toBe(true);
  });
});
