// Times end to end through the built CLI: refused times change nothing, an incident's `timezone:`
// wins over the server's TZ, --future, German phrases, and `unset`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatDate, formatStamp } from '../../src/doc/dates.js';
import { pm, tempDir } from '../helpers.js';

let dir: string;
let file: string;
/** The server runs in UTC; the team is in Berlin. */
const run = (...args: string[]) => pm(['--dir', dir, ...args], { env: { TZ: 'UTC' } });
const doc = () => readFileSync(file, 'utf8');

beforeEach(() => {
  dir = path.join(tempDir(), 'incidents');
  const r = run('new', 'Blog flaky', '--started', '2026-03-11 22:40');
  expect(r.status).toBe(0);
  file = r.stdout.trim();
});

describe('refused times', () => {
  it('exit 2, one line saying what was understood, and the file byte-identical', () => {
    const before = readFileSync(file);
    const tries: [string[], RegExp][] = [
      [['log', 'x', '--at', '2026-03-14 25:00'], /^postmortem: --at: cannot read "2026-03-14 25:00" as a time: understood only "2026-03-14" \(2026-03-14\); expected e\.g\./],
      [['log', 'x', '--at', 'yesterday at 14:00 and some garbage'], /understood only "yesterday at 14:00" \(\d{4}-\d\d-\d\d 14:00 \+00:00\)/],
      [['hypothesis', 'add', 'x', '--at', 'next tuesday at 25:99'], /understood only "next tuesday"/],
      [['hypothesis', 'reject', '1', '--because', 'y', '--at', 'gestern 14:00 und Müll'], /understood only "gestern 14:00"/],
      [['close', '--at', 'when pigs fly'], /^postmortem: --at: cannot read "when pigs fly" as a time;/],
      [['set', 'mitigated', '2026-02-30 10:00'], /^postmortem: set mitigated: cannot read "2026-02-30 10:00"/],
      [['set', 'detected', ''], /^postmortem: set detected: expected a value; to remove the field: postmortem unset detected$/],
      [['action', 'add', 'x', '--due', 'next friday at 99:00'], /^postmortem: --due: cannot read .* understood only "next friday"/],
      [['log', 'x', '--at', 'tomorrow 10:00'], /^postmortem: --at: "tomorrow 10:00" is .*, in the future \(now .*\); pass --future if you mean it$/],
    ];
    for (const [args, message] of tries) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trimEnd(), args.join(' ')).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
      expect(readFileSync(file).equals(before), args.join(' ')).toBe(true);
    }
  });

  it('new --started in the future creates nothing', () => {
    const r = run('new', 'Later', '--started', 'in 3 days');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--started: "in 3 days" is .* in the future/);
    expect(existsSync(path.join(dir, `${formatDate(new Date(Date.now() + 3 * 86400000), 'UTC')}-later`))).toBe(false);
  });

  it('--future lets a planned time through; due dates never need it', () => {
    const r = run('log', 'Maintenance window starts', '--at', 'tomorrow 10:00', '--future', '--json');
    expect(r.status).toBe(0);
    const tomorrow = formatDate(new Date(Date.now() + 86400000), 'UTC');
    expect(JSON.parse(r.stdout).stamp).toBe(`${tomorrow} 10:00 +00:00`);
    expect(doc()).toContain(`- **${tomorrow} 10:00 +00:00** — Maintenance window starts`);
    const a = run('action', 'add', 'Move the cache', '--due', 'morgen', '--json');
    expect(a.status).toBe(0);
    expect(JSON.parse(a.stdout).item.due).toBe(tomorrow);
  });
});

