// The runner: a probe that fails, is not permitted, is absent or never answers is reported with its
// reason and never sinks the others.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { isolated, parseStatF } from '../../src/snapshot/isolate.js';
import { runProbeList, runProbes } from '../../src/snapshot/run.js';
import { parseThresholds, DEFAULT_THRESHOLDS } from '../../src/snapshot/thresholds.js';
import { levelOf, sortFindings, usage } from '../../src/snapshot/assess.js';
import { Absent, type Finding, type Probe } from '../../src/snapshot/types.js';

const probe = (id: string, collect: () => Promise<unknown>, assess: Probe['assess'] = () => []): Probe => ({ id, description: id, collect, assess });
const finding = (id: string, severity: Finding['severity'], utilization: number | null): Finding => ({ id, severity, resource: id, subject: '', used: null, limit: null, utilization, unit: 'count', message: id, hint: '' });

describe('runner', () => {
  it('isolates failures, denials, absence and time-outs and keeps the good findings', async () => {
    const t0 = Date.now();
    const r = await runProbeList(
      [
        probe('good', async () => 1, () => [finding('good', 'warning', 0.95)]),
        probe('throws', async () => {
          throw new Error('parse error in /proc/x');
        }),
        probe('denied', async () => {
          throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', path: '/proc/1/fd' });
        }),
        probe('absent', async () => {
          throw new Absent('/proc/user_beancounters does not exist');
        }),
        probe('hangs', () => new Promise(() => {})),
        probe('bad-assess', async () => 1, () => {
          throw new Error('boom');
        }),
      ],
      { timeoutMs: 300, root: '/' },
    );
    expect(Date.now() - t0).toBeLessThan(2000);
    const by = Object.fromEntries(r.probes.map((p) => [p.id, [p.status, p.reason]]));
    expect(by.good).toEqual(['ok', undefined]);
    expect(by.throws).toEqual(['failed', 'parse error in /proc/x']);
    expect(by.denied).toEqual(['denied', 'not permitted: /proc/1/fd']);
    expect(by.absent).toEqual(['absent', '/proc/user_beancounters does not exist']);
    expect(by.hangs).toEqual(['timeout', 'no answer within 300 ms']);
    expect(by['bad-assess']![0]).toBe('failed');
    expect(r.findings.map((f) => f.id)).toEqual(['good']);
  });

  it('refuses unknown probe ids with a usage error listing the known ones', async () => {
    await expect(runProbes({ ids: ['nope'] })).rejects.toThrow(UsageError);
    await expect(runProbes({ ids: ['nope'] })).rejects.toThrow(/expected one of host, filesystems/);
  });
});

describe.each(['shell', 'node'] as const)('isolated calls (%s child)', (kind) => {
  it('statfs and reads in a child, errors with their reason', async () => {
    const [root, missing] = await isolated<{ files: number; bsize: number }>(
      [
        { op: 'statfs', path: '/' },
        { op: 'statfs', path: '/no/such/path' },
      ],
      5000,
      kind,
    );
    expect(root && 'ok' in root && root.ok.files).toBeGreaterThan(0);
    expect(root && 'ok' in root && root.ok.bsize).toBeGreaterThan(0);
    expect(missing && 'error' in missing && missing.error).toMatch(/ENOENT|No such file/);
    const [text] = await isolated<string>([{ op: 'read', path: '/proc/self/status' }], 5000, kind);
    expect(text && 'ok' in text && text.ok).toMatch(/^Name:/);
  });
  it('leaves no child behind once every call was answered (not even a zombie)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const children = () =>
      readdirSync('/proc')
        .filter((n) => /^\d+$/.test(n))
        .flatMap((n) => {
          try {
            const stat = readFileSync(`/proc/${n}/stat`, 'utf8');
            return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid ? [n] : [];
          } catch {
            return [];
          }
        });
    const before = children();
    await isolated([{ op: 'statfs', path: '/' }, { op: 'read', path: '/proc/self/stat' }], 5000, kind);
    expect(children()).toEqual(before);
  });
  it('reports a call that does not answer in time as stuck, and the others still answer', async () => {
    // a FIFO with no writer blocks open() forever: the child is killed at the end
    const { execFileSync } = await import('node:child_process');
    const fifo = `/tmp/pm-fifo-${process.pid}-${kind}`;
    execFileSync('mkfifo', [fifo]);
    try {
      const t0 = Date.now();
      const [r, ok] = await isolated<string>(
        [
          { op: 'read', path: fifo },
          { op: 'read', path: '/proc/self/stat' },
        ],
        500,
        kind,
      );
      expect(r).toEqual({ stuck: true });
      expect(ok && 'ok' in ok).toBe(true);
      expect(Date.now() - t0).toBeLessThan(2000);
    } finally {
      (await import('node:fs')).unlinkSync(fifo);
    }
  });
});

