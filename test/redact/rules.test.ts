import { describe, expect, it } from 'vitest';
import { isSecretName, redact, redactArgv, redactValue } from '../../src/redact/redact.js';
import { mightHoldSecret, RULES } from '../../src/redact/rules.js';
import { HARMLESS, SECRET_CASES } from './cases.js';

describe('the redaction rules', () => {
  it('cover at least 40 shapes', () => expect(SECRET_CASES.length).toBeGreaterThanOrEqual(40));

  it.each(SECRET_CASES)('%s', (_what, input, secret, kept) => {
    const out = redact(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(kept);
    expect(out).toContain('[redacted]');
  });

  it('end a value at a backtick, so a Markdown code span keeps its closing backtick', () => {
    expect(redact('Ran `sh -c true --password x1` (exit 0)')).toBe('Ran `sh -c true --password [redacted]` (exit 0)');
    expect(redact('Ran `DB_PASSWORD=x2` and `mysql -px3`')).toBe('Ran `DB_PASSWORD=[redacted]` and `mysql -p[redacted]`');
  });

  it('leave ordinary command lines, output and log lines alone', () => {
    for (const h of HARMLESS) expect(redact(h)).toBe(h);
  });

  it('are idempotent', () => {
    for (const [, input] of SECRET_CASES) expect(redact(redact(input))).toBe(redact(input));
  });

  it('skip a rule only where it could not have matched (the keyword prefilter changes nothing)', () => {
    const unfiltered = (text: string) => RULES.reduce((out, rule) => out.replace(rule.re, rule.by as never), text);
    for (const [, input] of SECRET_CASES) {
      expect(mightHoldSecret(input)).toBe(true);
      expect(redact(input)).toBe(unfiltered(input));
    }
    for (const h of HARMLESS) expect(unfiltered(h)).toBe(h);
  });

  it('tell secret names from harmless ones', () => {
    for (const n of ['DB_PASSWORD', 'apiKey', 'x-auth-token', 'client.secret', 'MYSQL_ROOT_PASSWORD', 'KEY', 'passwd', 'PGPASSWORD', 'MYSQL_PWD', 'SECRET_KEY_BASE', 'client_secret'])
      expect(isSecretName(n), n).toBe(true);
    for (const n of ['PWD', 'MONKEY', 'keyboard', 'password_file', 'KEY_ID', 'HOSTNAME', 'PATH', 'token_type']) expect(isSecretName(n), n).toBe(false);
  });

  it('quote and redact argv', () => {
    expect(redactArgv(['mysql', '-pS3cr3t', '-e', 'SHOW PROCESSLIST'])).toBe("mysql -p[redacted] -e 'SHOW PROCESSLIST'");
    expect(redactArgv(['df', '-i'])).toBe('df -i');
  });

  it('redact every string of a JSON value, and any value under a secret-named key', () => {
    const v = { procs: [{ cmd: 'mysql -pS3cr3t db', rss: 5 }], env: { DB_PASSWORD: 'x1', port: 3306 }, token: 12345, path: '/srv/www' };
    const out = redactValue(v);
    expect(JSON.stringify(out)).not.toMatch(/S3cr3t|x1|12345/);
    expect(out).toMatchObject({ procs: [{ rss: 5 }], env: { port: 3306 }, path: '/srv/www' });
    expect(v.procs[0]!.cmd).toBe('mysql -pS3cr3t db'); // the input is not changed
  });
});
