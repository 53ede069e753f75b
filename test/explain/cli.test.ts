import { describe, expect, it } from 'vitest';
import { inputOf } from '../../src/commands/explain.js';
import { UsageError } from '../../src/errors.js';
import { pm } from '../helpers.js';

describe('pm explain', () => {
  it('--json --no-live: input and ranked suspects with why and confirm', () => {
    const r = pm(['explain', '--no-live', '--json', 'sudo: unable to create sockets: Cannot allocate memory']);
    expect(r.status).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.input).toBe('sudo: unable to create sockets: Cannot allocate memory');
    expect(data.env).toBeNull();
    expect(data.suspects[0]).toMatchObject({ resource: 'beancounters' });
    expect(data.suspects[0].confirm[0]).toMatch(/user_beancounters/);
    expect(data.suspects.every((s: { live?: unknown }) => s.live === undefined)).toBe(true);
  });

  it('reads the raw message but quotes it back redacted', () => {
    const r = pm(['explain', '--no-live', '--json', 'mysql -pHunter22x: create session key: Disk quota exceeded']);
    const data = JSON.parse(r.stdout);
    expect(r.stdout).not.toContain('Hunter22x');
    expect(data.input).toContain('mysql -p[redacted]');
    expect(data.errors[0].errnos).toContain('EDQUOT'); // the gate would have eaten "key: Disk"
  });

  it('prints suspects for people', () => {
    const r = pm(['explain', '--no-live', 'inotify_add_watch', 'failed:', 'No', 'space', 'left', 'on', 'device']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^1\. inotify-watches: inotify watches/m);
    expect(r.stdout).toMatch(/confirm: cat \/proc\/sys\/fs\/inotify\/max_user_watches/);
  });

  it('reads a pasted log from stdin and explains each distinct error', () => {
    const log = [
      '2026/03/14 09:12:03 [crit] 1234#1234: accept4() failed (24: Too many open files)',
      '2026/03/14 09:12:07 [crit] 1235#1235: accept4() failed (24: Too many open files)',
      'Mar 14 09:12:08 web1 kernel: TCP: too many orphaned sockets',
    ].join('\n');
    const r = pm(['explain', '--no-live', '--json'], { input: log });
    const data = JSON.parse(r.stdout);
    expect(data.errors.map((e: { count: number; suspects: Array<{ resource: string }> }) => [e.count, e.suspects[0]!.resource])).toEqual([
      [2, 'fds-process'],
      [1, 'socket-memory'],
    ]);
  });

  it('checks this machine by default: every suspect carries a live state', () => {
    const r = pm(['explain', '--json', 'No space left on device']);
    expect(r.status).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(['openvz', 'container', 'host']).toContain(data.env);
    expect(data.suspects.length).toBeGreaterThan(0);
    for (const s of data.suspects) expect(['at-limit', 'near', 'ok', 'unknown']).toContain(s.live.state);
  });

  it('without text and without stdin it is a usage error', () => {
    expect(pm(['explain'], { input: '' }).status).toBe(2);
    expect(() => inputOf({}, { isTTY: true, read: () => '' })).toThrow(UsageError);
    expect(inputOf({ text: ['ENOSPC'] }, { isTTY: true, read: () => 'ignored' })).toBe('ENOSPC');
    expect(inputOf({}, { isTTY: false, read: () => ' log line \n' })).toBe('log line');
  });
});