describe('timezone: Europe/Berlin on a UTC server', () => {
  beforeEach(() => expect(run('set', 'timezone', 'europe/berlin').stdout).toMatch(/timezone: Europe\/Berlin\n$/));

  it('writes +01:00 in winter and +02:00 in summer, and reads local times in Berlin', () => {
    expect(run('log', 'Uptime alarm', '--at', '2026-03-14 09:12').status).toBe(0);
    expect(run('log', 'Summer alarm', '--at', '2026-07-01 09:12').status).toBe(0);
    expect(run('log', 'Winter ISO', '--at', '2026-01-10T08:00:00Z').status).toBe(0);
    expect(run('hypothesis', 'add', 'The MTA uses up sockets').status).toBe(0);
    expect(run('hypothesis', 'reject', '1', '--because', 'postfix stopped, still failing', '--at', '2026-03-29 02:30').status).toBe(0);
    expect(run('set', 'mitigated', '2026-03-15 11:05').stdout).toMatch(/mitigated: 2026-03-15T11:05:00\+01:00$/m);
    const text = doc();
    expect(text).toContain('- **2026-03-14 09:12 +01:00** — Uptime alarm\n');
    expect(text).toContain('- **2026-07-01 09:12 +02:00** — Summer alarm\n');
    expect(text).toContain('- **2026-01-10 09:00 +01:00** — Winter ISO\n');
    // 02:30 did not exist in Berlin on 2026-03-29 (clocks went 02:00 -> 03:00).
    expect(text).toContain('  Rejected 2026-03-29 03:30 +02:00: postfix stopped, still failing\n');
    expect(text).toContain('mitigated: 2026-03-15T11:05:00+01:00\n');
  });

  it('"now" and German phrases are Berlin time too', () => {
    const r = run('log', 'Restarted php-fpm', '--json');
    const shown = JSON.parse(r.stdout).stamp as string;
    expect(shown.slice(0, 16)).toBe(formatStamp(new Date(Date.parse(JSON.parse(r.stdout).at)), 'Europe/Berlin').slice(0, 16));
    expect(shown.slice(-6)).toBe(formatStamp(new Date(), 'Europe/Berlin').slice(-6));
    expect(doc()).toContain(`- **${shown}** — Restarted php-fpm\n`);

    const g = run('log', 'Alarm from yesterday', '--at', 'gestern 14:00', '--json');
    expect(g.status).toBe(0);
    const yesterday = formatDate(new Date(Date.now() - 86400000), 'Europe/Berlin');
    expect(JSON.parse(g.stdout).stamp).toMatch(new RegExp(`^${yesterday} 14:00 \\+0[12]:00$`));

    const v = JSON.parse(run('log', 'Disk at 100 %', '--at', 'vor 20 Minuten', '--json').stdout);
    expect(Math.abs(Date.parse(v.at) - (Date.now() - 20 * 60000))).toBeLessThan(2 * 60000);
  });

  it('close writes the resolved time in the zone', () => {
    const r = run('close', '--at', '2026-03-15 14:30');
    expect(r.stdout).toMatch(/resolved at 2026-03-15T14:30:00\+01:00/);
    expect(doc()).toContain('- **2026-03-15 14:30 +01:00** — Incident closed: status resolved.\n');
  });

  it('an unknown zone is a lint error and stops the commands that would write in it', () => {
    const rulesOf = () => JSON.parse(run('check', path.dirname(file), '--json').stdout).diagnostics.map((d: { rule: string }) => d.rule);
    expect(rulesOf()).not.toContain('front-matter');
    writeFileSync(file, doc().replace('timezone: Europe/Berlin', 'timezone: Europe/Berln'));
    const before = doc();
    const line = before.split('\n').findIndex((l) => l.startsWith('timezone:')) + 1;
    const c = run('check', path.dirname(file), '--json');
    expect(JSON.parse(c.stdout).diagnostics).toContainEqual(
      expect.objectContaining({ rule: 'front-matter', line, message: 'Unknown timezone "Europe/Berln", expected an IANA name such as Europe/Berlin or UTC' }),
    );
    const l = run('log', 'x');
    expect(l.status).toBe(1);
    expect(l.stderr).toMatch(new RegExp(`postmortem\\.md:${line}: unknown timezone "Europe/Berln"`));
    expect(doc()).toBe(before);
    expect(run('set', 'timezone', 'Europe/Berln').status).toBe(2);
    expect(run('set', 'timezone', 'Europe/Berlin').status).toBe(0);
  });
});

describe('unset', () => {
  it('removes one key with its list lines and keeps every other byte', () => {
    const original = doc()
      .replace('services: []\n', '# who is affected\nservices:\n  - blog   # the public one\n\n  - mail\n')
      .replace(/^detected: .*\n/m, 'detected: 2026-03-12T07:55:00+01:00  # from the uptime mail\n');
    expect(original).toContain('# from the uptime mail');
    writeFileSync(file, original);
    const r = run('unset', 'services');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/services removed$/m);
    expect(doc()).toBe(original.replace('services:\n  - blog   # the public one\n\n  - mail\n', ''));
    expect(run('unset', 'detected').status).toBe(0);
    expect(doc()).toBe(original.replace('services:\n  - blog   # the public one\n\n  - mail\n', '').replace('detected: 2026-03-12T07:55:00+01:00  # from the uptime mail\n', ''));
    expect(doc()).toContain('# who is affected\n');
    const again = run('unset', 'detected');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/detected was not set$/m);
  });

  it('refuses required fields, unknown ones, and a resolved time while resolved', () => {
    const before = doc();
    const title = run('unset', 'title');
    expect(title.status).toBe(2);
    expect(title.stderr).toBe('postmortem: unset: title is required in every postmortem; change it with: postmortem set title <value>\n');
    expect(run('unset', 'id').status).toBe(2);
    expect(run('unset', 'colour').stderr).toMatch(/unset: unknown field "colour"/);
    expect(doc()).toBe(before);
    expect(run('close', '--at', '2026-03-15 14:30').status).not.toBe(2);
    const closed = doc();
    const id = path.basename(path.dirname(file)); // resolved: no longer the active incident
    const r = run('--incident', id, 'unset', 'resolved');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/set the status first/);
    expect(doc()).toBe(closed);
    expect(run('--incident', id, 'set', 'status', 'mitigated').status).toBe(0);
    expect(run('unset', 'resolved').status).toBe(0);
    expect(doc()).not.toMatch(/^resolved:/m);
  });
});
