// The capture commands end to end, through the built CLI (npm test builds first).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pm, tempDir } from '../helpers.js';

let dir: string;
let file: string;
const run = (...args: string[]) => pm(['--dir', dir, ...args]);
const doc = () => readFileSync(file, 'utf8');

beforeAll(() => {
  dir = path.join(tempDir(), 'incidents');
  const r = pm(['--dir', dir, 'new', 'Blog flaky for days', '--started', '2026-03-11 22:40']);
  expect(r.status).toBe(0);
  file = r.stdout.trim();
});

describe('log', () => {
  it('writes entries with date, time and offset, in time order', () => {
    expect(run('log', 'Uptime alarm: blog unreachable', '--at', '2026-03-12 07:55').status).toBe(0);
    expect(run('log', 'First failed check, found later', '--at', '2026-03-11T22:45:00+01:00').status).toBe(0);
    const r = run('log', 'top, free and df look healthy', '--at', '20 minutes ago', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Math.abs(Date.parse(out.at) - (Date.now() - 20 * 60000))).toBeLessThan(2 * 60000);
    const text = doc();
    const order = ['Incident opened', 'First failed check', 'Uptime alarm', 'top, free and df'].map((s) => text.indexOf(s));
    expect(order.every((p, i) => p > 0 && (i === 0 || p > order[i - 1]!))).toBe(true);
    expect(text).toContain('- **2026-03-12 07:55 +01:00** — Uptime alarm: blog unreachable');
    expect(text.split('\n')[out.line - 1]).toContain('top, free and df look healthy');
  });

  it('accepts the global options after the command and refuses nonsense times', () => {
    expect(pm(['log', 'global option after the command', '--dir', dir]).status).toBe(0);
    const bad = run('log', 'x', '--at', 'when pigs fly');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--at: cannot read "when pigs fly"/);
  });

  it('says so when there is no incident', () => {
    const r = pm(['--dir', path.join(tempDir(), 'none'), 'log', 'hello']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^postmortem: no incidents yet: .*none does not exist; start one with "postmortem new <title>" or pass --dir\n$/);
  });
});

describe('hypothesis: the seed story', () => {
  it('adds three, rejects two with reasons, confirms one; each change is in the timeline', () => {
    const before = (doc().match(/^- \*\*\d{4}-/gm) ?? []).length;
    for (const h of ["The hoster's announced maintenance broke something", 'The MTA is choking on spam and uses up sockets', 'A container resource limit is exhausted'])
      expect(run('hypothesis', 'add', h).status).toBe(0);
    expect(run('hypothesis', 'reject', '1', '--because', 'maintenance ends within hours; this went on for days').status).toBe(0);
    expect(run('hypothesis', 'reject', 'H2', '--because', 'the failures went on with postfix stopped', '--at', '2026-03-14 11:40').status).toBe(0);
    const c = run('hypothesis', 'confirm', '3', '--because', 'the Power Panel shows 3,000,001 of 3,000,000 inodes', '--json');
    expect(JSON.parse(c.stdout).hypothesis).toMatchObject({ n: 3, status: 'confirmed' });

    const list = JSON.parse(run('hypothesis', 'list', '--json').stdout).hypotheses;
    expect(list.map((h: { n: number; status: string }) => [h.n, h.status])).toEqual([[1, 'rejected'], [2, 'rejected'], [3, 'confirmed']]);
    expect(list[1]).toMatchObject({ reason: 'the failures went on with postfix stopped', at: '2026-03-14 11:40 +01:00' });
    const text = doc();
    expect(text).toContain('- **H2** rejected — The MTA is choking on spam and uses up sockets\n  Rejected 2026-03-14 11:40 +01:00: the failures went on with postfix stopped\n');
    expect(text).toContain('— H2 rejected: the failures went on with postfix stopped (The MTA is choking on spam and uses up sockets)');
    expect((text.match(/^- \*\*\d{4}-/gm) ?? []).length).toBe(before + 6);
    expect(run('hypothesis', 'list').stdout).toMatch(/H3\s+confirmed\s+A container resource limit/);
  });

  it('reject needs a reason; unknown numbers are named', () => {
    const before = doc();
    expect(run('hypothesis', 'reject', '1').status).toBe(2);
    const r = run('hypothesis', 'confirm', 'H9');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no hypothesis H9/);
    expect(doc()).toBe(before);
  });
});

