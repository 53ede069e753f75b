// Many writers and crashing writers against the built CLI: the lock keeps every entry, the atomic
// rename keeps the file whole.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, pm, tempDir } from '../helpers.js';

const ENV = { ...process.env, NO_COLOR: '1', TZ: 'Europe/Berlin' };

function start(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}

function newIncident(): { dir: string; file: string } {
  const dir = path.join(tempDir(), 'incidents');
  const r = pm(['--dir', dir, 'new', 'Concurrency', '--started', '2026-03-14 09:00']);
  expect(r.status).toBe(0);
  return { dir, file: r.stdout.trim() };
}

describe('concurrent writers', () => {
  it('40 log processes started at once leave exactly 40 entries', async () => {
    const { dir, file } = newIncident();
    const runs = Array.from({ length: 40 }, (_, i) => start(['--dir', dir, 'log', `concurrent entry #${i}#`]));
    const results = await Promise.all(runs.map((r) => r.done));
    expect(results.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    const text = readFileSync(file, 'utf8');
    for (let i = 0; i < 40; i++) expect(text.split(`concurrent entry #${i}#`).length - 1, `entry ${i}`).toBe(1);
    expect((text.match(/^- \*\*\d{4}-\d{2}-\d{2} \d{2}:\d{2} [+-]\d{2}:\d{2}\*\* — concurrent entry/gm) ?? []).length).toBe(40);
    expect(readdirSync(path.dirname(file)).filter((f) => f !== 'postmortem.md')).toEqual([]); // no lock or temp file left
  });
});

describe('kill -9 in the middle of a write', () => {
  it('leaves the old file or the new one, never a torn one, and the next writer recovers the lock', async () => {
    const { dir, file } = newIncident();
    // About 1 MB, so that writing takes long enough to be hit.
    const filler = Array.from({ length: 9000 }, (_, i) => `- **2026-03-14 09:00 +01:00** — filler line ${i} ${'x'.repeat(80)}`).join('\n');
    writeFileSync(file, readFileSync(file, 'utf8').replace('- **2026-03-14 09:00 +01:00** — Incident opened.', filler));
    const t0 = Date.now();
    expect((await start(['--dir', dir, 'log', 'timing run']).done).code).toBe(0);
    const lifetime = Date.now() - t0;

    let prev = readFileSync(file, 'utf8');
    const outcome = { old: 0, new: 0 };
    for (let i = 0; i < 24; i++) {
      const entry = `killed writer ${i}`;
      const r = start(['--dir', dir, 'log', entry]);
      // Spread the kills over the writer's whole life, weighted to its end where the write happens.
      await new Promise((res) => setTimeout(res, lifetime * (0.4 + 0.7 * (i / 24))));
      r.child.kill('SIGKILL');
      await r.done;
      const now = readFileSync(file, 'utf8');
      if (now === prev) outcome.old++;
      else {
        // The new file: the old one plus exactly this entry's line.
        const line = now.split('\n').find((l) => l.endsWith(`— ${entry}`));
        expect(line, `iteration ${i}: the file changed but holds no entry`).toBeDefined();
        expect(now.replace(`${line}\n`, '')).toBe(prev);
        outcome.new++;
      }
      prev = now;
    }
    // A temporary file left behind means the kill landed after the write began and before the rename.
    const midWrite = readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp')).length;
    console.log(`kill -9 outcomes: ${outcome.old} old file, ${outcome.new} new file, 0 torn; ${midWrite} kills landed mid-write`);
    expect(outcome.old + outcome.new).toBe(24);
    // A lock left by a killed writer is stale (its pid is gone): the next log goes through at once.
    const after = await start(['--dir', dir, 'log', 'after the kills']).done;
    expect(after.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('— after the kills');
  });
});
