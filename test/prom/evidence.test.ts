// The Prometheus side of `evidence prometheus` on literal API answers: parsing, instance matching,
// how answers become charts (which filesystems, which limit), and what goes into the document.
// The live test (evidence-live.test.ts) runs the same against a real Prometheus.
import { describe, expect, it } from 'vitest';
import { PmError } from '../../src/errors.js';
import { chartsFrom, PANELS, TOP_MOUNTS, type Chart, type PromEvidence } from '../../src/prom/evidence.js';
import { exportedCharts, exportedQuery, PAIRS } from '../../src/prom/exported.js';
import { PROBE_METRICS } from '../../src/prom/textfile-table.js';
import { baseUrl, displayUrl, hostOf, instanceMatcher, instancesOf, parseApiResponse, parseLabelValues, parseMatrix, regexLiteral, stepFor } from '../../src/prom/query.js';
import { chartName, evidenceFragment, evidenceName, peakText, timelineEntry } from '../../src/prom/save.js';
import { siAmount } from '../../src/site/si.js';
import { pm, tempDir } from '../helpers.js';

const panel = (kind: string) => PANELS.find((p) => p.kind === kind)!;
const thrown = (f: () => unknown): PmError => {
  try {
    f();
  } catch (e) {
    return e as PmError;
  }
  throw new Error('did not throw');
};

describe('parseApiResponse', () => {
  it('returns the data of a success', () => {
    expect(parseApiResponse('{"status":"success","data":["a:9100"]}', 200, 'P')).toEqual(['a:9100']);
  });

  it("names Prometheus's own reason for a refused query", () => {
    const e = thrown(() => parseApiResponse('{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": 1:5: parse error"}', 400, 'Prometheus at http://p:9090'));
    expect(e).toBeInstanceOf(PmError);
    expect(e.message).toBe('Prometheus at http://p:9090: Prometheus refused the query (bad_data: invalid parameter "query": 1:5: parse error)');
  });

  it('says when the answer is not from Prometheus at all, in one line', () => {
    const e = thrown(() => parseApiResponse('<html>\n<body>Welcome to nginx</body>', 200, 'Prometheus at http://p'));
    expect(e.message).toBe('Prometheus at http://p: not a Prometheus API answer (HTTP 200, "<html>"); expected JSON with "status"');
    expect(thrown(() => parseApiResponse('', 502, 'P')).message).toContain('HTTP 502, empty body');
    expect(thrown(() => parseApiResponse('{"hello":1}', 200, 'P')).message).toContain('expected JSON with "status": "success"');
  });
});

describe('parseMatrix', () => {
  it('keeps labels and numeric samples, drops NaN and infinities', () => {
    const data = {
      resultType: 'matrix',
      result: [{ metric: { __name__: 'node_load1', instance: 'web-3:9100' }, values: [[1700000000, '0.5'], [1700000015, 'NaN'], [1700000030, '+Inf'], [1700000045.5, '2']] }],
    };
    expect(parseMatrix(data, 'q')).toEqual([{ labels: { __name__: 'node_load1', instance: 'web-3:9100' }, points: [[1700000000, 0.5], [1700000045.5, 2]] }]);
  });

  it('refuses an instant vector or nonsense', () => {
    expect(thrown(() => parseMatrix({ resultType: 'vector', result: [] }, 'q')).message).toBe('q: expected a range query result (resultType "matrix"), got "vector"');
    expect(thrown(() => parseMatrix(null, 'q')).message).toContain('got object');
    expect(thrown(() => parseLabelValues({}, 'q')).message).toBe('q: expected a list of label values');
    expect(parseLabelValues(['b:1', 'a:1', 7], 'q')).toEqual(['a:1', 'b:1']);
  });
});

