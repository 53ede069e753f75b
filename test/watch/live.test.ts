// Intermittent exhaustion, live, through the built CLI: a tmpfs whose few inodes are filled and
// emptied again, and a pids cgroup hit for about a second every few seconds, under `watch --every 1s`.
// Both must come out as episodes at the times the test caused them, and the refused forks as counter
// increments between samples. Needs root (mount, cgroups); skips and says why otherwise.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers.js';

const root = process.getuid?.() === 0;
const PIDS = '/sys/fs/cgroup/pids';
const V2 = existsSync('/sys/fs/cgroup/cgroup.controllers') ? '/sys/fs/cgroup' : null;
const pidsRoot = existsSync(path.join(PIDS, 'cgroup.procs')) ? PIDS : V2;
const why = !root ? 'not root' : !pidsRoot ? 'no pids cgroup controller' : null;
if (why) console.log(`watch live test skipped: ${why} (it mounts a tmpfs and creates a pids cgroup; CI runs it as root)`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(why !== null)('watch catches intermittent exhaustion as it happens', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-watch-inodes-'));
  const cg = path.join(pidsRoot ?? '/', `pm-watch-test-${process.pid}`);
  const lines: any[] = [];
  let child: ChildProcess | undefined;
  const caused: { fill: number[]; empty: number[]; burst: number[] } = { fill: [], empty: [], burst: [] };

  beforeAll(async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,nr_inodes=40', 'pm-watch-inodes', dir]);
    mkdirSync(cg);
    writeFileSync(path.join(cg, 'pids.max'), '4');
    child = spawn(process.execPath, [CLI, 'watch', '--every', '1s', '--for', '60s', '--no-save', '--json'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let buf = '';
    let started: () => void;
    const watching = new Promise<void>((r) => (started = r));
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      for (let nl; (nl = buf.indexOf('\n')) >= 0; buf = buf.slice(nl + 1)) {
        const o = JSON.parse(buf.slice(0, nl));
        lines.push(o);
        if (o.type === 'watching') started();
      }
    });
    const exited = new Promise((r) => child!.once('exit', r));
    await watching;
    // two rounds: the inodes full for 3 s, and in between a one-second burst of forks past pids.max
    for (let round = 0; round < 2; round++) {
      await sleep(1500);
      caused.fill.push(Date.now());
      for (let k = 0; ; k++) {
        try {
          writeFileSync(path.join(dir, `f${k}`), '');
        } catch {
          break; // ENOSPC: every inode taken
        }
      }
      await sleep(3000);
      for (const f of readdirSync(dir)) unlinkSync(path.join(dir, f));
      caused.empty.push(Date.now());
      // an episode ends after two quiet samples: leave room for them on a loaded machine
      await sleep(3000);
      caused.burst.push(Date.now());
      // a shell in the cgroup forks ten sleepers: the limit of 4 refuses the fifth
      // (the shell's own status tells of the refused forks: not checked)
      spawnSync('sh', ['-c', `echo $$ > ${cg}/cgroup.procs; for i in 1 2 3 4 5 6 7 8 9 10; do sleep 2 2>/dev/null & done; wait`], { stdio: 'ignore' });
    }
    // An episode ends after two quiet samples: on a loaded machine a sample takes longer than its
    // second, so wait for both ends (at most 30 s) rather than for a fixed --for, then stop it.
    const inodeEnds = () => lines.filter((o) => o.type === 'end' && String(o.episode?.key).startsWith('filesystems.inodes')).length;
    await sleep(3000); // a few samples after the last burst, so its refused forks are counted
    for (let t = 0; t < 300 && inodeEnds() < 2; t++) await sleep(100);
    child.kill('SIGTERM');
    await exited;
    if (process.env.PM_DEBUG) writeFileSync('/tmp/watch-live.json', JSON.stringify({ caused, lines }, null, 1));
  }, 60_000);

  afterAll(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    execFileSync('umount', [dir]);
    rmdirSync(dir);
    for (let k = 0; k < 20 && existsSync(cg); k++) {
      try {
        rmdirSync(cg);
      } catch {
        execFileSync('sleep', ['0.1']);
      }
    }
  });

  it('reports two inode episodes on the tmpfs, each starting after the fill and ending after the emptying', () => {
    const ends = lines.filter((o) => o.type === 'end' && o.episode.key === `filesystems.inodes ${dir}`);
    expect(ends).toHaveLength(2);
    ends.forEach((o, i) => {
      const start = Date.parse(o.episode.start);
      const end = Date.parse(o.episode.end);
      // samples are a second apart: an episode starts within a sample of the cause; a sample is
      // stamped when it starts and reads the mounts a moment later, hence the half second before
      expect(start).toBeGreaterThanOrEqual(caused.fill[i]! - 500);
      expect(start).toBeLessThan(caused.fill[i]! + 3000); // a sample may run late on a loaded machine
      expect(end).toBeGreaterThanOrEqual(caused.empty[i]! - 500);
      expect(end).toBeLessThan(caused.empty[i]! + 3000);
      expect(o.episode.peak).toMatchObject({ severity: 'critical', utilization: 1 });
      expect(o.episode.samples).toBeGreaterThanOrEqual(2);
    });
  });

  it('counts the refused forks between samples, in windows that hold the bursts', () => {
    const rel = '/' + path.basename(cg);
    const incs = lines.filter((o) => o.type === 'increment' && o.key.includes(rel) && o.key.endsWith('pids.events max'));
    expect(incs.length).toBeGreaterThanOrEqual(2);
    for (const t of caused.burst) {
      const hit = incs.filter((o) => Date.parse(o.from) <= t + 1500 && Date.parse(o.to) >= t);
      expect(hit.length, `an increment around ${new Date(t).toISOString()}`).toBeGreaterThanOrEqual(1);
    }
    // the shell gives up at its first refused fork: at least one per burst
    expect(incs.reduce((n, o) => n + o.delta, 0)).toBeGreaterThanOrEqual(caused.burst.length);
    expect(incs[0].what).toBe(`forks refused (pids.max) in cgroup ${rel}`);
    // each burst is an episode of its own: the counter was quiet in between
    const episodes = lines.find((o) => o.type === 'summary').episodes.filter((e: any) => e.key === incs[0].key);
    expect(episodes).toHaveLength(2);
  });
});
