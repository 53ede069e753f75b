// export --textfile: the exposition serializer on literal families, the metric table on fixture
// trees, the redaction of label values, the atomic write, and promtool's verdict on real output.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serialize, type Family } from '../../src/prom/metrics.js';
import { snapshotFamilies, textfile, writeTextfile } from '../../src/prom/textfile.js';
import { PROBE_METRICS } from '../../src/prom/textfile-table.js';
import { PROBES } from '../../src/snapshot/probes/index.js';
import { takeSnapshot, type Snapshot } from '../../src/snapshot/snapshot.js';
import { redact } from '../../src/redact/redact.js';
import { pm, tempDir } from '../helpers.js';

const fx = (name: string) => path.join(import.meta.dirname, '../fixtures/snapshot', name);
const now = new Date('2026-03-14T09:12:03Z');
const promtool = spawnSync('promtool', ['--version']).status === 0;
if (!promtool) console.log('promtool checks skipped: promtool is not installed (Debian package prometheus; CI installs it)');

/** promtool check metrics on the text: exit status and what it said. */
const checkMetrics = (text: string) => {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: r.status, said: r.stdout + r.stderr };
};

/** The value of one series line in exposition text, or undefined. */
const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

const snap = (probes: Snapshot['probes'], findings: Snapshot['findings'] = []): Snapshot => ({
  schema: 'postmortem/snapshot@1', host: 'web-1', kernel: null, uptimeSeconds: null, root: '/', takenAt: now.toISOString(), durationMs: 120, findings, probes,
});

describe('the exposition serializer', () => {
  it('writes HELP and TYPE once per family, sorted labels, escaped label values and help', () => {
    const fams: Family[] = [
      { name: 'postmortem_x', help: 'a back\\slash\nand a line', type: 'gauge', samples: [{ labels: { subject: 'say "hi"\\now\nnext', check: 'a' }, value: 1.5 }, { labels: { check: 'b', subject: '' }, value: Infinity }] },
      { name: 'postmortem_y_total', help: 'h', type: 'counter', samples: [{ labels: {}, value: NaN }] },
    ];
    expect(serialize(fams)).toBe(
      [
        '# HELP postmortem_x a back\\\\slash\\nand a line',
        '# TYPE postmortem_x gauge',
        'postmortem_x{check="a",subject="say \\"hi\\"\\\\now\\nnext"} 1.5',
        'postmortem_x{check="b",subject=""} +Inf',
        '# HELP postmortem_y_total h',
        '# TYPE postmortem_y_total counter',
        'postmortem_y_total NaN',
        '',
      ].join('\n'),
    );
  });

  it('refuses what promtool would refuse: a counter without _total, bad names, a series twice', () => {
    expect(() => serialize([{ name: 'postmortem_fails', help: '', type: 'counter', samples: [] }])).toThrow(/_total/);
    expect(() => serialize([{ name: 'postmortem-x', help: '', type: 'gauge', samples: [] }])).toThrow(/metric name/);
    expect(() => serialize([{ name: 'x', help: '', type: 'gauge', samples: [{ labels: { 'a-b': '1' }, value: 1 }] }])).toThrow(/label name/);
    expect(() => serialize([{ name: 'x', help: '', type: 'gauge', samples: [{ labels: { a: '1' }, value: 1 }, { labels: { a: '1' }, value: 2 }] }])).toThrow(/twice/);
  });

  it.skipIf(!promtool)('escapes a hostile cgroup path so that promtool still parses the file', () => {
    const s = snap([{ id: 'cgroup', status: 'ok', durationMs: 1, data: { own: {}, memory: [], cpu: [], pids: [{ version: 2, path: '/a "quoted"\\back\nslash', current: 5, max: 10, peak: null, events: { max: 3 } }] } }]);
    const { text } = textfile(s);
    expect(text).toContain('postmortem_cgroup_pids{cgroup="/a \\"quoted\\"\\\\back\\nslash"} 5');
    expect(checkMetrics(text)).toEqual({ status: 0, said: '' });
  });
});

