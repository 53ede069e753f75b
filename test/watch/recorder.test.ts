// The ring: fixed size whatever is written, torn records lost alone, recording on a full tmpfs.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmdirSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EpisodeTracker } from '../../src/watch/episodes.js';
import { frame, HEADER, readRecording, Recorder, samplePayload, scan, utilCode, utilOf } from '../../src/watch/recorder.js';
import type { Sample } from '../../src/watch/types.js';
import { CLI, pm, tempDir } from '../helpers.js';

const root = process.getuid?.() === 0;
if (!root) console.log('recorder tmpfs test skipped: mounting a tmpfs needs root (CI runs it as root)');

/** A sample with 40 resources, one of them (inodes /mnt/c) critical in samples 100..109. */
function sample(k: number, t0 = 1_700_000_000_000): Sample {
  const levels = Array.from({ length: 40 }, (_, i) => ({ key: `r.${i} /x${i}`, resource: `res${i}`, subject: `/x${i}`, severity: 'info' as const, utilization: (i % 10) / 10 }));
  levels[0] = { key: 'filesystems.inodes /mnt/c', resource: 'inodes', subject: '/mnt/c', severity: k >= 100 && k < 110 ? 'critical' : 'info', utilization: k >= 100 && k < 110 ? 1 : 0.2 };
  const increments = k === 105 ? [{ key: 'cgroup pids/app pids.events max', what: 'forks refused (pids.max) in cgroup /app', delta: 14, from: t0 + 104_000, to: t0 + 105_000 }] : [];
  return { at: t0 + k * 1000, levels, increments };
}

describe('utilisation codes', () => {
  it('keeps 0.5 % steps, caps at 127 %, keeps "no value" apart from 0', () => {
    expect(utilOf(utilCode(0.923))).toBe(0.925);
    expect(utilOf(utilCode(3))).toBe(1.27);
    expect(utilOf(utilCode(null))).toBeNull();
    expect(utilOf(utilCode(0))).toBe(0);
  });
});

describe('the ring file', () => {
  it('is allocated in full at start and never changes size, however many samples it takes', () => {
    const file = path.join(tempDir(), 'r.ring');
    const r = Recorder.open(file, 256 * 1024);
    expect(statSync(file).size).toBe(256 * 1024);
    expect(statSync(file).blocks * 512).toBeGreaterThanOrEqual(256 * 1024); // blocks allocated, not a sparse file
    for (let k = 0; k < 3000; k++) r.write(sample(k));
    r.close();
    expect(statSync(file).size).toBe(256 * 1024);
    const rec = readRecording(file);
    // the ring wrapped (3000 samples of ~270 bytes do not fit in 256 KiB); the newest are all there, in order
    expect(rec.samples.length).toBeLessThan(3000);
    expect(rec.samples.length).toBeGreaterThan(500);
    expect(rec.samples[rec.samples.length - 1]!.at).toBe(sample(2999).at);
    const ats = rec.samples.map((s) => s.at);
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    expect(ats[ats.length - 1]! - ats[0]!).toBe((rec.samples.length - 1) * 1000); // no gap: nothing lost in the wrap
    // keys are defined again as the ring wraps: even the oldest surviving sample has its names
    expect(rec.samples[0]!.levels.every((l) => !l.key.startsWith('#'))).toBe(true);
  });

  it('reads back episodes and counter increments like watch saw them', () => {
    const file = path.join(tempDir(), 'r.ring');
    const r = Recorder.open(file, 1024 * 1024);
    for (let k = 90; k < 120; k++) r.write(sample(k));
    r.close();
    const t = new EpisodeTracker();
    for (const s of readRecording(file).samples) t.push(s);
    expect(t.all().map((e) => [e.label, e.start, e.end, e.samples, e.failures])).toEqual([
      ['forks refused (pids.max) in cgroup /app', sample(104).at, sample(106).at, 1, 14],
      ['inodes /mnt/c', sample(100).at, sample(110).at, 10, 0],
    ].sort((a, b) => (a[1] as number) - (b[1] as number)));
  });

  it('loses only the record torn by a kill -9 in the middle of a write, and continues after the newest', () => {
    const file = path.join(tempDir(), 'r.ring');
    const r = Recorder.open(file, 128 * 1024);
    for (let k = 0; k < 20; k++) r.write(sample(k));
    r.close();
    const before = readRecording(file);
    // the next record, written halfway only, where the writer would have put it
    const end = scan(readFileSync(file)).at(-1)!.end;
    const torn = frame(before.records + 1000, samplePayload(sample(20)));
    const fd = openSync(file, 'r+');
    writeSync(fd, torn, 0, Math.floor(torn.length / 2), end);
    closeSync(fd);
    const after = readRecording(file);
    expect(after.samples.map((s) => s.at)).toEqual(before.samples.map((s) => s.at));
    // a restarted recorder writes over the torn bytes and everything reads back
    const r2 = Recorder.open(file);
    r2.write(sample(21));
    r2.close();
    expect(readRecording(file).samples.map((s) => s.at)).toEqual([...before.samples.map((s) => s.at), sample(21).at]);
  });

  it('survives a real kill -9 of a recording watch', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.ring');
    const child = spawn(process.execPath, [CLI, 'watch', '--every', '100ms', '--no-save', '--json', '--record', file, '--record-size', '256k', '--probe', 'memory', 'fds', 'load', 'filesystems'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    // kill it in the middle of its work once it has recorded a few samples (a loaded CI is slow)
    const count = () => {
      try {
        return readRecording(file).samples.length;
      } catch {
        return 0; // not created yet
      }
    };
    for (let t = 0; t < 200 && count() < 6; t++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 130));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(statSync(file).size).toBe(256 * 1024);
    const rec = readRecording(file);
    expect(rec.samples.length).toBeGreaterThan(5);
    expect(rec.samples.some((s) => s.levels.some((l) => l.resource === 'memory'))).toBe(true);
  });

  it('refuses a file that is not a recording, naming it', () => {
    const file = path.join(tempDir(), 'not.ring');
    writeFileSync(file, 'x'.repeat(HEADER + 10));
    expect(() => readRecording(file)).toThrow(`${file}:1: not a postmortem recording`);
    const r = pm(['history', file]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.skipIf(!root)('keeps recording on a tmpfs full of bytes and of inodes', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-ringfull-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,nr_inodes=8', 'pm-ringfull', dir]);
    try {
      const file = path.join(dir, 'r.ring');
      const r = Recorder.open(file, 256 * 1024);
      // fill the inodes, then the bytes
      let k = 0;
      for (; k < 100; k++) {
        try {
          writeFileSync(path.join(dir, `f${k}`), '');
        } catch (e) {
          expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
          break;
        }
      }
      expect(() => writeFileSync(path.join(dir, 'more'), '')).toThrow(/ENOSPC/);
      expect(() => writeFileSync(path.join(dir, 'f0'), Buffer.alloc(2 * 1024 * 1024))).toThrow(/ENOSPC/);
      const df = execFileSync('df', ['--output=avail', dir], { encoding: 'utf8' });
      expect(Number(df.trim().split('\n')[1])).toBe(0);
      for (let i = 0; i < 2000; i++) r.write(sample(i));
      r.close();
      const rec = readRecording(file);
      expect(rec.samples.at(-1)!.at).toBe(sample(1999).at);
      expect(statSync(file).size).toBe(256 * 1024);
    } finally {
      execFileSync('umount', [dir]);
      rmdirSync(dir);
    }
  });
});
