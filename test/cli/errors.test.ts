// Errors as scripts and cron see them: one line on stderr, stable exit codes, and with --json the
// error as JSON on stdout; a save that fails exits 1 whatever the cause.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pm, ROOT, tempDir } from '../helpers.js';

const HEALTHY = path.join(ROOT, 'test/fixtures/snapshot/healthy');

describe('errors', () => {
  it('with --json are JSON on stdout as well as one line on stderr', () => {
    const root = tempDir();
    const r = pm(['--dir', path.join(root, 'none'), 'log', 'x', '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ message: expect.stringContaining('does not exist'), code: 'failed', exit: 1, file: null });
  });

  it('name the file and line of a broken document in the JSON', () => {
    const dir = path.join(tempDir(), 'incidents');
    mkdirSync(path.join(dir, '2026-03-14-broken'), { recursive: true });
    writeFileSync(path.join(dir, '2026-03-14-broken', 'postmortem.md'), '---\ntitle: ok\nstatus: [unclosed\n---\n# x\n');
    const r = pm(['--dir', dir, 'show', '2026-03-14-broken', '--json']);
    expect(r.status).toBe(1);
    const { error } = JSON.parse(r.stdout);
    expect(error.code).toBe('input');
    expect(error.file).toContain('2026-03-14-broken/postmortem.md');
    expect(error.line).toBeGreaterThan(1);
  });

  it('of usage are exit 2, in JSON too', () => {
    const r = pm(['log', '--bogus', '--json']);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'usage', exit: 2 });
  });

  it('snapshot --root of a missing folder is a usage error, not a broken report', () => {
    const r = pm(['snapshot', '--no-save', '--root', '/nonexistent-pm-root']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^postmortem: --root \/nonexistent-pm-root: no such folder/);
  });

  it('a snapshot that cannot be saved for want of an incident prints the report and exits 1', () => {
    const root = tempDir();
    const r = pm(['--dir', path.join(root, 'incidents'), 'snapshot', '--root', HEALTHY]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Fullest resources');
    expect(r.stderr).toMatch(/snapshot not saved: no incidents yet: .* does not exist/);
    const j = pm(['--dir', path.join(root, 'incidents'), 'snapshot', '--root', HEALTHY, '--json']);
    expect(j.status).toBe(1);
    expect(JSON.parse(j.stdout).error.unsaved.findings).toBeInstanceOf(Array);
  });

  it('run runs the command even when there is no incident to save into', () => {
    const root = tempDir();
    const marker = path.join(root, 'ran');
    const r = pm(['--dir', path.join(root, 'incidents'), 'run', '--', 'touch', marker]);
    expect(existsSync(marker)).toBe(true);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Ran `touch .*` \(exit 0, .*\); output not saved/);
    expect(r.stderr).toMatch(/does not exist.*; the command ran \(exit 0, .*\), nothing was saved/);
  });
});
