// The seed's story in logs: an inode quota exhausted intermittently over four days, seen by
// MariaDB, Apache, sudo and postfix. Every format the command reads, written from its real format
// string, with rotation, gzip, a new-year rollover, CRLF, invalid UTF-8 and a 10 MB line; then
// `logs` end to end through the built CLI, and `--save` twice into an incident.
import { cpSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { pm, tempDir } from '../helpers.js';

const TZ = 'Europe/Berlin'; // pm() runs the CLI with TZ=Europe/Berlin: local-time formats are read in it
const SECRET = 'Hunter2Secret99';
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const two = (n: number) => String(n).padStart(2, '0');

/** Wall-clock fields of an instant in Berlin (March 2026: +01:00, before the DST switch on the 29th). */
const local = (ms: number) => {
  const d = new Date(ms + 3_600_000);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth(), d: d.getUTCDate(), h: two(d.getUTCHours()), mi: two(d.getUTCMinutes()), s: two(d.getUTCSeconds()), dow: d.getUTCDay() };
};
// rsyslog RSYSLOG_TraditionalFileFormat: "%TIMESTAMP% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%\n"
const syslog = (ms: number, msg: string) => {
  const t = local(ms);
  return `${MON[t.mo]} ${String(t.d).padStart(2, ' ')} ${t.h}:${t.mi}:${t.s} blog ${msg}`;
};
// Apache 2.4 ErrorLogFormat default: "[%{u}t] [%-m:%l] [pid %P:tid %T] %7F: %E: [client\ %a] %M% ,\ referer\ %{Referer}i"
const apache = (ms: number, msg: string) => {
  const t = local(ms);
  return `[${DAY[t.dow]} ${MON[t.mo]} ${two(t.d)} ${t.h}:${t.mi}:${t.s}.${String(ms % 1000).padStart(3, '0')}123 ${t.y}] ${msg}`;
};
// MariaDB 10.x log_error (sql/log.cc print_buffer_to_file): "%04d-%02d-%02d %2d:%02d:%02d %lu [%s] %s"
const mariadb = (ms: number, msg: string) => {
  const t = local(ms);
  return `${t.y}-${two(t.mo + 1)}-${two(t.d)} ${t.h}:${t.mi}:${t.s} 0 [ERROR] ${msg}`;
};
// nginx ngx_log_error_core: "%4d/%02d/%02d %02d:%02d:%02d [%V] %P#%TID: *%uA "
const nginx = (ms: number, msg: string) => {
  const t = local(ms);
  return `${t.y}/${two(t.mo + 1)}/${two(t.d)} ${t.h}:${t.mi}:${t.s} [crit] 812#812: *${ms % 977} ${msg}`;
};
// PHP error_log (main.c php_log_err_with_severity): "[%d-%b-%Y %H:%M:%S %e] " with date.timezone's name
const php = (ms: number, msg: string) => {
  const d = new Date(ms);
  return `[${two(d.getUTCDate())}-${MON[d.getUTCMonth()]}-${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC] ${msg}`;
};
// MySQL 8 log_error with log_timestamps=UTC: "2026-03-11T22:40:03.123456Z 0 [ERROR] [MY-012592] [InnoDB] ..."
const mysql8 = (ms: number, msg: string) => `${new Date(ms).toISOString().replace('Z', '123Z')} 0 [ERROR] [MY-012592] [InnoDB] ${msg}`;

const FIRST = Date.parse('2026-03-11T22:17:42Z'); // 23:17:42 in Berlin: the first inode error
const H = 3_600_000;
/** Episodes: 20 minutes of failures every 7 hours for four days; quiet between. */
const EPISODES = Array.from({ length: 14 }, (_, k) => FIRST + k * 7 * H);
const each = (f: (ms: number, k: number) => string) => EPISODES.flatMap((e, k) => Array.from({ length: 20 }, (_, m) => f(e + m * 60_000 + 5_000, k)));

let dir: string, logs: string, incidents: string, file: string;
const run = (...args: string[]) => pm(['--dir', incidents, 'logs', ...args]);

