// hunt --ssh against a real OpenSSH server on 127.0.0.1 (BusyBox login shell, see sshd.ts): the
// host counts with find and awk, the ranking here is the local hunt's, and so is the answer.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HuntResult } from '../../src/hunt/hunt.js';
import { pm, tempDir } from '../helpers.js';
import { startSshd, type Sshd } from './sshd.js';

let server: Sshd;
const tree = tempDir('pm-hunt-ssh-');

beforeAll(async () => {
  server = await startSshd();
  // a cache of hashed folders, a log folder, a folder named like a secret, one the test user may not read
  for (let d = 0; d < 30; d++) {
    mkdirSync(path.join(tree, 'cache', 'object', d.toString(16).padStart(2, '0')), { recursive: true });
    for (let f = 0; f < 10; f++) writeFileSync(path.join(tree, 'cache', 'object', d.toString(16).padStart(2, '0'), `o${f}`), '');
  }
  mkdirSync(path.join(tree, 'logs'));
  for (let f = 0; f < 40; f++) writeFileSync(path.join(tree, 'logs', `l${f}`), '');
  mkdirSync(path.join(tree, 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'));
  for (let f = 0; f < 60; f++) writeFileSync(path.join(tree, 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', `s${f}`), '');
  mkdirSync(path.join(tree, 'private'), { mode: 0o700 });
  chmodSync(tree, 0o755); // mkdtemp made it 0700: the test user walks in
});
afterAll(() => server?.stop());

const json = (r: { stdout: string; stderr: string }) => JSON.parse(r.stdout || `{"stderr": ${JSON.stringify(r.stderr)}}`) as HuntResult;

describe('hunt --ssh', () => {
  it('ranks the same places with the same counts as the local hunt; a folder the ssh user may not read is one inode and one complaint', () => {
    const remote = pm(['hunt', '--ssh', 'web-1', tree, '--json'], { env: server.env });
    expect(remote.status, remote.stderr).toBe(0);
    const local = pm(['hunt', tree, '--json']);
    const r = json(remote);
    const l = json(local);
    expect(r.root).toBe(`web-1:${tree}`);
    expect(r.complete).toBe(true);
    // the test user may not enter private/: find says so, the folder still counts as one inode
    expect(r.errorCount).toBe(1);
    expect(r.errors[0]).toMatchObject({ path: path.join(tree, 'private'), code: 'EACCES' });
    expect(r.total.inodes).toBe(l.total.inodes);
    const rows = (h: HuntResult) => h.entries.map((e) => `${e.inodes} ${e.path}`);
    expect(rows(r)).toEqual(rows(l).map((x) => x.replace('ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghp_[redacted]')));
    expect(rows(r)[0]).toBe(`331 ${path.join(tree, 'cache', 'object')}`); // 30 folders of 10, and itself
  });
  it('prints the local hunt table; what the host sent passes the redaction gate', () => {
    const r = pm(['hunt', '--ssh', 'web-2', tree], { env: server.env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Where the inodes under web-2:${tree} went`));
    expect(r.stdout).toMatch(/#\s+inodes\s+bytes\s+share\s+path/);
    expect(r.stdout).toContain('cache/object');
    expect(r.stdout).toContain('ghp_[redacted]');
    expect(r.stdout).not.toContain('ghp_abcdef');
    expect(r.stdout).toContain('1 unreadable');
  });
  it('--max-time bounds the walk on the host: partial, reported as such', () => {
    const t0 = Date.now();
    const r = pm(['hunt', '--ssh', 'web-1', '/', '--max-time', '300ms', '--json'], { env: server.env });
    expect(r.status, r.stderr).toBe(0);
    const h = json(r);
    expect(h.complete).toBe(false);
    expect(h.total.inodes).toBeGreaterThan(0);
    expect(Date.now() - t0).toBeLessThan(15000); // the walk of / would take far longer
  });
  it('a folder that is not there, and an unreachable host, are one line each, exit 1', () => {
    const gone = pm(['hunt', '--ssh', 'web-1', '/no/such/folder'], { env: server.env });
    expect(gone.status).toBe(1);
    expect(gone.stderr.trim()).toBe('postmortem: web-1: /no/such/folder: no such folder on the host');
    const closed = pm(['hunt', '--ssh', 'closed', '/var'], { env: server.env });
    expect(closed.status).toBe(1);
    expect(closed.stderr).toMatch(/closed: unreachable/);
  });
});
