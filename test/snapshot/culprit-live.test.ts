// The culprits, made for real on this machine as root: a tmpfs filled by a deleted file still held
// open, a parent that never reaps its children, a process in a frozen cgroup. Everything made here
// is undone afterwards; without root (or where mounting is refused) the tests skip and say why.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilesystemsData } from '../../src/snapshot/probes/filesystems.js';
import { runProbes } from '../../src/snapshot/run.js';
import { takeSnapshot } from '../../src/snapshot/snapshot.js';
import { parseThresholds } from '../../src/snapshot/thresholds.js';
import { CLI, pm, tempDir } from '../helpers.js';

const root = process.getuid?.() === 0;
if (!root) console.log('culprit live tests skipped: they mount a tmpfs and freeze cgroups, which needs root');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const state = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
const comm = (pid: number) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if (ok()) return;
    } catch {
      /* not there yet */
    }
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function canMount(dir: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8M', 'pm-culprit-deleted', dir], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `mount refused: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`;
  }
}

describe.skipIf(!root)('a tmpfs full of a deleted file still held open', () => {
  const dir = root ? tempDir('pm-held-') : '';
  let refused: string | null = null;
  let holder: ChildProcess;
  beforeAll(async () => {
    refused = canMount(dir);
    if (refused) return console.log(`deleted-file tests skipped: ${refused}`);
    // fd 7 on a 6 MiB file, the file deleted, then `exec sleep` keeps the pid and the fd
    holder = spawn('sh', ['-c', `exec 7>${dir}/app.log; head -c 6291456 /dev/zero >&7; rm ${dir}/app.log; exec sleep 60`], { stdio: 'ignore' });
    await until('the deleted file', () => comm(holder.pid!) === 'sleep' && readlinkSync(`/proc/${holder.pid}/fd/7`).endsWith(' (deleted)'));
  });
  afterAll(() => {
    holder?.kill('SIGKILL');
    spawnSync('umount', ['-l', dir]);
  });

  it('the disk-space finding names the pid, its command and the size on that mount', async (ctx) => {
    if (refused) return ctx.skip(refused);
    // 6 of 8 MiB is 75 %: below the default warning, so the scan is asked for with a lower one
    const r = await runProbes({ ids: ['filesystems'], thresholds: parseThresholds(['fs-bytes=50,98']) });
    const f = r.findings.find((x) => x.id === 'filesystems.bytes' && x.subject === dir)!;
    expect(f.severity).toBe('warning');
    expect(f.message).toContain(`6.0 MiB held by 1 deleted file still open: pid ${holder.pid} (sleep, root) 6.0 MiB`);
    expect(f.hint).toContain(`: > /proc/${holder.pid}/fd/7 (was ${dir}/app.log)`);
  });

  it('does not read every fd link while no filesystem is at warning', async (ctx) => {
    if (refused) return ctx.skip(refused);
    const r = await runProbes({ ids: ['filesystems'], thresholds: parseThresholds(['fs-bytes=99,100']) });
    expect((r.probes[0]!.data as FilesystemsData).deleted).toBeNull();
    expect(r.findings.find((x) => x.id === 'filesystems.bytes' && x.subject === dir)!.message).not.toContain('deleted');
  });

  it('--deep hunts bytes there (bytes are fuller than inodes) and counts what only the fds hold', async (ctx) => {
    if (refused) return ctx.skip(refused);
    const s = await takeSnapshot({ deep: true, deepMount: dir, ids: ['filesystems'] });
    const hunt = s.probes.find((p) => p.id === 'hunt')!;
    expect(hunt.status, hunt.reason).toBe('ok');
    expect(hunt.data).toMatchObject({ mount: dir, by: 'bytes', unseen: 6291456 });
    expect(s.findings.find((f) => f.id === 'hunt.bytes')!.message).toContain('6.0 MiB more are held by deleted files still open');
  });

  it.skipIf(!existsSync(CLI))('hunt --by bytes says its total is far below what is in use, and names the holder', (ctx) => {
    if (refused) return ctx.skip(refused);
    const r = pm(['hunt', dir, '--by', 'bytes']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`only 0 B of the 6\\.0 MiB in use on ${dir} were found \\(0 %\\)`));
    expect(r.stdout).toContain(`6.0 MiB held by 1 deleted file still open: pid ${holder.pid} (sleep, root) 6.0 MiB`);
    const json = JSON.parse(pm(['hunt', dir, '--by', 'bytes', '--json']).stdout);
    expect(json.gap.deleted.holders[0]).toMatchObject({ pid: holder.pid, comm: 'sleep', fd: 7, bytes: 6291456 });
  });
});