describe('the metric table', () => {
  it('names probes that exist, with unique conventional names', () => {
    const ids = PROBES.map((p) => p.id);
    for (const e of PROBE_METRICS) expect(ids).toContain(e.probe);
    const names = PROBE_METRICS.flatMap((e) => e.families.map((f) => f.name));
    expect(new Set(names).size).toBe(names.length);
    for (const e of PROBE_METRICS)
      for (const f of e.families) {
        expect(f.name).toMatch(/^postmortem_[a-z0-9_]+$/);
        expect(f.type === 'counter').toBe(f.name.endsWith('_total'));
        expect(f.name).not.toMatch(/_count$|_sum$|_bucket$/); // reserved for summaries and histograms
        // the gate must leave HELP alone, or the names it keeps would read oddly
        expect(redact(f.help)).toBe(f.help);
      }
  });

  it('exports beancounters with held, maxheld, barrier, limit and failcnt per resource (virtuozzo fixture)', async () => {
    const s = await takeSnapshot({ root: fx('virtuozzo'), now });
    const { text } = textfile(s);
    const rows = text.split('\n').filter((l) => l.startsWith('postmortem_beancounter_failcnt_total{'));
    expect(rows.length).toBeGreaterThan(5);
    const numothersock = rows.find((l) => l.includes('resource="numothersock"'));
    expect(Number(numothersock!.split(' ')[1])).toBeGreaterThan(0);
    for (const f of ['held', 'maxheld', 'barrier', 'limit']) expect(text).toMatch(new RegExp(`^postmortem_beancounter_${f}\\{ct="\\d+",resource="numothersock"\\} \\d+$`, 'm'));
    // the findings gauge agrees with the snapshot
    expect(value(text, 'postmortem_findings{severity="critical"}')).toBe(s.findings.filter((f) => f.severity === 'critical').length);
    if (promtool) expect(checkMetrics(text)).toEqual({ status: 0, said: '' });
  });

  it.each([
    ['sysvipc-full', 'postmortem_sysvipc_semaphore_arrays', 'postmortem_sysvipc_semaphore_arrays_limit'],
    ['keys-quota', 'postmortem_kernel_keys{uid="1000"}', 'postmortem_kernel_keys_limit{uid="1000"}'],
    ['inotify-exhausted', 'postmortem_inotify_watches{uid="1000"}', 'postmortem_inotify_max_user_watches'],
    ['conntrack-full', 'postmortem_conntrack_entries', 'postmortem_conntrack_entries_limit'],
    ['maps-full', null, 'postmortem_process_maps_limit'],
  ])('%s: the used and limit series behind the finding', async (name, used, limit) => {
    const s = await takeSnapshot({ root: fx(name), now });
    const { text } = textfile(s);
    expect(value(text, limit), text).toBeGreaterThan(0);
    if (used) expect(value(text, used)! / value(text, limit)!).toBeGreaterThanOrEqual(0.9);
    // every critical finding with a ratio is in the utilisation gauge at its value
    const crit = s.findings.find((f) => f.severity === 'critical' && f.utilization !== null)!;
    expect(text).toContain(`postmortem_resource_utilization_ratio{check="${crit.id}",`);
    if (promtool) expect(checkMetrics(text)).toEqual({ status: 0, said: '' });
  });

  it.skipIf(!promtool)('passes promtool check metrics on every fixture tree', async () => {
    const names = readdirSync(path.join(import.meta.dirname, '../fixtures/snapshot'));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const { text } = textfile(await takeSnapshot({ root: fx(name), now }));
      expect(checkMetrics(text), name).toEqual({ status: 0, said: '' });
    }
  });

  it('exports pids cgroup events and listen queues where the fixtures have them', async () => {
    const fork = textfile(await takeSnapshot({ root: fx('forkbomb'), now })).text;
    expect(fork).toMatch(/^postmortem_cgroup_pids_events_total\{cgroup="[^"]+",event="max"\} [1-9]\d*$/m);
    expect(fork).toMatch(/^postmortem_cgroup_pids_max\{cgroup="[^"]+"\} \d+$/m);
    const listen = textfile(await takeSnapshot({ root: fx('listen-full'), now })).text;
    expect(listen).toMatch(/^postmortem_listen_queue\{socket="[^"]+"\} [1-9]\d*$/m);
    expect(listen).toMatch(/^postmortem_listen_queue_limit\{socket="[^"]+"\} [1-9]\d*$/m);
  });

  it('keeps one series per check and subject, at most 100 of them, fullest first', () => {
    const f = (i: number, u: number) => ({ id: 'x.y', severity: 'info' as const, resource: 'r', subject: `s${i}`, used: u, limit: 1, utilization: u, unit: 'count' as const, message: '', hint: '' });
    const findings = [f(0, 0.9), f(0, 0.8), ...Array.from({ length: 150 }, (_, i) => f(i + 1, 0.5))];
    const ratio = snapshotFamilies(snap([], findings)).find((x) => x.name === 'postmortem_resource_utilization_ratio')!;
    expect(ratio.samples.length).toBe(100);
    expect(ratio.samples[0]).toEqual({ labels: { check: 'x.y', resource: 'r', subject: 's0' }, value: 0.9 });
    expect(ratio.samples.filter((s) => s.labels.subject === 's0').length).toBe(1);
  });

  it('redacts label values that come from the machine', () => {
    const s = snap([{ id: 'fds', status: 'ok', durationMs: 1, data: { allocated: 1, max: 10, nrOpen: null, denied: 0, top: [{ pid: 7, comm: 'x DB_PASSWORD=hunter2', fds: 5, limit: 10 }] } }]);
    const { text } = textfile(s);
    expect(text).not.toContain('hunter2');
    expect(text).toContain('postmortem_process_open_fds{comm="x DB_PASSWORD=[redacted]",pid="7"} 5');
  });

  it('writes one series where two rows carry the same labels (a cgroup path in v1 and v2)', () => {
    const pids = (version: number, current: number) => ({ version, path: '/app', current, max: 10, peak: null, events: {} });
    const { text } = textfile(snap([{ id: 'cgroup', status: 'ok', durationMs: 1, data: { own: {}, memory: [], cpu: [], pids: [pids(2, 5), pids(1, 6)] } }]));
    expect(text.split('\n').filter((l) => l.startsWith('postmortem_cgroup_pids{'))).toEqual(['postmortem_cgroup_pids{cgroup="/app"} 5']);
  });

  it('leaves out a family whose probe data has another shape, never the file', () => {
    const s = snap([{ id: 'inotify', status: 'ok', durationMs: 1, data: { maxWatches: 8192 } }]);
    const { text } = textfile(s);
    expect(value(text, 'postmortem_inotify_max_user_watches')).toBe(8192);
    expect(text).not.toContain('postmortem_inotify_watches');
  });
});

describe('writing DIR/postmortem.prom', () => {
  it('renames a temporary file that node_exporter skips over the old file, and clears a dead writer\'s leftovers', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.postmortem.prom.999999999.abc.tmp'), 'half a file');
    writeFileSync(path.join(dir, 'postmortem.prom'), 'old');
    const file = writeTextfile(dir, redact('# HELP a b\n# TYPE a gauge\na 1\n'));
    expect(file).toBe(path.join(dir, 'postmortem.prom'));
    expect(readFileSync(file, 'utf8')).toBe('# HELP a b\n# TYPE a gauge\na 1\n');
    expect(readdirSync(dir)).toEqual(['postmortem.prom']);
  });

  it('the command writes it and says what it wrote (--json); a missing folder is a usage error', () => {
    const dir = tempDir();
    const r = pm(['export', '--textfile', dir, '--root', fx('virtuozzo'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.path).toBe(path.join(dir, 'postmortem.prom'));
    expect(d.families.map((f: { name: string }) => f.name)).toContain('postmortem_beancounter_held');
    const text = readFileSync(d.path, 'utf8');
    expect(d.series).toBe(text.split('\n').filter((l) => l && !l.startsWith('#')).length);
    expect(readdirSync(dir)).toEqual(['postmortem.prom']);
    const human = pm(['export', '--textfile', dir, '--root', fx('virtuozzo')]);
    expect(human.stdout).toMatch(/^wrote .*postmortem\.prom: \d+ metric families, \d+ series \(findings: \d+ critical, \d+ warning\)\n$/);

    const missing = pm(['export', '--textfile', path.join(dir, 'nope')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^postmortem: --textfile .*nope: no such folder; expected the folder node_exporter reads \(--collector\.textfile\.directory\)\n$/);
    expect(pm(['export']).status).toBe(2);
  });
});
