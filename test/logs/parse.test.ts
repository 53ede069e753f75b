// The pure parts on literal strings: timestamps of every format, the signature, the prefilter,
// sparklines, journal JSON, rotated-file order, the line splitter.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bins, Clusters, sparkline } from '../../src/logs/cluster.js';
import { JournalSeen, syslogSaid } from '../../src/logs/syslog.js';
import { readTime } from '../../src/logs/formats.js';
import { parseJournalLine } from '../../src/logs/journal.js';
import { MAX_LINE, scanLines } from '../../src/logs/lines.js';
import { ERRORISH, signature } from '../../src/logs/signature.js';
import { withRotated } from '../../src/logs/sources.js';

const ctx = { zone: 'Europe/Berlin', notAfter: Date.parse('2026-03-20T00:00:00Z') };
const at = (line: string, c = ctx) => {
  const t = readTime(line, c);
  return t && { iso: new Date(t.ms).toISOString(), msg: line.slice(t.rest), format: t.format };
};

describe('timestamps', () => {
  it('reads each format to the right instant and finds the message', () => {
    // rsyslog RSYSLOG_TraditionalFileFormat: "%TIMESTAMP% %HOSTNAME% %syslogtag%%msg%"
    expect(at('Mar 11 22:40:03 web1 sudo: unable to create sockets')).toEqual({ iso: '2026-03-11T21:40:03.000Z', msg: 'sudo: unable to create sockets', format: 'rfc3164' });
    expect(at('Mar  1 02:00:00 web1 x: y')?.iso).toBe('2026-03-01T01:00:00.000Z');
    // RFC 5424 / RSYSLOG_FileFormat, with an offset
    expect(at('<11>1 2026-03-11T22:40:03.5+02:00 web1 app - - - failed')).toMatchObject({ iso: '2026-03-11T20:40:03.500Z', msg: 'web1 app - - - failed' });
    // Apache 2.4 ErrorLogFormat default "[%{u}t] [%-m:%l] [pid %P:tid %T] ..."
    expect(at('[Wed Mar 11 22:40:03.123456 2026] [core:error] [pid 4711:tid 1] AH00023: x')).toEqual({ iso: '2026-03-11T21:40:03.123Z', msg: '[core:error] [pid 4711:tid 1] AH00023: x', format: 'apache' });
    // nginx ngx_log_error: "%Y/%m/%d %H:%M:%S [level] pid#tid: *cid message"
    expect(at('2026/03/11 22:40:03 [crit] 812#812: *1 open() failed')?.iso).toBe('2026-03-11T21:40:03.000Z');
    // MySQL 8 log_timestamps=UTC: "2026-03-11T22:40:03.123456Z 0 [ERROR] [MY-012592] [InnoDB] ..."
    expect(at('2026-03-11T22:40:03.123456Z 0 [ERROR] [MY-012592] [InnoDB] x')?.iso).toBe('2026-03-11T22:40:03.123Z');
    // MariaDB 10.x: "2026-03-11 22:40:03 0 [ERROR] ..." (local time)
    expect(at('2026-03-11 22:40:03 0 [ERROR] mysqld: Disk full (/tmp/#sql_1.MAI)')).toMatchObject({ iso: '2026-03-11T21:40:03.000Z', msg: '0 [ERROR] mysqld: Disk full (/tmp/#sql_1.MAI)' });
    // MySQL 5.x / old MariaDB: "260311 22:40:03 [ERROR] ...", hour space-padded
    expect(at('260311  2:40:03 [ERROR] Error writing file')?.iso).toBe('2026-03-11T01:40:03.000Z');
    // PHP error_log: "[11-Mar-2026 22:40:03 Europe/Berlin] PHP Warning: ..." (zone from the line)
    expect(at('[11-Mar-2026 22:40:03 UTC] PHP Warning: x', { ...ctx })?.iso).toBe('2026-03-11T22:40:03.000Z');
    expect(at('[11-Mar-2026 22:40:03 America/New_York] PHP Fatal error: x')?.iso).toBe('2026-03-12T02:40:03.000Z');
    // PHP-FPM's own log, no zone
    expect(at('[11-Mar-2026 22:40:03] WARNING: [pool www] seems busy')?.iso).toBe('2026-03-11T21:40:03.000Z');
  });

  it('puts RFC 3164 lines of a file written in January into the year before (new-year rollover)', () => {
    const jan = { zone: 'UTC', notAfter: Date.parse('2026-01-02T08:00:00Z') };
    expect(at('Dec 31 23:59:59 h k: failed', jan)?.iso).toBe('2025-12-31T23:59:59.000Z');
    expect(at('Jan  1 00:00:01 h k: failed', jan)?.iso).toBe('2026-01-01T00:00:01.000Z');
    // written at 00:30 on New Year's Day in Berlin, still December 31 in UTC: the line is the new year's
    const eve = { zone: 'Europe/Berlin', notAfter: Date.parse('2026-12-31T23:30:00Z') };
    expect(at('Jan  1 00:10:00 h k: failed', eve)?.iso).toBe('2026-12-31T23:10:00.000Z');
  });

  it('refuses times that do not exist and lines without a time', () => {
    expect(readTime('Feb 30 10:00:00 h x: error', ctx)).toBeNull();
    expect(readTime('2026/13/01 10:00:00 [error] x', ctx)).toBeNull();
    expect(readTime('#0 /var/www/index.php(12): failed()', ctx)).toBeNull();
  });
});