describe('run', () => {
  it('streams output, saves it redacted with exit code and duration, links it, and exits like the command', () => {
    const r = run('run', '--', 'sh', '-c', 'echo visible-output; echo "mysql -u root -pS3cretPw" >&2; echo DB_PASSWORD=hunter2; exit 3');
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('visible-output');
    expect(r.stderr).toMatch(/exit 3, .* saved .*evidence\/.*\.txt/);
    const evDir = path.join(path.dirname(file), 'evidence');
    const ev = readdirSync(evDir);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-sh-c-echo-visible-output.*\.txt$/);
    const saved = readFileSync(path.join(evDir, ev[0]!), 'utf8');
    expect(saved).toMatch(/^command: {2}sh -c /);
    expect(saved).toMatch(/\nexit: {5}3\n/);
    expect(saved).toMatch(/\nduration: \d+\.\d{3} s\n/);
    expect(saved).toContain('visible-output');
    expect(saved).not.toContain('S3cretPw');
    expect(saved).not.toContain('hunter2');
    expect(doc()).toContain(`(exit 3, `);
    expect(doc()).toContain(`](evidence/${ev[0]})`);
  });

  it("passes the command's own flags through without --, and --json keeps stdout for JSON", () => {
    const r = run('run', '--json', 'ls', '-la', '--color=never', path.dirname(file));
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.command).toBe(`ls -la --color=never ${path.dirname(file)}`);
    expect(r.stderr).toContain('postmortem.md'); // the listing went to stderr
    expect(existsSync(path.join(path.dirname(file), out.evidence))).toBe(true);
  });

  it('a missing command exits 127 and is still recorded', () => {
    const r = run('run', '--', 'no-such-command-pm-test');
    expect(r.status).toBe(127);
    expect(r.stderr).toContain('no-such-command-pm-test: command not found');
    expect(doc()).toContain('`no-such-command-pm-test` (exit 127');
  });
});

describe('action', () => {
  it('adds, lists, ticks off; --all puts overdue items of every incident first', () => {
    expect(run('action', 'add', 'Alert when inode use passes 80 %', '--owner', '@ops', '--due', '2026-04-01', '--type', 'detect').status).toBe(0);
    expect(run('action', 'add', 'Keep the object cache in memory', '--owner', '@dev', '--due', '2000-01-01', '--type', 'prevent').status).toBe(0);
    expect(run('action', 'add', 'Document the beancounters', '--type', 'process').status).toBe(0);
    expect(run('action', 'add', 'x', '--type', 'nonsense').status).toBe(2);
    expect(doc()).toContain('- [ ] Alert when inode use passes 80 % — owner: @ops, due: 2026-04-01, type: detect\n');
    expect(run('action', 'done', '3').status).toBe(0);
    expect(doc()).toContain('- [x] Document the beancounters — type: process');
    const open = JSON.parse(run('action', 'list', '--open', '--json').stdout).actions;
    expect(open.map((a: { text: string }) => a.text)).toEqual(['Alert when inode use passes 80 %', 'Keep the object cache in memory']);

    // A second, older incident with an action long overdue.
    const other = pm(['--dir', dir, 'new', 'Older outage', '--started', '2025-01-01 10:00']).stdout.trim();
    expect(pm(['--dir', dir, '--incident', path.basename(path.dirname(other)), 'action', 'add', 'Old follow-up', '--due', '1999-12-31']).status).toBe(0);
    const all = JSON.parse(run('action', 'list', '--all', '--open', '--json').stdout).actions;
    expect(all.map((a: { text: string; overdue: boolean }) => [a.text, a.overdue])).toEqual([
      ['Old follow-up', true],
      ['Keep the object cache in memory', true],
      ['Alert when inode use passes 80 %', Date.now() > Date.parse('2026-04-02')],
    ]);
    expect(run('action', 'list', '--all').stdout).toMatch(/Old follow-up.*1999-12-31 overdue/);
  });
});

describe('set and close', () => {
  it('validates fields and values and leaves the document alone on bad input', () => {
    const before = doc();
    expect(run('set', 'status', 'kaputt').status).toBe(2);
    expect(run('set', 'nonsense', 'x').status).toBe(2);
    expect(run('set', 'severity', 'SEV9').status).toBe(2);
    expect(doc()).toBe(before);
  });

  it('edits one key as text', () => {
    const before = doc();
    expect(run('set', 'severity', 'sev2').status).toBe(0);
    expect(run('set', 'tags', 'inodes, container, virtuozzo').status).toBe(0);
    expect(run('set', 'mitigated', '2026-03-15 11:05').status).toBe(0);
    const after = doc();
    expect(after).toContain('severity: SEV2\n');
    expect(after).toContain('tags: [inodes, container, virtuozzo]\n');
    expect(after).toContain('mitigated: 2026-03-15T11:05:00+01:00\n---');
    const body = (s: string) => s.slice(s.indexOf('\n---\n') + 5);
    expect(body(after)).toBe(body(before));
  });

  it('close resolves the incident, logs it and shows what is missing', () => {
    const r = run('close', '--at', '2026-03-15 14:30', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ resolved: '2026-03-15T14:30:00+01:00', changed: true });
    expect(out.diagnostics.map((d: { rule: string }) => d.rule)).toContain('no-placeholder');
    expect(doc()).toMatch(/^status: resolved$/m);
    expect(doc()).toMatch(/^resolved: 2026-03-15T14:30:00\+01:00$/m);
    expect(doc()).toContain('- **2026-03-15 14:30 +01:00** — Incident closed: status resolved.');
    // No longer the active incident: the next log goes to --incident only.
    const human = pm(['--dir', dir, '--incident', out.id, 'close']);
    expect(human.stdout).toMatch(/was already resolved/);
    expect(human.stdout).toMatch(/Still missing or wrong/);
  });
});
