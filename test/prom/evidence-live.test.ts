// `evidence prometheus` against a real Prometheus scraping a real node_exporter, both started here
// on 127.0.0.1 free ports (one pair for the file), Prometheus with a 1 s scrape interval and its own
// storage in a temp folder, node_exporter's textfile collector reading what `export --textfile` writes. A tmpfs fills up while they watch; the built page's inode chart for it
// must rise to the limit, read from the SVG's data, not its pixels.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, fillInodes, pm, tempDir, tmpfs } from '../helpers.js';

const PROMETHEUS = '/usr/bin/prometheus';
const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';
const isRoot = process.getuid?.() === 0;
const missing = [PROMETHEUS, NODE_EXPORTER].filter((f) => !existsSync(f));
const skip = !isRoot ? 'needs root (mounts a tmpfs)' : missing.length ? `${missing.join(', ')} not installed (.ci/run installs them)` : '';
if (skip) console.log(`evidence-live: skipped, ${skip}`);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer().once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** pm() without blocking this process's event loop (for a server the test itself runs). */
const pmAsync = (args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', TZ: 'Europe/Berlin' } }, (e, stdout, stderr) =>
      resolve({ status: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

const started: ChildProcess[] = [];
function start(cmd: string, args: string[], log: string): ChildProcess {
  const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  p.stderr!.on('data', (b: Buffer) => writeFileSync(log, b, { flag: 'a' }));
  started.push(p);
  return p;
}

async function until<T>(what: string, f: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f().catch(() => null);
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

const NR_INODES = 400;
let promUrl = '';
let instance = '';
let work = '';
let exportTo = () => {};

describe.skipIf(Boolean(skip))('evidence prometheus against a real Prometheus and node_exporter', () => {
  beforeAll(async () => {
    work = tempDir('pm-prom-');
    const [nePort, promPort] = [await freePort(), await freePort()];
    instance = `127.0.0.1:${nePort}`;
    promUrl = `http://127.0.0.1:${promPort}`;
    // only the collectors the charts read: a faster scrape, and no collector that can hang on this machine
    // the textfile collector reads what `export --textfile` writes: ours, run before and after the fill
    const textfiles = path.join(work, 'textfile');
    mkdirSync(textfiles);
    exportTo = () => expect(pm(['export', '--textfile', textfiles]).status).toBe(0);
    exportTo();
    start(NODE_EXPORTER, [`--web.listen-address=${instance}`, '--collector.disable-defaults', '--collector.filesystem', '--collector.meminfo', '--collector.loadavg', '--collector.filefd', '--collector.cpu', '--collector.textfile', `--collector.textfile.directory=${textfiles}`], path.join(work, 'node-exporter.log'));
    writeFileSync(path.join(work, 'prometheus.yml'), `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['${instance}']\n`);
    mkdirSync(path.join(work, 'data'));
    start(PROMETHEUS, [`--config.file=${path.join(work, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(work, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`], path.join(work, 'prometheus.log'));
    // ready, and the first scrape of node_exporter is in
    await until('Prometheus to scrape node_exporter', async () => {
      const r = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(`up{instance="${instance}"}`)}`);
      const j = (await r.json()) as { data: { result: { value: [number, string] }[] } };
      return j.data.result[0]?.value[1] === '1' ? true : null;
    });
  });

  // not Prometheus: a web server that answers HTML, and records what it was sent
  let other = '';
  const seen: { url: string; auth: string | undefined }[] = [];
  const web = http.createServer((req, res) => {
    seen.push({ url: req.url!, auth: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>It works!</body></html>\n');
  });
  beforeAll(async () => {
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    other = `127.0.0.1:${(web.address() as net.AddressInfo).port}`;
  });

  afterAll(async () => {
    web.close();
    for (const p of started) p.kill('SIGTERM');
    await Promise.all(started.map((p) => (p.exitCode !== null || p.signalCode !== null ? null : new Promise((r) => p.once('exit', r)))));
  });

  it('pulls the window of an incident whose tmpfs filled up, and the built page draws the inodes rising to the limit', async () => {
    const mnt = tmpfs(`size=4m,nr_inodes=${NR_INODES}`, 'pm-prom-fill-');
    const dir = path.join(work, 'incidents');
    expect(pm(['--dir', dir, 'new', '--started', new Date(Date.now() - 1000).toISOString(), 'blog', 'out', 'of', 'inodes']).status).toBe(0);
    expect(pm(['--dir', dir, 'set', 'hosts', instance]).status).toBe(0);
    await sleep(1500);
    // a quarter at a time, each held for more than one scrape, then every free inode
    mkdirSync(path.join(mnt, 'part'));
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < NR_INODES / 4; i++) writeFileSync(path.join(mnt, 'part', `${k}-${i}`), '');
      await sleep(1500);
    }
    fillInodes(mnt);
    exportTo();
    await sleep(3000);

    const r = pm(['--dir', dir, 'evidence', 'prometheus', '--url', promUrl, '--step', '1s', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { instances: string[]; evidence: string; charts: { kind: string; subject: string; utilization: number | null; points: number; peak: string | null }[]; timeline: { added: boolean } };
    expect(out.instances).toEqual([instance]);
    const mine = out.charts.find((c) => c.kind === 'inodes' && c.subject === mnt)!;
    expect(mine.utilization).toBe(1);
    expect(mine.points).toBeGreaterThan(5);
    expect(out.charts.map((c) => c.kind)).toEqual(expect.arrayContaining(['inodes', 'bytes', 'memory', 'load', 'fds', 'postmortem']));
    // what export --textfile wrote, paired with its limits: `check="…"` of the utilisation ratios, or a process's labels
    const ours = out.charts.filter((c) => c.kind === 'postmortem');
    expect(ours.length).toBeGreaterThan(0);
    for (const c of ours) expect(c.subject).toMatch(/^(?:[a-z_]+="[^"]*",?)+$/);
    expect(out.timeline.added).toBe(true);

    const [id] = readdirSync(dir);
    const doc = readFileSync(path.join(dir, id!, 'postmortem.md'), 'utf8');
    expect(doc).toContain(`Prometheus [${out.evidence}](${out.evidence}): `);
    expect(doc).toMatch(new RegExp(`— Prometheus: \`[^\`]+\` peaked at [^\\n]*\\(\\[${out.evidence.replace(/[.]/g, '\\.')}\\]`));

    const site = path.join(work, 'site');
    expect(pm(['--dir', dir, 'build', '--out', site]).status).toBe(0);
    const html = readFileSync(path.join(site, 'incidents', id!, 'index.html'), 'utf8');
    const svg = html.match(/<svg [^>]*class="timeseries"[^>]*>[\s\S]*?<\/svg>/g)!.find((s) => s.includes('data-kind="inodes"') && s.includes(`data-subject="${mnt}"`));
    expect(svg).toBeDefined();
    const points = (cls: string) =>
      /<g class="(?:[^"]*)" data-name="[^"]*" data-points="([^"]*)"/.exec(svg!.slice(svg!.indexOf(`<g class="${cls}"`)))![1]!.split(' ').map((p) => p.split(',').map(Number) as [number, number]);
    const used = points('ts-series').map((p) => p[1]);
    const limit = points('ts-limit').map((p) => p[1]);
    expect(new Set(limit)).toEqual(new Set([NR_INODES]));
    // it rose: from a few inodes through the quarters to every one of them, never falling
    expect(used[0]).toBeLessThan(NR_INODES / 4);
    expect(used.at(-1)).toBe(NR_INODES);
    expect(used.some((v) => v > NR_INODES / 4 && v < NR_INODES)).toBe(true);
    for (let i = 1; i < used.length; i++) expect(used[i]).toBeGreaterThanOrEqual(used[i - 1]!);
    expect(svg).toMatch(/<title>Inodes used on [^<]* min \d+, max 400, limit 400 \(peak 100 % of it\)/);
    expect(svg).toContain('data-mark="started"');
    // drawn: one polyline of the used series reaches the limit's height
    const group = (cls: string) => svg!.slice(svg!.indexOf(`<g class="${cls}"`), svg!.indexOf('</g>', svg!.indexOf(`<g class="${cls}"`)));
    const ys = (cls: string) => [...group(cls).matchAll(/ points="([^"]*)"/g)].flatMap((m) => m[1]!.split(' ').map((p) => Number(p.split(',')[1])));
    expect(Math.min(...ys('ts-series'))).toBe(ys('ts-limit')[0]);
  });

  it('says in one line, exit 1, when Prometheus is unreachable', async () => {
    const dir = path.join(tempDir(), 'incidents');
    pm(['--dir', dir, 'new', 'x']);
    const closed = await freePort();
    const r = pm(['--dir', dir, 'evidence', 'prometheus', '--url', `http://127.0.0.1:${closed}`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`postmortem: Prometheus at http://127.0.0.1:${closed} is unreachable (ECONNREFUSED); check --url or $PROMETHEUS_URL\n`);
  });

  it('says so when the URL is some other server, and sends the URL\'s credentials as Basic auth, never showing them', async () => {
    const dir = path.join(tempDir(), 'incidents');
    pm(['--dir', dir, 'new', 'x']);
    // the server lives in this process: the CLI must run without blocking it
    const r = await pmAsync(['--dir', dir, 'evidence', 'prometheus', '--url', `http://ops:s3cret@${other}/prometheus/`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`postmortem: Prometheus at http://${other}/prometheus: not a Prometheus API answer (HTTP 200, "<html><body>It works!</body></html>"); expected JSON with "status"\n`);
    expect(seen.at(-1)).toEqual({ url: expect.stringMatching(/^\/prometheus\/api\/v1\/label\/instance\/values\?start=\d+&end=\d+$/), auth: `Basic ${Buffer.from('ops:s3cret').toString('base64')}` });
  });

  it('says in one line, exit 1, when the window holds no data, and which instances a host could have been', () => {
    const dir = path.join(tempDir(), 'incidents');
    // a year ago: long before this Prometheus started
    pm(['--dir', dir, 'new', '--started', '2025-01-10T09:00:00+01:00', 'old', 'one']);
    pm(['--dir', dir, 'set', 'resolved', '2025-01-10T09:30:00+01:00']);
    const old = pm(['--dir', dir, '--incident', 'old-one', 'evidence', 'prometheus'], { env: { PROMETHEUS_URL: promUrl } });
    expect(old.status).toBe(1);
    expect(old.stderr).toBe(`postmortem: Prometheus at ${promUrl} has no data in the window 2025-01-10 08:00 +01:00 .. 2025-01-10 10:30 +01:00: no instance was scraped then\n`);
    expect(old.stdout).toBe('');

    pm(['--dir', dir, 'new', 'now', 'one']);
    pm(['--dir', dir, 'set', 'hosts', 'web-9']);
    const other = pm(['--dir', dir, 'evidence', 'prometheus', '--url', promUrl]);
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(new RegExp(`^postmortem: no series for host "web-9" in Prometheus at ${promUrl.replace(/[.]/g, '\\.')} \\([^)]*\\); it has instances ${instance.replace(/[.]/g, '\\.')}\\n$`));
  });
});