describe('signature', () => {
  it('masks what varies and keeps the words', () => {
    const a = signature('[pid 4711:tid 140] [client 203.0.113.9:51234] AH00023: cannot open /var/www/blog/wp-cron.php (0x7f3a) id 6f1c2d3e-aaaa-4bbb-8ccc-0123456789ab');
    expect(a).toBe('[pid <n>:tid <n>] [client <ip>] AH<n>: cannot open <file> (<hex>) id <uuid>');
    expect(signature('postfix/smtpd[123]: fatal: No space left on device')).toBe(signature('postfix/smtpd[98765]: fatal: No space left on device'));
    expect(signature("postfix/smtpd[12]: Can't create/write to file '/tmp/ib1f' at ./x")).toBe("postfix/smtpd[<n>]: Can't create/write to file '<file>' at <file>");
    expect(signature('sudo: unable to create sockets')).not.toBe(signature('sudo: unable to open audit system'));
  });

  it('prefilters error and warning lines, not the rest', () => {
    for (const l of ['No space left on device', 'Cannot allocate memory', 'unable to create sockets', 'Permission denied', 'Out of memory: Killed process 12', 'PHP Warning: x'])
      expect(ERRORISH.test(l), l).toBe(true);
    for (const l of ['Started session 4 of user root.', 'Accepted publickey for deploy']) expect(ERRORISH.test(l), l).toBe(false);
  });
});

describe('clusters and sparklines', () => {
  it('counts per hour and draws the busiest bin full', () => {
    const c = new Clusters();
    const h = 3_600_000;
    for (const t of [0, 10, 2 * h, 2 * h + 5, 2 * h + 6, 2 * h + 7]) c.add(t, 'a.log', 'x: error 1', `line ${t}`);
    const cl = [...c.by.values()][0]!;
    expect(cl.count).toBe(6);
    expect(cl.example).toBe('line 0');
    expect(sparkline(bins(cl.hours, 0, 4 * h, 4))).toBe('▄ █ ');
  });
});

describe('journal JSON', () => {
  it('reads realtime microseconds, priority, identifier and byte-array messages', () => {
    expect(parseJournalLine('{"__REALTIME_TIMESTAMP":"1773265203123456","PRIORITY":"3","SYSLOG_IDENTIFIER":"sudo","MESSAGE":"unable to create sockets"}')).toEqual({ ms: 1773265203123, priority: 3, ident: 'sudo', message: 'unable to create sockets' });
    expect(parseJournalLine('{"__REALTIME_TIMESTAMP":"1773265203000000","MESSAGE":[102,97,105,108,255]}')?.message).toBe('fail\uFFFD');
    expect(parseJournalLine('not json')).toBeNull();
  });
});

