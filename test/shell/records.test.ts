// The pipe's records and the entries made of them, on literal bytes.
import { describe, expect, it } from 'vitest';
import { entryText, isQuietOk } from '../../src/shell/entry.js';
import { parseRecord, recordReader, type ShellRecord } from '../../src/shell/records.js';

describe('records', () => {
  it('are cut at NUL even when a chunk ends mid-record; tabs and line breaks stay in the text', () => {
    const got: ShellRecord[] = [];
    const feed = recordReader((r) => got.push(r));
    const bytes = Buffer.from('1773479520123456\t20000\t0\t0\tdf -i\x001773479521000000\t1500000\t1\t2 1\tfor f in *; do\n\tls "$f"\ndone\x00');
    feed(bytes.subarray(0, 30));
    expect(got).toHaveLength(0);
    feed(bytes.subarray(30));
    expect(got.map((r) => [r.start.toISOString(), r.durationMs, r.exitCode, r.pipeline, r.command])).toEqual([
      ['2026-03-14T09:12:00.123Z', 20, 0, [0], 'df -i'],
      ['2026-03-14T09:12:01.000Z', 1500, 1, [2, 1], 'for f in *; do\n\tls "$f"\ndone'],
    ]);
  });

  it('drop what is not a record', () => {
    expect(parseRecord('garbage')).toBeNull();
    expect(parseRecord('1\t2\t0\t0\t   ')).toBeNull();
    expect(parseRecord('1\t2\t0\tdf -i')).toBeNull();
  });
});

describe('entries', () => {
  const rec = (command: string, exitCode = 0, durationMs = 20): ShellRecord => ({ start: new Date(0), durationMs, exitCode, pipeline: [exitCode], command });

  it('are Markdown that keeps the command as text, redacted, on one line', () => {
    expect(entryText(rec('df -i /'))).toBe('`$ df -i /` → exit 0, 0.02 s');
    expect(entryText(rec('echo `date` *x* [a](b)', 1))).toBe('``$ echo `date` *x* [a](b)`` → exit 1, 0.02 s');
    expect(entryText(rec('for f in *; do\n  ls "$f"\ndone', 0, 12_345))).toBe('`$ for f in *; do ls "$f" done` → exit 0, 12 s');
    expect(entryText(rec("mysql -pHunter2x -e 'select 1'", 127))).toBe("`$ mysql -p[redacted] -e 'select 1'` → exit 127, 0.02 s");
    // a secret at the end must not take the closing backtick with it
    expect(entryText(rec('export DB_PASSWORD=hunter2x'))).toBe('`$ export DB_PASSWORD=[redacted]` → exit 0, 0.02 s');
    expect(entryText(rec(`echo ${'x'.repeat(300)}`)).length).toBeLessThan(200);
  });

  it('name a failure a pipeline hid behind its last command', () => {
    expect(entryText({ ...rec('ls /nope | wc -l'), pipeline: [2, 0] })).toBe('`$ ls /nope | wc -l` → exit 0 (pipeline: 2, 0), 0.02 s');
    expect(entryText({ ...rec('ls | wc -l'), pipeline: [0, 0] })).toBe('`$ ls | wc -l` → exit 0, 0.02 s');
  });

  it('--quiet-ok leaves out only quick successes', () => {
    expect([isQuietOk(rec('a', 0, 999)), isQuietOk(rec('a', 0, 1000)), isQuietOk(rec('a', 1, 10))]).toEqual([true, false, false]);
    expect(isQuietOk({ ...rec('ls /nope | wc -l'), pipeline: [2, 0] })).toBe(false);
  });
});

describe('the summary', () => {
  it('lists the failures (at most 20) and every entry that could not be written', async () => {
    const { format } = await import('../../src/commands/shell.js');
    const failed = Array.from({ length: 25 }, (_, i) => ({ command: `false ${i}`, at: '', exitCode: 1, durationMs: 5, line: 30 + i }));
    const text = format({ id: 'x', file: '/nowhere/x/postmortem.md', shell: 'bash', shellExit: 0, recorded: [{ command: 'true', at: '', exitCode: 0, durationMs: 5, line: 29 }, ...failed] as never, skipped: 2, unsaved: ['- **2026-03-14 09:12 +01:00** — `$ df -i` → exit 0, 0.02 s'] as never });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^postmortem: recorded 26 commands into .*postmortem\.md, 25 failed; 2 quick successes left out \(--quiet-ok\)$/);
    expect(lines[1]).toBe('  exit 1   0.01 s  $ false 0');
    expect(lines[21]).toBe('  … and 5 more in the timeline');
    expect(lines.slice(22)).toEqual(['1 entry could not be written; add them by hand:', '- **2026-03-14 09:12 +01:00** — `$ df -i` → exit 0, 0.02 s']);
  });
});
