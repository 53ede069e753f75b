// The report, the diff and saving into an incident.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as diffCmd from '../../src/commands/diff.js';
import * as snapshotCmd from '../../src/commands/snapshot.js';
import { WriteError, InputError, UsageError } from '../../src/errors.js';
import { diffSnapshots, loadSnapshot, renderDiff } from '../../src/snapshot/diff.js';
import { bar, renderSnapshot } from '../../src/snapshot/render.js';
import { tempDir } from '../helpers.js';
import { evidenceFragment, snapshotName } from '../../src/snapshot/save.js';
import { fullestInodes, takeSnapshot, type Snapshot } from '../../src/snapshot/snapshot.js';

const fx = (name: string) => path.join(import.meta.dirname, '../fixtures/snapshot', name);
const now = new Date('2026-03-14T12:00:00Z');

describe('report', async () => {
  const s = await takeSnapshot({ root: fx('virtuozzo'), now });
  const text = renderSnapshot(s);
  it('leads with the exhausted resource, before any table', () => {
    const lines = text.split('\n');
    expect(lines[0]).toContain('blog-ct');
    expect(lines[2]).toMatch(/^CRITICAL\s+inodes \/: 3,000,000 of 3,000,000 used \(100 %\)/);
    expect(text.indexOf('Fullest resources')).toBeGreaterThan(text.indexOf('numothersock'));
  });
  it('shows the process crowd and no colour codes when stdout is not a terminal', () => {
    expect(text).toMatch(/cleanup\s+×64/);
    expect(text).not.toMatch(/\x1b\[/);
  });
  it('says so when nothing is wrong', async () => {
    const healthy = await takeSnapshot({ root: fx('healthy'), now });
    expect(renderSnapshot(healthy)).toContain('No resource is at or near its limit.');
  });
  it('--deep hunts the fullest filesystem, the bigger one on a tie', () => {
    const f = (subject: string, used: number, utilization: number) => ({ id: 'filesystems.inodes', subject, used, utilization }) as Snapshot['findings'][number];
    expect(fullestInodes([f('/a', 10, 0.5), f('/b', 5, 1), f('/c', 900, 1), f('/d', 1e6, 0.2)])!.subject).toBe('/c');
    expect(fullestInodes([])).toBeUndefined();
  });
  it('draws bars in proportion', () => {
    expect(bar(0.5, 10)).toBe('█████░░░░░');
    expect(bar(1.3, 4)).toBe('████');
    expect(bar(null, 3)).toBe('   ');
  });
});

describe('diff', async () => {
  const before = await takeSnapshot({ root: fx('virtuozzo'), now });
  // the fix: the object cache deleted, inodes from 100 % to 9 %
  const after: Snapshot = JSON.parse(JSON.stringify(before));
  const inodes = after.findings.find((f) => f.id === 'filesystems.inodes' && f.subject === '/')!;
  Object.assign(inodes, { severity: 'info', used: 270000, utilization: 0.09 });
  after.findings = after.findings.filter((f) => !(f.id === 'beancounters.failcnt' && f.subject.startsWith('privvmpages')));
  it('shows the fix working and what went away', () => {
    const d = diffSnapshots(before, after);
    const ch = d.changes.find((c) => c.id === 'filesystems.inodes')!;
    expect(ch).toMatchObject({ kind: 'better', before: { severity: 'critical', utilization: 1 }, after: { severity: 'info', utilization: 0.09 } });
    expect(d.changes.find((c) => c.id === 'beancounters.failcnt')).toMatchObject({ kind: 'gone', subject: 'privvmpages (ct 101)' });
    expect(renderDiff(d)).toMatch(/inodes \/\s+critical 100 %\s+→\s+info 9\.0 %\s+better/);
  });
  it('leaves out small wobbles of healthy resources', () => {
    const wobble: Snapshot = JSON.parse(JSON.stringify(before));
    const disk = wobble.findings.find((f) => f.id === 'filesystems.bytes' && f.subject === '/')!;
    disk.utilization = disk.utilization! + 0.03;
    expect(diffSnapshots(before, wobble).changes).toEqual([]);
    disk.utilization = disk.utilization! + 0.05;
    expect(diffSnapshots(before, wobble).changes.map((c) => [c.id, c.kind])).toEqual([['filesystems.bytes', 'worse']]);
  });
  it('says nothing changed between identical snapshots', () => {
    expect(diffSnapshots(before, before).changes).toEqual([]);
  });
  it('refuses files that are not snapshots, naming the file', () => {
    const dir = tempDir('pm-diff-');
    writeFileSync(path.join(dir, 'bad.json'), '{"schema": "other"}');
    writeFileSync(path.join(dir, 'torn.json'), '{"schema": ');
    expect(() => loadSnapshot(path.join(dir, 'bad.json'))).toThrow(InputError);
    expect(() => loadSnapshot(path.join(dir, 'bad.json'))).toThrow(/bad\.json: expected a snapshot/);
    expect(() => loadSnapshot(path.join(dir, 'torn.json'))).toThrow(/torn\.json: expected a snapshot \(JSON\)/);
  });
});

const DOC = `---
title: Blog unreachable
status: investigating
started: 2026-03-14T09:00:00+01:00
---

# Blog unreachable

## Timeline

- **2026-03-14 09:12 +01:00** — Uptime alarm: blog unreachable.

## Evidence

Nothing yet.

## Lessons learned

*Keep   this   spacing.*
`;

describe('snapshot command: saving into the incident', () => {
  let dir: string;
  let incident: string;
  beforeEach(() => {
    dir = tempDir('pm-snap-');
    incident = path.join(dir, '2026-03-14-blog-unreachable');
    mkdirSync(incident);
    writeFileSync(path.join(incident, 'postmortem.md'), DOC);
  });
  const g = () => ({ dir, json: false });

  it('writes snapshots/<timestamp>.json, an Evidence summary and a timeline entry; the rest stays byte for byte', async () => {
    const d = await snapshotCmd.run({ root: fx('virtuozzo') }, g());
    expect(d.saved).toBe(path.join(incident, 'snapshots', snapshotName(d.takenAt)));
    const saved = loadSnapshot(d.saved!);
    expect(saved.findings[0]!.id).toBe('filesystems.inodes');
    const doc = readFileSync(path.join(incident, 'postmortem.md'), 'utf8');
    const evidence = doc.slice(doc.indexOf('## Evidence'), doc.indexOf('## Lessons'));
    expect(evidence).toContain(`Snapshot [snapshots/${snapshotName(d.takenAt)}](snapshots/${snapshotName(d.takenAt)})`);
    expect(evidence).toContain('- **critical** inodes /: 3,000,000 of 3,000,000 used (100 %)');
    expect(doc).toMatch(/## Timeline\n\n- \*\*2026-03-14 09:12 \+01:00\*\* — Uptime alarm: blog unreachable\.\n- \*\*.*\*\* — Snapshot: \d+ critical/);
    // every original line is still there, in order
    const lines = DOC.split('\n');
    let at = 0;
    for (const l of lines) {
      const i = doc.indexOf(l, at);
      expect(i, `line "${l}"`).toBeGreaterThanOrEqual(at);
      at = i + l.length;
    }
    expect(doc).toContain('*Keep   this   spacing.*');
  });

  it('--no-save only returns the snapshot', async () => {
    const d = await snapshotCmd.run({ root: fx('healthy'), save: false }, g());
    expect(d.saved).toBeUndefined();
    expect(readdirSync(incident)).toEqual(['postmortem.md']);
  });

  it('when the write fails it says why and hands the whole report to stdout', async () => {
    writeFileSync(path.join(incident, 'snapshots'), 'a file where the folder should be');
    const err = await snapshotCmd.run({ root: fx('virtuozzo') }, g()).catch((e) => e);
    expect(err).toBeInstanceOf(WriteError);
    expect(err.message).toMatch(/^snapshot not saved: cannot write .*snapshots/);
    expect(err.stdoutFallback).toContain('CRITICAL  inodes /: 3,000,000 of 3,000,000 used (100 %)');
    expect(readFileSync(path.join(incident, 'postmortem.md'), 'utf8')).toBe(DOC);
  });

  it('without an incident it still reports, says why it did not save, and fails like a full disk', async () => {
    const empty = tempDir('pm-none-');
    const e = await snapshotCmd.run({ root: fx('healthy') }, { dir: empty, json: false }).catch((x) => x);
    expect(e).toBeInstanceOf(WriteError);
    expect(e.message).toMatch(/^snapshot not saved: .*--no-save/);
    expect(e.stdoutFallback).toContain('Fullest resources');
  });

  it('--fail-on sets the exit code', async () => {
    const bad = await snapshotCmd.run({ root: fx('virtuozzo'), save: false }, g());
    const good = await snapshotCmd.run({ root: fx('healthy'), save: false }, g());
    expect(snapshotCmd.exitCode(bad, { failOn: 'critical' })).toBe(1);
    expect(snapshotCmd.exitCode(good, { failOn: 'warning' })).toBe(0);
    expect(snapshotCmd.exitCode(bad, {})).toBe(0);
    await expect(snapshotCmd.run({ failOn: 'sometimes', save: false }, g())).rejects.toThrow(UsageError);
  });

  it('diff finds snapshots by name in the incident', async () => {
    const a = await snapshotCmd.run({ root: fx('virtuozzo') }, g());
    const d = await diffCmd.run({ a: path.basename(a.saved!).slice(0, 10), b: a.saved! }, { ...g(), incident: '2026-03-14' });
    expect(d.changes).toEqual([]);
    await expect(diffCmd.run({ a: 'nope' }, g())).rejects.toThrow(/no snapshot "nope"/);
  });

  it('the Evidence fragment escapes Markdown in messages', () => {
    const s = { host: 'h_1', takenAt: '2026-03-14T09:12:03.000Z', findings: [{ severity: 'critical', message: 'pids *a* [x]' }] } as unknown as Snapshot;
    const md = evidenceFragment(s, 'snapshots/x.json');
    expect(md).toContain('- **critical** pids \\*a\\* \\[x]');
    expect(md).toContain('of h_1 at'); // an intraword underscore cannot start emphasis: left as it is
  });
});