describe('rotated files', () => {
  it('orders the oldest first and leaves other logs out', () => {
    expect(withRotated('/l', ['syslog', 'syslog.1', 'syslog.2.gz', 'syslog.10.gz', 'syslog-bak', 'auth.log'], /^syslog$/)).toEqual(['/l/syslog.10.gz', '/l/syslog.2.gz', '/l/syslog.1', '/l/syslog']);
  });
});

describe('line splitter', () => {
  it('copes with CRLF, invalid UTF-8, lines across chunks and a 10 MB line', async () => {
    const big = Buffer.alloc(10 << 20, 'a');
    const chunks = [Buffer.from('one error\r\nok\ntwo err'), Buffer.from('or \xff\xfe\n', 'latin1'), Buffer.from('error at start '), big, Buffer.from('\nlast error')];
    const got: string[] = [];
    const st = await scanLines(Readable.from(chunks), /error/i, (l) => got.push(l));
    expect(got.slice(0, 2)).toEqual(['one error', 'two error \uFFFD\uFFFD']);
    expect(got[2]!.length).toBe(MAX_LINE);
    expect(got[3]).toBe('last error');
    expect(st.long).toBe(1);
  });
});

describe('syslog lines as the journal has them (rsyslog)', () => {
  it('reads the program and message of a syslog line, with or without host and pid', () => {
    expect(syslogSaid('web-1 sshd[812]: Failed password for root')).toEqual({ ident: 'sshd', message: 'Failed password for root' });
    expect(syslogSaid('sudo: unable to create sockets')).toEqual({ ident: 'sudo', message: 'unable to create sockets' });
    expect(syslogSaid('web-1 kernel: [ 1234.567890] Out of memory: Killed process 812')).toEqual({ ident: 'kernel', message: 'Out of memory: Killed process 812' });
    expect(syslogSaid('[Tue Mar 12 03:10:00 2026] [error] no colon here')).toBeNull();
  });
  it('strictly (an ISO 8601 line of any program), a first word is a host only before "program[pid]:" or "kernel:"', () => {
    expect(syslogSaid('web-1 sudo[7]: unable to create sockets', true)).toEqual({ ident: 'sudo', message: 'unable to create sockets' });
    expect(syslogSaid('web-1 kernel: Out of memory', true)).toEqual({ ident: 'kernel', message: 'Out of memory' });
    expect(syslogSaid('ERROR main: could not connect', true)).toBeNull(); // an application's level, not a host
    expect(syslogSaid('ERROR main: could not connect')).toEqual({ ident: 'main', message: 'could not connect' });
  });
  it('knows a file line as a journal entry within a second, and nothing else', () => {
    const seen = new JournalSeen();
    const t = Date.parse('2026-03-12T03:10:00.900Z');
    seen.add(t, 'sudo', 'unable to create sockets');
    seen.add(t, 'kernel', 'Out of memory: Killed process 812');
    const said = (rest: string) => syslogSaid(rest)!;
    expect(seen.has(t + 300, said('web-1 sudo[9]: unable to create sockets'))).toBe(true); // the next second
    expect(seen.has(t - 900, said('web-1 sudo: unable to create sockets'))).toBe(true);
    expect(seen.has(t, said('web-1 kernel: [  99.100000] Out of memory: Killed process 812'))).toBe(true);
    expect(seen.has(t + 5000, said('web-1 sudo[9]: unable to create sockets'))).toBe(false); // a later occurrence
    expect(seen.has(t, said('web-1 su[9]: unable to create sockets'))).toBe(false);
    expect(seen.has(t, said('web-1 sudo[9]: unable to create files'))).toBe(false);
  });
});