describe('the window and the instances', () => {
  it('steps for about 300 points, never below a second', () => {
    expect(stepFor(0, 3600 * 5)).toBe(60);
    expect(stepFor(0, 3601)).toBe(13);
    expect(stepFor(0, 10)).toBe(1);
  });

  it('quotes instance names for a PromQL regex matcher', () => {
    expect(regexLiteral('127.0.0.1:9100')).toBe('127\\\\.0\\\\.0\\\\.1:9100');
    expect(instanceMatcher(['a.b:1', '[::1]:9100'])).toBe('instance=~"a\\\\.b:1|\\\\[::1\\\\]:9100"');
    expect(regexLiteral('x"y')).toBe('x\\"y');
  });

  it('matches hosts to instances: with a port exactly, without one any port, a short name its FQDN and back', () => {
    const all = ['127.0.0.1:9100', '127.0.0.1:9256', 'web-3.example.com:9100', 'web-30:9100', '[::1]:9100', 'db'];
    expect(instancesOf('127.0.0.1', all)).toEqual(['127.0.0.1:9100', '127.0.0.1:9256']);
    expect(instancesOf('127.0.0.1:9256', all)).toEqual(['127.0.0.1:9256']);
    expect(instancesOf('web-3', all)).toEqual(['web-3.example.com:9100']);
    expect(instancesOf('WEB-3.example.com', all)).toEqual(['web-3.example.com:9100']);
    expect(instancesOf('::1', all)).toEqual(['[::1]:9100']);
    expect(instancesOf('[::1]:9100', all)).toEqual(['[::1]:9100']);
    expect(instancesOf('db', all)).toEqual(['db']);
    expect(instancesOf('web-4', all)).toEqual([]);
    expect(instancesOf('web-30.example.com', all)).toEqual(['web-30:9100']);
    expect(instancesOf('127.0.0.1.5', all)).toEqual([]);
    expect(hostOf('[::1]:9100')).toBe('::1');
  });

  it('keeps credentials out of the URL it shows and saves', () => {
    expect(displayUrl('http://admin:s3cret@prom.internal:9090/')).toBe('http://prom.internal:9090');
    expect(baseUrl('https://prom.internal/prometheus/')).toBe('https://prom.internal/prometheus');
    expect(baseUrl('prom:9090')).toBeNull();
    expect(baseUrl('ftp://prom')).toBeNull();
  });
});

const fs = (mountpoint: string, instance = 'web-3:9100') => ({ instance, mountpoint, device: 'tmpfs', fstype: 'tmpfs' });

