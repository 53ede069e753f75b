// A real journal file, made from journal export format (systemd.io/JOURNAL_EXPORT_FORMATS) by
// systemd-journal-remote, read through `logs --journal-file` (journalctl --file -o json).
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pm, tempDir } from '../helpers.js';

const REMOTE = ['/usr/lib/systemd/systemd-journal-remote', '/lib/systemd/systemd-journal-remote'].find(existsSync);
const hasJournalctl = (() => {
  try {
    execFileSync('journalctl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const skip = !REMOTE ? 'systemd-journal-remote is not installed (Debian package systemd-journal-remote)' : !hasJournalctl ? 'journalctl is not installed' : '';
if (skip) console.log(`skipping the journal test: ${skip}`);

const BOOT = '0123456789abcdef0123456789abcdef';
let mono = 0;
/** One entry in export format: text fields as KEY=value, a binary one as KEY\n<le64 length><bytes>\n. */
function entry(ms: number, fields: Record<string, string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from(`__REALTIME_TIMESTAMP=${ms * 1000}\n__MONOTONIC_TIMESTAMP=${(mono += 1000)}\n_BOOT_ID=${BOOT}\n`)];
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') parts.push(Buffer.from(`${k}=${v}\n`));
    else {
      const len = Buffer.alloc(8);
      len.writeBigUInt64LE(BigInt(v.length));
      parts.push(Buffer.from(`${k}\n`), len, v, Buffer.from('\n'));
    }
  }
  parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}

describe.skipIf(Boolean(skip))('logs --journal-file', () => {
  it('reads a real journal: priority and words decide, the window is kept, bytes and secrets handled', () => {
    const dir = tempDir();
    const t = Date.parse('2026-03-12T03:10:00Z');
    const input = Buffer.concat([
      entry(t - 3 * 86_400_000, { PRIORITY: '3', SYSLOG_IDENTIFIER: 'sudo', MESSAGE: 'unable to create sockets: No space left on device' }), // before the window
      ...[0, 60_000, 120_000].map((d) => entry(t + d, { PRIORITY: '3', SYSLOG_IDENTIFIER: 'sudo', _PID: String(100 + d), MESSAGE: 'unable to create sockets: No space left on device' })),
      entry(t + 5_000, { PRIORITY: '4', SYSLOG_IDENTIFIER: 'php-fpm', MESSAGE: '[pool www] server reached pm.max_children setting (5), consider raising it' }),
      entry(t + 6_000, { PRIORITY: '6', SYSLOG_IDENTIFIER: 'CRON', MESSAGE: 'pam_unix(cron:session): session opened for user root' }),
      entry(t + 7_000, { PRIORITY: '3', SYSLOG_IDENTIFIER: 'app', MESSAGE: Buffer.concat([Buffer.from('login failed, password=Sup3rSecretX '), Buffer.from([0xff, 0xfe])]) }),
    ]);
    const journal = path.join(dir, 'copied.journal');
    execFileSync(REMOTE!, ['-o', journal, '-'], { input, stdio: ['pipe', 'ignore', 'ignore'] });
    const r = pm(['logs', '--journal-file', journal, '--since', '2026-03-11T00:00:00Z', '--until', '2026-03-13T00:00:00Z', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const sudo = out.clusters.find((c: any) => c.shape.startsWith('sudo: unable'));
    expect(sudo).toMatchObject({ count: 3, first: '2026-03-12T03:10:00.000Z', last: '2026-03-12T03:12:00.000Z', sources: ['journal:sudo'] });
    expect(sudo.resource).not.toBeNull();
    expect(out.clusters.some((c: any) => c.shape.startsWith('php-fpm:'))).toBe(true); // priority 4, no error word
    expect(out.clusters.some((c: any) => c.shape.startsWith('CRON'))).toBe(false);
    const app = out.clusters.find((c: any) => c.shape.startsWith('app:'));
    expect(app.example).toContain('password=[redacted]');
    expect(app.example).toContain('\uFFFD');
    expect(r.stdout).not.toContain('Sup3rSecretX');
  });

  it('a line in the journal and in rsyslog\'s file counts once; what only the file has still counts', () => {
    const dir = tempDir();
    const t = Date.parse('2026-03-12T03:10:00.400Z');
    const journal = path.join(dir, 'j.journal');
    execFileSync(REMOTE!, ['-o', journal, '-'], {
      input: Buffer.concat([0, 60_000].map((d) => entry(t + d, { PRIORITY: '3', SYSLOG_IDENTIFIER: 'sudo', _PID: '7', MESSAGE: 'unable to create sockets: No space left on device' }))),
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    // rsyslog's copy, in its RFC 3339 format, one second later for the first (the clocks read apart), plus one line of its own
    const syslog = path.join(dir, 'syslog');
    writeFileSync(syslog, [
      '2026-03-12T03:10:01.000000+00:00 web-1 sudo[7]: unable to create sockets: No space left on device',
      '2026-03-12T03:11:00.000000+00:00 web-1 sudo[7]: unable to create sockets: No space left on device',
      '2026-03-12T03:15:00.000000+00:00 web-1 sudo[8]: unable to create sockets: No space left on device',
    ].join('\n') + '\n');
    const r = pm(['logs', '--journal-file', journal, syslog, '--since', '2026-03-12T00:00:00Z', '--until', '2026-03-13T00:00:00Z', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // one shape for the journal's lines and the file's: "sudo: ...", no host, no pid
    const sudo = out.clusters.find((c: any) => c.shape === 'sudo: unable to create sockets: No space left on device');
    expect(sudo).toMatchObject({ count: 3, sources: [expect.stringMatching(/syslog$/), 'journal:sudo'] }); // two from the journal, the 03:15 one only the file has
    expect(out.clusters).toHaveLength(1);
    expect(out.sources.find((s: any) => s.name.endsWith('syslog'))).toMatchObject({ matched: 1, duplicates: 2 });
    const human = pm(['logs', '--journal-file', journal, syslog, '--since', '2026-03-12T00:00:00Z', '--until', '2026-03-13T00:00:00Z']);
    expect(human.stdout).toContain("2 lines in files also in the journal (rsyslog's copies), counted once");
  });
});
