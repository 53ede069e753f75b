// The whole path for real, as root: a tmpfs out of inodes and a process at its own fd limit; `export
// --textfile` writes; a real node_exporter (127.0.0.1, free port, textfile collector on our folder)
// serves it; a real Prometheus scrapes every second and evaluates the rules `alerts` prints. Our
// metrics must parse in node_exporter, and alerts on both its names and ours must fire.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../remote/sshd.js';
import { fillInodes, pm, tempDir, tmpfs } from '../helpers.js';

const root = process.getuid?.() === 0;
const have = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
const NODE_EXPORTER = 'prometheus-node-exporter';
const missing = [NODE_EXPORTER, 'prometheus'].filter((c) => !have(c));
const skip = !root ? 'not root (the test mounts a tmpfs; CI runs as root)' : missing.length ? `${missing.join(' and ')} not installed (Debian packages prometheus-node-exporter, prometheus; CI installs them)` : null;
if (skip) console.log(`prometheus live test skipped: ${skip}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `get` until `ok` holds or the deadline passes; returns the last value either way. */
async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  let v = await get();
  for (const end = Date.now() + ms; !ok(v) && Date.now() < end; v = await get()) await sleep(250);
  return v;
}

/** A series' value in exposition text (labels in the order the server writes them, sorted). */
const valueIn = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

interface Alert {
  labels: Record<string, string>;
  state: string;
}

describe.skipIf(skip !== null)('export and alerts against a real node_exporter and Prometheus', () => {
  const children: ChildProcess[] = [];
  let textDir: string;
  let mnt: string;
  let nodePort: number;
  let promPort: number;
  let hog: ChildProcess;

  const start = (cmd: string, args: string[]) => {
    const c = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr!.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
    children.push(c);
    return () => err;
  };
  const metrics = async () => (await fetch(`http://127.0.0.1:${nodePort}/metrics`)).text();
  const alerts = async (): Promise<Alert[]> => {
    const r = await fetch(`http://127.0.0.1:${promPort}/api/v1/alerts`).catch(() => null);
    return r?.ok ? ((await r.json()) as { data: { alerts: Alert[] } }).data.alerts : [];
  };

  beforeAll(async () => {
    textDir = tempDir('pm-textfile-');
    mnt = tmpfs('size=1m,nr_inodes=64', 'pm-prom-inodes-');
    fillInodes(mnt);
    // a process at its own "Max open files", which node_exporter does not see: 20 allowed, 20 open
    hog = spawn('/usr/bin/python3', ['-c', 'import resource,os,sys,time\nresource.setrlimit(resource.RLIMIT_NOFILE,(20,20))\nfs=[]\ntry:\n  while True: fs.append(os.open("/dev/null",os.O_RDONLY))\nexcept OSError: pass\nprint("full",flush=True)\ntime.sleep(600)'], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(hog);
    await new Promise((r) => hog.stdout!.once('data', r));

    const ex = pm(['export', '--textfile', textDir, '--json']);
    expect(ex.status, ex.stderr).toBe(0);

    nodePort = await freePort();
    const nodeErr = start(NODE_EXPORTER, [`--web.listen-address=127.0.0.1:${nodePort}`, '--collector.disable-defaults', '--collector.textfile', `--collector.textfile.directory=${textDir}`, '--collector.filesystem', '--collector.filefd']);
    const up = await until(() => metrics().catch(() => ''), (t) => t.includes('node_textfile_scrape_error'), 15_000);
    expect(up, nodeErr()).toContain('node_textfile_scrape_error');

    // Prometheus: 1 s scrapes and rule evaluation, the rules as `alerts` prints them, firing at once
    const promDir = tempDir('pm-prometheus-');
    const rules = pm(['alerts', '--for', '0s']);
    expect(rules.status, rules.stderr).toBe(0);
    writeFileSync(path.join(promDir, 'rules.yml'), rules.stdout);
    writeFileSync(
      path.join(promDir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files: [rules.yml]\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['127.0.0.1:${nodePort}']\n`,
    );
    promPort = await freePort();
    start('prometheus', [`--config.file=${path.join(promDir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(promDir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`]);
  });

  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await sleep(200);
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  it('node_exporter parses our file: no scrape error, our families next to its own inode metrics', async () => {
    const text = await metrics();
    expect(valueIn(text, 'node_textfile_scrape_error')).toBe(0);
    expect(text).toContain(`node_textfile_mtime_seconds{file="${path.join(textDir, 'postmortem.prom')}"}`);
    // the full tmpfs, once in node_exporter's words and once in ours
    expect(valueIn(text, `node_filesystem_files_free{device="pm-test-tmpfs",fstype="tmpfs",mountpoint="${mnt}"}`)).toBe(0);
    expect(valueIn(text, `postmortem_resource_utilization_ratio{check="filesystems.inodes",resource="inodes",subject="${mnt}"}`)).toBe(1);
    expect(valueIn(text, 'postmortem_findings{severity="critical"}')).toBeGreaterThanOrEqual(2);
    // the fd hog, which only we export
    // at least its limit: an fd inherited above it counts too
    expect(valueIn(text, `postmortem_process_open_fds{comm="python3",pid="${hog.pid}"}`)).toBeGreaterThanOrEqual(20);
    expect(valueIn(text, `postmortem_process_max_fds{comm="python3",pid="${hog.pid}"}`)).toBe(20);
  });

  it('Prometheus fires the inode alert on node_exporter\'s metrics and the fd alert on ours, critical', async () => {
    const firing = (as: Alert[], name: string, match: (l: Record<string, string>) => boolean) =>
      as.some((a) => a.labels.alertname === name && a.labels.severity === 'critical' && a.state === 'firing' && match(a.labels));
    const inodes = (as: Alert[]) => firing(as, 'PostmortemFilesystemInodes', (l) => l.mountpoint === mnt);
    const fds = (as: Alert[]) => firing(as, 'PostmortemProcessOpenFiles', (l) => l.pid === String(hog.pid) && l.comm === 'python3');
    const got = await until(alerts, (as) => inodes(as) && fds(as), 45_000);
    expect(inodes(got), JSON.stringify(got)).toBe(true);
    expect(fds(got), JSON.stringify(got)).toBe(true);
  });
});
