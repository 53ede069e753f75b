// Every secret shape, in every place the tool captures text, end to end through the built CLI: the
// secret must be absent from the incident folder and the built site, file names included.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, pm, ROOT, tempDir } from '../helpers.js';
import { SECRET_CASES } from './cases.js';

/** The built CLI, asynchronously, so several run at once. */
function pmAsync(args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function inBatches<T>(items: T[], size: number, fn: (t: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** Every file under dir: its path relative to dir and its bytes as text. */
function everything(dir: string): { name: string; text: string }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const abs = path.join(d.parentPath, d.name);
      return { name: path.relative(dir, abs), text: readFileSync(abs, 'latin1') };
    });
}

/** A copy of the healthy fixture machine with processes whose command lines are the cases' inputs. */
function machineWith(root: string, inputs: string[]): string {
  const machine = path.join(root, 'machine');
  rmSync(machine, { recursive: true, force: true });
  cpSync(path.join(ROOT, 'test/fixtures/snapshot/healthy'), machine, { recursive: true });
  inputs.forEach((input, i) => {
    const pid = 9000 + i;
    const comm = `case${i}`;
    const dir = path.join(machine, 'proc', String(pid));
    mkdirSync(path.join(dir, 'fd'), { recursive: true });
    writeFileSync(path.join(dir, 'cmdline'), input.split(' ').join('\0') + '\0');
    writeFileSync(path.join(dir, 'stat'), `${pid} (${comm}) S 1 ${pid} ${pid} 0 -1 4194560 100 0 0 0 10 5 0 0 20 0 1 0 12345 10000000 30000` + ' 0'.repeat(30) + '\n');
    writeFileSync(path.join(dir, 'status'), `Name:\t${comm}\nState:\tS\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nThreads:\t1\nVmRSS:\t1000 kB\n`);
    writeFileSync(path.join(dir, 'limits'), readFileSync(path.join(machine, 'proc/700/limits')));
  });
  return machine;
}

describe('no secret passes the gate, in any place', () => {
  const root = tempDir('pm-secrets-');
  const dir = path.join(root, 'incidents');
  const out = path.join(root, 'site');
  let incident = '';

  beforeAll(async () => {
    const created = pm(['--dir', dir, 'new', 'Secrets everywhere', '--started', '2026-03-14 09:00'], { cwd: root });
    expect(created.status).toBe(0);
    incident = path.dirname(path.resolve(root, created.stdout.trim()));
    const places = SECRET_CASES.flatMap(([, input]) => [
      // the command line (argv, file name, timeline entry) and its output (the evidence body)
      ['--dir', dir, 'run', '--', 'echo', input],
      // a pasted line in the timeline
      ['--dir', dir, 'log', '--at', '2026-03-14 10:00', '--', input],
    ]);
    await inBatches(places, 4, async (args) => {
      const r = await pmAsync(args, root);
      expect(r.status, r.stderr).toBe(0);
    });
    // hypotheses and their reasons
    for (const [, input] of SECRET_CASES.slice(0, 5)) expect(pm(['--dir', dir, 'hypothesis', 'add', '--at', '2026-03-14 10:00', '--', input], { cwd: root }).status).toBe(0);
    expect(pm(['--dir', dir, 'hypothesis', 'reject', '1', '--because', SECRET_CASES[5]![1], '--at', '2026-03-14 10:01'], { cwd: root }).status).toBe(0);
    // process command lines in snapshots (the census keeps one command line for each of 8 groups)
    const inputs = SECRET_CASES.map(([, input]) => input.replace(/\s+/g, ' '));
    for (let i = 0; i < inputs.length; i += 8) {
      const r = pm(['--dir', dir, 'snapshot', '--root', machineWith(root, inputs.slice(i, i + 8))], { cwd: root });
      expect(r.status, r.stderr).toBe(0);
      for (const [, , secret] of SECRET_CASES) expect(r.stdout).not.toContain(secret);
    }
    const built = pm(['--dir', dir, 'build', '--out', out], { cwd: root });
    expect(built.status, built.stderr).toBe(0);
  }, 120_000);

  it('captured every place: evidence files, snapshots and timeline entries exist', () => {
    const files = everything(incident).map((f) => f.name);
    expect(files.filter((f) => f.startsWith('evidence/'))).toHaveLength(SECRET_CASES.length);
    expect(files.filter((f) => f.startsWith('snapshots/'))).toHaveLength(Math.ceil(SECRET_CASES.length / 8));
    const doc = readFileSync(path.join(incident, 'postmortem.md'), 'utf8');
    expect(doc.match(/Ran `/g)).toHaveLength(SECRET_CASES.length);
    expect(doc.split('[redacted]').length).toBeGreaterThan(2 * SECRET_CASES.length);
    // the snapshots kept the command lines, redacted
    const census = everything(incident).filter((f) => f.name.startsWith('snapshots/')).map((f) => f.text).join('\n');
    expect(census).toContain('PGPASSWORD=[redacted] psql');
  });

  it.each(SECRET_CASES)('%s: absent from the incident folder and the site, file names included', (_what, _input, secret) => {
    for (const base of [dir, out])
      for (const f of everything(base)) {
        expect(f.name, `${base}/${f.name}`).not.toContain(secret);
        expect(f.text.includes(secret), `${secret} in ${base}/${f.name}`).toBe(false);
      }
  });
});