beforeAll(() => {
  dir = tempDir();
  logs = path.join(dir, 'log');
  mkdirSync(path.join(logs, 'apache2'), { recursive: true });
  mkdirSync(path.join(logs, 'mysql'), { recursive: true });
  const quiet = (ms: number) => syslog(ms, `CRON[${ms % 9999}]: (root) CMD (run-parts /etc/cron.hourly)`);
  // syslog: sudo and postfix during each episode, rotated: .2.gz (oldest), .1, live (CRLF)
  const sys = each((ms, k) => (k % 2 ? syslog(ms, `sudo: unable to create sockets: No space left on device`) : syslog(ms, `postfix/smtpd[${1000 + k}]: fatal: socket: No space left on device`)));
  const third = Math.ceil(sys.length / 3);
  const parts = [sys.slice(0, third), sys.slice(third, 2 * third), sys.slice(2 * third)].map((p) => [quiet(FIRST - H), ...p].join('\n') + '\n');
  writeFileSync(path.join(logs, 'syslog.2.gz'), gzipSync(parts[0]!));
  writeFileSync(path.join(logs, 'syslog.1'), parts[1]!);
  writeFileSync(path.join(logs, 'syslog'), parts[2]!.replaceAll('\n', '\r\n'));
  // MariaDB: the first inode error, one per episode
  writeFileSync(path.join(logs, 'mysql', 'error.log'), EPISODES.map((e) => mariadb(e, `mysqld: Can't create/write to file '/tmp/ib${e.toString(16)}' (Errcode: 28 "No space left on device")`)).join('\n') + '\n');
  // Apache: fork failures, a secret in a line, invalid UTF-8, a 10 MB line, a line without a time
  const ap = each((ms) => apache(ms, `[mpm_prefork:error] [pid ${ms % 30000}] (12)Cannot allocate memory: AH00159: fork: Unable to fork new process`));
  ap.push(apache(FIRST + 2 * H, `[php7:error] [pid 9] [client 203.0.113.9:1234] PHP Fatal error: cannot connect, DB_PASSWORD=${SECRET} in /var/www/blog/wp-config.php`));
  const bad = Buffer.concat([Buffer.from(apache(FIRST + 3 * H, 'broken \xff\xfe bytes: failed').replace(/\r?\n$/, '') + '\n', 'latin1')]);
  const huge = apache(FIRST + 4 * H, 'error ' + 'x'.repeat(10 << 20));
  writeFileSync(path.join(logs, 'apache2', 'error.log'), Buffer.concat([Buffer.from(ap.join('\n') + '\n'), bad, Buffer.from(huge + '\nPHP Stack trace: failed somewhere\n')]));
  // one line each of the other formats
  writeFileSync(path.join(logs, 'nginx-error.log'), nginx(FIRST + 5 * H, 'open() "/var/www/x.html" failed (28: No space left on device)') + '\n');
  writeFileSync(path.join(logs, 'php-error.log'), php(FIRST + 6 * H, 'PHP Warning:  session_start(): open(/var/lib/php/sessions/sess_x, O_RDWR) failed: No space left on device (28)') + '\n');
  writeFileSync(path.join(logs, 'mysql8.err'), mysql8(FIRST + 7 * H, 'Error writing file (errno 28)') + '\n');
  // a syslog file rotated on Jan 2: its December lines belong to the year before
  writeFileSync(path.join(logs, 'newyear.log'), ['Dec 31 23:59:30 blog kernel: EXT4-fs error: no space', 'Jan  1 00:00:30 blog kernel: EXT4-fs error: no space'].join('\n') + '\n');
  utimesSync(path.join(logs, 'newyear.log'), new Date('2026-01-02T00:00:00Z'), new Date('2026-01-02T00:00:00Z'));
  const mtime = new Date(EPISODES.at(-1)! + H);
  for (const f of ['syslog.2.gz', 'syslog.1', 'syslog']) utimesSync(path.join(logs, f), mtime, mtime);

  // PM_KEEP_STORY=<dir> keeps a copy of the logs (the README's example output is made from them)
  if (process.env.PM_KEEP_STORY) cpSync(logs, process.env.PM_KEEP_STORY, { recursive: true, preserveTimestamps: true });
  incidents = path.join(dir, 'incidents');
  const r = pm(['--dir', incidents, 'new', 'Blog flaky for days', '--started', '2026-03-12 00:10']);
  expect(r.status, r.stderr).toBe(0);
  file = r.stdout.trim();
});

const files = () => [...['syslog.2.gz', 'syslog.1', 'syslog', 'mysql/error.log', 'apache2/error.log', 'nginx-error.log', 'php-error.log', 'mysql8.err'].map((f) => path.join(logs, f)), path.join(logs, 'missing.log')];