describe('chartsFrom', () => {
  it('pairs each filesystem with its own limit and finds the peak', () => {
    const used = [{ labels: fs('/srv'), points: [[100, 10], [115, 900], [130, 1000], [145, 1000]] as [number, number][] }];
    const limits = [
      { labels: { __name__: 'node_filesystem_files', ...fs('/') }, points: [[100, 5000]] as [number, number][] },
      { labels: { __name__: 'node_filesystem_files', ...fs('/srv') }, points: [[100, 1000], [145, 1000]] as [number, number][] },
    ];
    const [c, ...rest] = chartsFrom(panel('inodes'), used, limits, 'q');
    expect(rest).toEqual([]);
    expect(c!.subject).toBe('/srv');
    expect(c!.limit).toEqual({ name: 'inodes total', points: [[100, 1000], [145, 1000]] });
    expect(c!.peak).toEqual({ t: 130, value: 1000, limit: 1000, utilization: 1 });
    expect(chartName(c!)).toBe('inodes used on /srv at web-3:9100');
    expect(peakText(c!)).toBe('100 % (1,000 of 1,000)');
  });

  it(`keeps ${TOP_MOUNTS} filesystems per instance, the fullest first; one that filled in the window before one that was always full`, () => {
    const flat = (m: string, v: number, inst?: string) => ({ labels: fs(m, inst), points: [[0, v], [60, v]] as [number, number][] });
    const used = [
      flat('/a', 10), flat('/b', 20), flat('/c', 30), flat('/d', 40), flat('/always-full', 100), flat('/f', 60), flat('/g', 5),
      { labels: fs('/filled'), points: [[0, 1], [30, 50], [60, 100]] as [number, number][] },
      { labels: fs('/rose'), points: [[0, 0], [60, 90]] as [number, number][] },
      flat('/other', 1, 'db:9100'),
    ];
    const limits = used.map((u) => ({ labels: u.labels, points: [[0, 100]] as [number, number][] }));
    const charts = chartsFrom(panel('inodes'), used, limits, 'q');
    expect(charts.map((c) => `${c.instance} ${c.subject}`)).toEqual(['db:9100 /other', 'web-3:9100 /filled', 'web-3:9100 /rose', 'web-3:9100 /always-full', 'web-3:9100 /f', 'web-3:9100 /d']);
  });

  it("pairs what export --textfile wrote with its limits: per process, and one machine limit for every user", () => {
    const pts = (...v: number[]) => v.map((x, i) => [i * 15, x] as [number, number]);
    const m = (name: string, labels: Record<string, string>, points: [number, number][]) => ({ labels: { __name__: name, instance: 'web-3:9100', job: 'node', ...labels }, points });
    const charts = exportedCharts(
      [
        m('postmortem_process_open_fds', { comm: 'nginx', pid: '812' }, pts(100, 900, 1024)),
        m('postmortem_process_max_fds', { comm: 'nginx', pid: '812' }, pts(1024, 1024, 1024)),
        m('postmortem_process_open_fds', { comm: 'sshd', pid: '1' }, pts(5, 5, 5)),
        m('postmortem_process_max_fds', { comm: 'sshd', pid: '1' }, pts(1024, 1024, 1024)),
        m('postmortem_inotify_watches', { uid: '33' }, pts(7000, 8192)),
        m('postmortem_inotify_max_user_watches', {}, pts(8192, 8192)),
        m('postmortem_kernel_keys_bytes', {}, pts(10, 20)),
        m('postmortem_beancounter_failcnt_total', { resource: 'numfile' }, pts(0, 3)),
        m('postmortem_dentries_ratio', { user: 'www-data' }, pts(0.5, 0.97)),
      ],
      'q',
    );
    expect(charts.map((c) => [chartName(c), c.peak && peakText(c)])).toEqual([
      ['open files of a process (RLIMIT_NOFILE) {comm="nginx",pid="812"} at web-3:9100', '100 % (1,024 of 1,024)'],
      // rose by half its limit to 97 %: before the watches, full but up by only 15 %
      ['postmortem_dentries_ratio {user="www-data"} at web-3:9100', '97 %'],
      ['inotify watches of a user {uid="33"} at web-3:9100', '100 % (8,192 of 8,192)'],
      ['open files of a process (RLIMIT_NOFILE) {comm="sshd",pid="1"} at web-3:9100', '0 % (5 of 1,024)'],
      // no limit exported: drawn, but last
      ['kernel key bytes at web-3:9100', '20'],
    ]);
    expect(charts[1]!.limit).toEqual({ name: 'limit', points: [[0, 1], [15, 1]] });
    expect(charts[2]!.limit!.points).toEqual([[0, 8192], [15, 8192]]);
    expect(exportedQuery('instance=~"a"')).toBe('{__name__=~"postmortem_.+",instance=~"a"}');
  });

  it('reads memory in SI bytes and load against the CPUs', () => {
    const mem = chartsFrom(panel('memory'), [{ labels: { instance: 'h:1' }, points: [[0, 3.2e9]] }], [{ labels: { instance: 'h:1' }, points: [[0, 4e9]] }], 'q')[0]!;
    expect(peakText(mem)).toBe('80 % (3.2 GB of 4 GB)');
    const load = chartsFrom(panel('load'), [{ labels: { __name__: 'node_load1', instance: 'h:1' }, points: [[0, 7.5]] }], [{ labels: { instance: 'h:1' }, points: [[0, 2]] }], 'q')[0]!;
    expect(peakText(load)).toBe('7.50 on 2 CPUs');
    expect(siAmount(186438926336, true)).toBe('186 GB');
    expect(siAmount(1234)).toBe('1.23 k');
    expect(siAmount(999)).toBe('999');
  });
});

