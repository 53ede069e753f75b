// `history` through the built CLI on a ring written here: episodes, increments, --at, --save.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Recorder } from '../../src/watch/recorder.js';
import { sparkline } from '../../src/watch/spark.js';
import type { Sample } from '../../src/watch/types.js';
import { pm, tempDir } from '../helpers.js';

const T0 = Date.parse('2026-03-14T09:00:00Z');
/** Inodes on /mnt/c critical from minute 10 to 14; 14 forks refused in minute 20. */
function sample(k: number): Sample {
  const full = k >= 10 && k < 15;
  return {
    at: T0 + k * 60_000,
    levels: [
      { key: 'filesystems.inodes /mnt/c', resource: 'inodes', subject: '/mnt/c', severity: full ? 'critical' : 'info', utilization: full ? 1 : 0.3 },
      { key: 'memory.ram RAM', resource: 'memory', subject: 'RAM', severity: 'info', utilization: 0.41 },
    ],
    increments: k === 20 ? [{ key: 'cgroup pids/app pids.events max', what: 'forks refused (pids.max) in cgroup /app', delta: 14, from: T0 + 19 * 60_000, to: T0 + 20 * 60_000 }] : [],
  };
}
function ring(): string {
  const file = path.join(tempDir(), 'watch.ring');
  const r = Recorder.open(file, 128 * 1024);
  for (let k = 0; k < 30; k++) r.write(sample(k));
  r.close();
  return file;
}
const env = { TZ: 'UTC' };

describe('sparkline', () => {
  it('keeps a one-sample spike (the highest value per bucket) and leaves gaps blank', () => {
    expect(sparkline([{ at: 0, u: 0 }, { at: 1, u: 1 }, { at: 2, u: 0 }, { at: 7, u: 0.5 }], 0, 8, 8)).toBe('▁█▁    ▄');
  });
});

describe('history', () => {
  it('reads back the episodes, the increments and a sparkline per resource', () => {
    const r = pm(['history', ring(), '--json'], { env });
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.samples).toBe(30);
    expect(d.episodes.map((e: any) => [e.label, new Date(e.start).toISOString(), e.end && new Date(e.end).toISOString(), e.samples, e.failures])).toEqual([
      ['inodes /mnt/c', '2026-03-14T09:10:00.000Z', '2026-03-14T09:15:00.000Z', 5, 0],
      ['forks refused (pids.max) in cgroup /app', '2026-03-14T09:19:00.000Z', '2026-03-14T09:21:00.000Z', 1, 14],
    ]);
    expect(d.increments).toHaveLength(1);
    expect(d.resources[0]).toMatchObject({ resource: 'inodes', subject: '/mnt/c', peak: 1 });
    const text = pm(['history', ring()], { env }).stdout;
    expect(text).toContain('09:10:00–09:15:00  inodes /mnt/c: peak critical 100 % at 09:10:00 (5 samples)');
    expect(text).toContain('between 09:19:00 and 09:20:00: 14 forks refused (pids.max) in cgroup /app');
  });

  it('narrows to a time range and a resource', () => {
    const d = JSON.parse(pm(['history', ring(), '--since', '2026-03-14 09:16', '--until', '2026-03-14 09:25', '--resource', 'pids', '--json'], { env }).stdout);
    expect(d.samples).toBe(10);
    expect(d.resources).toEqual([]);
    expect(d.episodes.map((e: any) => e.label)).toEqual(['forks refused (pids.max) in cgroup /app']);
  });

  it('--at shows the nearest recorded state like a snapshot', () => {
    const r = pm(['history', ring(), '--at', '2026-03-14 09:12:20'], { env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('recorded state at 2026-03-14T09:12:00Z');
    expect(r.stdout).toMatch(/critical\s+inodes \/mnt\/c\s+█+\s+100 %/);
  });

  it('--save writes the episodes into the incident once, however often it runs', () => {
    const dir = tempDir();
    expect(pm(['--dir', dir, 'new', 'Cache full', '--started', '2026-03-14 08:00'], { env }).status).toBe(0);
    const file = ring();
    const first = JSON.parse(pm(['--dir', dir, 'history', file, '--save', '--json'], { env }).stdout);
    expect(first.saved.entries).toBe(4);
    const again = JSON.parse(pm(['--dir', dir, 'history', file, '--save', '--json'], { env }).stdout);
    expect(again.saved.entries).toBe(0);
    const doc = readFileSync(path.join(dir, readdirSync(dir)[0]!, 'postmortem.md'), 'utf8');
    expect(doc.match(/watch: inodes \/mnt\/c: /g)).toHaveLength(2);
    expect(doc).toContain('- **2026-03-14 09:10 +00:00** — watch: inodes /mnt/c: episode started, critical (100 %)');
    expect(doc).toContain('- 09:10:00–09:15:00  inodes /mnt/c: peak critical 100 % at 09:10:00 (5 samples)');
    expect(doc.match(/Recorded episodes from/g)).toHaveLength(1);
  });

  it('says in one line that a missing recording cannot be read (exit 1)', () => {
    const r = pm(['history', '/nonexistent/watch.ring']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('postmortem: /nonexistent/watch.ring: cannot read the recording: ENOENT\n');
  });
});
