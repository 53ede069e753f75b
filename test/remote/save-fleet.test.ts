// Saving a fleet: one timeline entry and one evidence summary for all hosts, each host's JSON under
// snapshots/ with its name; and diff finding those files by host. Snapshots are built here (no ssh:
// the live file reads real hosts), the incident is real, made by the CLI.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotFileParts } from '../../src/commands/diff.js';
import { resolveIncident } from '../../src/incidents/store.js';
import type { HostResult } from '../../src/remote/fleet.js';
import { fleetTimelineText, saveFleet } from '../../src/remote/save-fleet.js';
import { SCHEMA, type Snapshot } from '../../src/snapshot/snapshot.js';
import type { Finding } from '../../src/snapshot/types.js';
import { pm, tempDir } from '../helpers.js';

const finding = (severity: Finding['severity'], resource: string, subject: string, utilization: number): Finding => ({
  id: `x.${resource}`, severity, resource, subject, used: null, limit: null, utilization, unit: 'ratio', message: `${resource} ${subject}`, hint: '',
});
const snap = (host: string, findings: Finding[], takenAt = '2026-03-14T09:12:03.456Z') =>
  ({ schema: SCHEMA, host: 'box', root: host, takenAt, findings, probes: [] }) as unknown as Snapshot;
const ok = (host: string, findings: Finding[], takenAt?: string): HostResult => ({ host, snapshot: snap(host, findings, takenAt), ms: 900 });

const FLEET: HostResult[] = [
  ok('web-1', [finding('warning', 'memory', 'ram', 0.91)]),
  { host: 'closed', error: 'closed: unreachable: ssh: connect to host 127.0.0.1 port 1: Connection refused', ms: 10 },
  ok('web-2', [finding('critical', 'inodes', '/var', 1), finding('warning', 'memory', 'ram', 0.9)], '2026-03-14T09:12:02.100Z'),
  ok('web-10', []),
  { host: 'silent', error: 'silent: timed out after 10 s', ms: 10000 },
];

describe('the fleet timeline entry', () => {
  it('names the worst hosts first, counts the calm ones and names those not read', () => {
    expect(fleetTimelineText(FLEET)).toBe('Snapshot of 5 hosts: web-2 critical inodes /var 100 %; web-1 warning memory ram 91 %; 1 with nothing at warning or above; 2 not read (closed, silent)');
  });
  it('names three hosts with alarms and counts the rest', () => {
    const many = Array.from({ length: 6 }, (_, i) => ok(`web-${i + 1}`, [finding('critical', 'inodes', '/', 1)]));
    expect(fleetTimelineText(many)).toBe('Snapshot of 6 hosts: web-1 critical inodes / 100 %; web-2 critical inodes / 100 %; web-3 critical inodes / 100 %; 3 more at warning or above');
  });
});

describe('saveFleet into a real incident', () => {
  it('writes each read host\'s JSON and edits the document once: one timeline entry, one summary', async () => {
    const dir = tempDir();
    expect(pm(['--dir', dir, 'new', 'Fleet']).status).toBe(0);
    const ref = await resolveIncident({ dir, json: false });
    const saved = await saveFleet(ref, FLEET, 'fallback');
    expect([...saved.keys()]).toEqual(['web-1', 'web-2', 'web-10']);
    const files = readdirSync(path.join(ref.dir, 'snapshots')).sort();
    expect(files).toEqual(['web-1-2026-03-14T09-12-03Z.json', 'web-10-2026-03-14T09-12-03Z.json', 'web-2-2026-03-14T09-12-02Z.json']);
    expect(files.map((f) => snapshotFileParts(f)?.host)).toEqual(['web-1', 'web-10', 'web-2']);
    const doc = readFileSync(ref.file, 'utf8');
    const entries = doc.split('\n').filter((l) => l.includes('Snapshot of'));
    expect(entries).toHaveLength(2); // the timeline entry and the evidence summary's first line
    // at the first host's time (web-2 was read first), in the incident's zone
    expect(entries[0]).toMatch(/^- \*\*2026-03-14 \d\d:12 [+-]\d\d:\d\d\*\* — Snapshot of 5 hosts: web-2 critical/);
    expect(entries[1]).toBe('Snapshot of 5 hosts at 2026-03-14T09:12:02Z: 3 read, 2 not read.');
    expect(doc).toContain('- [web-2](snapshots/web-2-2026-03-14T09-12-02Z.json): 1 critical, 1 warning (critical inodes /var 100 %; warning memory ram 90 %)');
    expect(doc).toContain('- [web-10](snapshots/web-10-2026-03-14T09-12-03Z.json): nothing at or near its limit');
    expect(doc).toContain('- silent: not read: timed out after 10 s');

    // diff by host name: web-1 is the host, not a prefix of web-10; the header names both sides
    const d = pm(['--dir', dir, 'diff', 'web-1', 'web-10']);
    expect(d.status, d.stderr).toBe(0);
    expect(d.stdout.split('\n')[0]).toBe('web-1 (box) 2026-03-14T09:12:03.456Z → web-10 (box) 2026-03-14T09:12:03.456Z');
    expect(d.stdout).toMatch(/memory ram +warning 91 % +→ +— +gone/);
    // by file name, with snapshots/ in front, from any folder
    const f = pm(['--dir', dir, 'diff', '--json', 'snapshots/web-2-2026-03-14T09-12-02Z.json', 'web-10-2026-03-14T09-12-03Z']);
    expect(f.status, f.stderr).toBe(0);
    const j = JSON.parse(f.stdout);
    expect([j.a.source, j.b.source, j.changes.map((c: { subject: string; kind: string }) => `${c.subject} ${c.kind}`)]).toEqual(['web-2', 'web-10', ['/var gone', 'ram gone']]);
  });
});

describe('snapshot file names', () => {
  it('tell the host from the time, with or without a host and a _N suffix', () => {
    expect(snapshotFileParts('web-1-2026-03-14T09-12-03Z.json')).toEqual({ host: 'web-1', time: '2026-03-14T09-12-03Z', n: 1 });
    expect(snapshotFileParts('2026-03-14T09-12-03Z_2.json')).toEqual({ time: '2026-03-14T09-12-03Z', n: 2 });
    expect(snapshotFileParts('db.example.com-2026-03-14T09-12-03Z.json')?.host).toBe('db.example.com');
    expect(snapshotFileParts('notes.json')).toBeUndefined();
  });
});