describe('stat -f output', () => {
  it('parses the shell child answer', () => {
    expect(parseStatF('ef53 4096 26214400 20000000 19000000 6553600 6000000')).toEqual({ type: 0xef53, bsize: 4096, blocks: 26214400, bfree: 20000000, bavail: 19000000, files: 6553600, ffree: 6000000 });
    expect(parseStatF('stat: oops')).toBeNull();
  });
});

describe('thresholds and ordering', () => {
  it('parses overrides in percent and refuses bad ones', () => {
    const t = parseThresholds(['fs-inodes=80,90']);
    expect(t['fs-inodes']).toEqual({ warn: 0.8, crit: 0.9 });
    expect(t['fs-bytes']).toEqual(DEFAULT_THRESHOLDS['fs-bytes']);
    expect(() => parseThresholds(['fs-inodes=90'])).toThrow(/expected name=warn,crit/);
    expect(() => parseThresholds(['nope=1,2'])).toThrow(/unknown name "nope"/);
    expect(() => parseThresholds(['memory=95,90'])).toThrow(/above the critical/);
  });
  it('levels follow the thresholds', () => {
    const t = { warn: 0.9, crit: 0.98 };
    expect([0.5, 0.9, 0.97, 0.98, null].map((u) => levelOf(u, t))).toEqual(['info', 'warning', 'warning', 'critical', 'info']);
  });
  it('a configured threshold changes the verdict', () => {
    const base = { id: 'x', resource: 'inodes', subject: '/', used: 85, limit: 100, hint: '' };
    expect(usage({ ...base, level: DEFAULT_THRESHOLDS['fs-inodes'] }).severity).toBe('info');
    expect(usage({ ...base, level: parseThresholds(['fs-inodes=80,90'])['fs-inodes'] }).severity).toBe('warning');
  });
  it('sorts most severe first, then fullest', () => {
    const sorted = sortFindings([finding('a', 'info', 0.99), finding('b', 'critical', null), finding('c', 'warning', 0.91), finding('d', 'critical', 1)]);
    expect(sorted.map((f) => f.id)).toEqual(['d', 'b', 'c', 'a']);
  });
});

describe('the previous sample', () => {
  it('reaches each probe\'s assess, so a counter that rose since is graded as failing now', async () => {
    let n = 0;
    const counter: Probe<{ refused: number }> = {
      id: 'counter',
      description: 'a failure counter',
      collect: async () => ({ refused: (n += 3) }),
      assess: (d, _t, prev) =>
        prev && d.refused > prev.refused ? [{ id: 'counter', severity: 'critical', resource: 'x', subject: 'y', used: d.refused, limit: null, utilization: null, unit: 'count', message: 'rising', hint: '' }] : [],
    };
    const first = await runProbeList([counter], { root: '/nonexistent', sampleMs: 0 });
    expect(first.findings).toEqual([]);
    const second = await runProbeList([counter], { root: '/nonexistent', sampleMs: 0, previous: first.probes });
    expect(second.findings.map((f) => f.severity)).toEqual(['critical']);
  });
});