describe.skipIf(!root)('a parent that never reaps its children', () => {
  let parent: ChildProcess;
  beforeAll(async () => {
    // five children exit at once; `exec sleep` replaces the shell, and sleep never waits for them
    parent = spawn('sh', ['-c', 'for i in 1 2 3 4 5; do (exit 0) & done; exec sleep 60'], { stdio: 'ignore' });
    const zombies = () =>
      readdirSync('/proc').filter((p) => {
        if (!/^\d+$/.test(p)) return false;
        try {
          const f = readFileSync(`/proc/${p}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
          return f[0] === 'Z' && Number(f[1]) === parent.pid;
        } catch {
          return false; // gone meanwhile
        }
      }).length;
    await until('five zombies', () => comm(parent.pid!) === 'sleep' && zombies() === 5);
  });
  afterAll(() => parent.kill('SIGKILL')); // init reaps the zombies then

  it('names the parent pid, its command and how many it left', async () => {
    const r = await runProbes({ ids: ['processes'] });
    const z = r.findings.find((f) => f.id === 'processes.zombies')!;
    expect(z.message).toContain(`parent ${parent.pid} (sleep, root) has 5 unreaped children`);
    const data = r.probes[0]!.data as { zombieParents: Array<{ ppid: number; zombies: number }> };
    expect(data.zombieParents.find((p) => p.ppid === parent.pid)!.zombies).toBe(5);
  });
});

/** The freezer hierarchies we may create cgroups in: cgroup2 and the v1 freezer. */
function freezers(): Array<{ version: 1 | 2; dir: string }> {
  const out: Array<{ version: 1 | 2; dir: string }> = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const f = line.split(' ');
    const sep = f.indexOf('-');
    if (f[sep + 1] === 'cgroup2') out.push({ version: 2, dir: f[4]! });
    if (f[sep + 1] === 'cgroup' && (f[sep + 3] ?? '').split(',').includes('freezer')) out.push({ version: 1, dir: f[4]! });
  }
  return out.filter((h) => {
    try {
      const probe = path.join(h.dir, `pm-probe-${process.pid}`);
      mkdirSync(probe);
      rmdirSync(probe);
      return h.version === 1 || existsSync(path.join(h.dir, 'cgroup.procs'));
    } catch {
      return false; // read-only cgroupfs (an unprivileged container)
    }
  });
}

const hierarchies = root ? freezers() : [];
if (root && !hierarchies.length) console.log('frozen cgroup tests skipped: no writable freezer hierarchy (cgroup2 or v1 freezer)');

describe.each(hierarchies)('a process in a frozen cgroup (v$version)', ({ version, dir }) => {
  const name = `pm-frozen-${process.pid}`;
  const cg = path.join(dir, name);
  let task: ChildProcess;
  const freeze = (on: boolean) =>
    version === 2 ? writeFileSync(path.join(cg, 'cgroup.freeze'), on ? '1' : '0') : writeFileSync(path.join(cg, 'freezer.state'), on ? 'FROZEN' : 'THAWED');
  beforeAll(async () => {
    mkdirSync(cg);
    task = spawn('sleep', ['60'], { stdio: 'ignore' });
    writeFileSync(path.join(cg, 'cgroup.procs'), String(task.pid));
    freeze(true);
    await until('the cgroup to freeze', () =>
      version === 2 ? /^frozen 1$/m.test(readFileSync(path.join(cg, 'cgroup.events'), 'utf8')) : readFileSync(path.join(cg, 'freezer.state'), 'utf8').trim() === 'FROZEN',
    );
  });
  afterAll(async () => {
    freeze(false);
    task.kill('SIGKILL');
    for (let i = 0; i < 50; i++) {
      try {
        rmdirSync(cg);
        break;
      } catch {
        await sleep(50); // the task still leaving
      }
    }
  });

  it('says "frozen" with the cgroup, whether the kernel shows the task as D or S', async () => {
    const s = state(task.pid!);
    expect(['D', 'S']).toContain(s); // v1 freezes into D, v2 into S on current kernels
    const r = await runProbes({ ids: ['processes'] });
    const f = r.findings.find((x) => x.id === 'processes.frozen' && x.subject === `cgroup /${name}`)!;
    expect(f.severity).toBe('warning');
    expect(f.message).toContain(`is frozen (freezer, cgroup v${version}): 1 process stopped: sleep [${task.pid}] ${s}`);
    const d = r.findings.find((x) => x.id === 'processes.d-state');
    if (s === 'D') expect(d!.message).toContain(`sleep [${task.pid}] (frozen by cgroup /${name})`);
    else expect(d?.message ?? '').not.toContain(`[${task.pid}]`);
  });
});