describe('logs on the story', () => {
  it('puts the first inode error at its minute, explained, with the intermittent pattern', () => {
    const r = run(...files(), '--json', '--no-journal');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.window.from).toBe('incident'); // 1 h before 00:10: the 23:17 error is in it
    const firsts = out.clusters.map((c: any) => c.first).sort();
    expect(firsts[0]).toBe(new Date(FIRST).toISOString());
    const first = out.clusters.find((c: any) => c.first === new Date(FIRST).toISOString());
    expect(first.resource).toBe('inodes');
    expect(first.exampleSource).toContain('mysql/error.log');
    const sudo = out.clusters.find((c: any) => c.shape.startsWith('sudo: unable to create sockets'));
    expect(sudo.count).toBe(7 * 20);
    expect(sudo.sources.length).toBeGreaterThan(1); // spread over rotated files
    // the pattern: seven separate episodes, quiet hours between
    const hours = Object.keys(sudo.hours).map(Date.parse);
    expect(hours.length).toBeGreaterThanOrEqual(7);
    expect(sudo.sparkline).toMatch(/\S +\S/);
    // resource clusters first
    const kinds = out.clusters.map((c: any) => c.resource !== null);
    expect(kinds.indexOf(false)).toBeGreaterThan(kinds.lastIndexOf(true));
    // every format was read: nothing went untimed but the stack trace line
    const byName = Object.fromEntries(out.sources.map((s: any) => [path.basename(s.name), s]));
    for (const f of ['nginx-error.log', 'php-error.log', 'mysql8.err', 'syslog.2.gz', 'syslog']) expect(byName[f].matched, f).toBeGreaterThan(0);
    expect(byName['error.log'] && out.untimed).toBe(1);
    expect(out.sources.find((s: any) => s.name.endsWith('apache2/error.log')).long).toBe(1);
    expect(out.warnings.join('\n')).toMatch(/missing\.log: no such file/);
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stdout).toContain('\uFFFD');
  });

  it('finds the same without grep on the PATH (the JS prefilter)', () => {
    const strip = (o: any) => o.clusters.map((c: any) => [c.shape, c.count, c.first, c.last]);
    const a = run(...files(), '--json', '--no-journal');
    const b = pm(['--dir', incidents, 'logs', ...files(), '--json', '--no-journal'], { env: { PATH: '/nonexistent' } });
    expect(b.status, b.stderr).toBe(0);
    expect(strip(JSON.parse(b.stdout))).toEqual(strip(JSON.parse(a.stdout)));
    expect(JSON.parse(b.stdout).untimed).toBe(1);
  });

  it('prints a table with sparklines, the explained shapes first', () => {
    const r = run(...files(), '--no-journal', '--top', '5');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Explained by an exhausted resource/);
    expect(r.stdout).toMatch(/\|[ ▁▂▃▄▅▆▇█]+\|/);
    expect(r.stdout).toMatch(/more shapes? \(--top\)/);
    expect(r.stdout).not.toContain(SECRET);
  });

  it('reads the year of a rotated January file back into December', () => {
    const r = run(path.join(logs, 'newyear.log'), '--since', '2025-12-31 00:00', '--until', '2026-01-02 00:00', '--json', '--no-journal');
    expect(r.status, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout).clusters[0];
    expect([c.first, c.last]).toEqual(['2025-12-31T22:59:30.000Z', '2025-12-31T23:00:30.000Z']);
  });

  it('saves one entry per explained shape, once, and no secret', () => {
    const a = run(...files(), '--no-journal', '--save', '--json');
    expect(a.status, a.stderr).toBe(0);
    const saved = JSON.parse(a.stdout).saved;
    expect(saved.added).toBeGreaterThan(2);
    const doc1 = readFileSync(file, 'utf8');
    expect(doc1).toMatch(/- \*\*2026-03-11 23:17 \+01:00\*\* — first seen in .*mysql\/error\.log: `0 \[ERROR\] mysqld: Can't create\/write to file '\/tmp\/ib[0-9a-f]+' \(Errcode: 28 "No space left on device"\)` \(14 times until 03-15 /);
    const b = run(...files(), '--no-journal', '--save', '--json');
    expect(b.status).toBe(0);
    expect(JSON.parse(b.stdout).saved).toMatchObject({ added: 0, present: saved.added });
    expect(readFileSync(file, 'utf8')).toBe(doc1);
    const evidence = path.join(path.dirname(file), 'evidence');
    expect(readdirSync(evidence)).toEqual(['logs.md']);
    const ev = readFileSync(path.join(evidence, 'logs.md'), 'utf8');
    expect(ev).toMatch(/^\| count \| first/m);
    expect(ev).toContain('DB_PASSWORD=[redacted]');
    expect(ev + doc1).not.toContain(SECRET);
  });

  it('fails with exit 2 on a bad option', () => {
    const r = run('--since', 'next tuesday-ish', path.join(logs, 'syslog'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^postmortem: --since: /);
  });
});
export { TZ };