describe('what goes into the document', () => {
  const chart = (o: Partial<Chart>): Chart => ({ kind: 'inodes', title: 'Inodes used', unit: 'count', instance: 'web-3:9100', subject: '/srv', query: 'q', series: [{ name: 'used', points: [[1773475920, 5]] }], limit: null, peak: null, ...o });
  const e: PromEvidence = {
    kind: 'postmortem-prometheus',
    version: 1,
    source: 'http://p:9090',
    pulledAt: '2026-03-15T10:00:00.000Z',
    window: { start: '2026-03-14T07:00:00.000Z', end: '2026-03-14T12:00:00.000Z', step: 60 },
    instances: ['web-3:9100'],
    charts: [
      chart({ kind: 'load', title: 'Load (1 min)', unit: 'load', subject: '', peak: { t: 1773475920, value: 9, limit: 2, utilization: 4.5 } }),
      chart({ peak: { t: 1773479520, value: 2000, limit: 2000, utilization: 1 } }),
      chart({ kind: 'bytes', title: 'Disk space used', unit: 'bytes', peak: { t: 1773475920, value: 5e8, limit: 1e9, utilization: 0.5 } }),
    ],
  };

  it('lists the peaks, fullest first, under Evidence (load is no fill level)', () => {
    expect(evidenceFragment(e, 'evidence/x-prometheus.json', 'Europe/Berlin')).toBe(
      [
        'Prometheus [evidence/x-prometheus.json](evidence/x-prometheus.json): 3 charts for web-3:9100, 2026-03-14 08:00 +01:00 .. 2026-03-14 13:00 +01:00 (step 60 s); peaks:',
        '',
        '- **100 % (2,000 of 2,000)** inodes used on /srv at web-3:9100, 10:12',
        '- **50 % (500 MB of 1 GB)** disk space used on /srv at web-3:9100, 09:12',
      ].join('\n'),
    );
  });

  it('puts one timeline entry at the moment the fullest resource peaked', () => {
    const t = timelineEntry(e, 'evidence/x-prometheus.json');
    expect(t.at.toISOString()).toBe('2026-03-14T09:12:00.000Z');
    expect(t.entry).toBe('Prometheus: `inodes used on /srv at web-3:9100` peaked at 100 % (2,000 of 2,000) ([evidence/x-prometheus.json](evidence/x-prometheus.json))');
    expect(t.entry.startsWith(t.key)).toBe(true);
    expect(evidenceName(new Date('2026-03-15T10:00:00.123Z'))).toBe('2026-03-15T10-00-00Z-prometheus.json');
  });
});

describe('evidence prometheus on the command line', () => {
  it('is a usage error without --url and $PROMETHEUS_URL, and with a URL that is not http', () => {
    const dir = tempDir();
    const env = { PROMETHEUS_URL: '' };
    const none = pm(['--dir', dir, 'evidence', 'prometheus'], { env });
    expect(none.status).toBe(2);
    expect(none.stderr).toBe('postmortem: evidence prometheus: no Prometheus to ask; pass --url http://HOST:9090 or set $PROMETHEUS_URL\n');
    const bad = pm(['--dir', dir, 'evidence', 'prometheus', '--url', 'prom:9090'], { env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('postmortem: --url: expected an http:// or https:// URL, got "prom:9090"\n');
  });
});

describe('the charts of our own metrics', () => {
  it('pair only names the export writes: a renamed family fails here, not silently on a chart', () => {
    const written = new Set(PROBE_METRICS.flatMap((p) => p.families.map((f) => f.name)));
    expect(PAIRS.flatMap(([used, limit]) => [used, limit]).filter((n) => !written.has(n))).toEqual([]);
  });
});
