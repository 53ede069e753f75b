// `serve` as a user runs it: the real CLI on 127.0.0.1, a real Chromium page that reloads itself
// when the postmortem file changes, and Ctrl-C (SIGINT) stopping it cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, tempDir } from '../helpers.js';
import { doc, writeIncidents } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
if (missing) console.log(`serve browser test skipped: ${CHROMIUM} not found (apt-get install chromium; .ci/run installs it)`);

const ID = '2026-05-02-disk-full';
let dir = '';
let proc: ChildProcess;
let lines: string[] = [];
let url = '';
let browser: Browser | undefined;

const nextLine = (match: RegExp, ms = 15_000) =>
  new Promise<string>((resolve, reject) => {
    const t0 = Date.now();
    const tick = setInterval(() => {
      const hit = lines.find((l) => match.test(l));
      if (hit) return clearInterval(tick), resolve(hit);
      if (Date.now() - t0 > ms) clearInterval(tick), reject(new Error(`no line ${match} in ${ms} ms; got:\n${lines.join('\n')}`));
    }, 20);
  });

/** A raw GET, so the path reaches the server as written (fetch would normalise "..", "%2e"). */
const rawGet = (p: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const u = new URL(url);
    http.get({ host: u.hostname, port: u.port, path: p }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });

beforeAll(async () => {
  dir = path.join(tempDir('pm-serve-'), 'incidents');
  writeIncidents(dir, { [ID]: doc({ title: 'Disk full on web-1', severity: 'SEV2', status: 'resolved', started: '2026-05-02T10:00:00+02:00', resolved: '2026-05-02T11:00:00+02:00' }) });
  proc = spawn(process.execPath, [CLI, '--dir', dir, 'serve', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let buf = '';
  proc.stdout!.on('data', (d) => {
    buf += d;
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  proc.stderr!.on('data', (d) => lines.push(`stderr: ${d}`));
  url = (JSON.parse(await nextLine(/"type":"listening"/)) as { url: string }).url;
  if (!missing) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  if (proc.exitCode === null) proc.kill('SIGKILL');
});

describe('serve', () => {
  it('builds and serves on 127.0.0.1 at a free port, pages with the reload script, nothing outside the site', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await rawGet('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('Disk full on web-1');
    expect(index.body).toContain('<script src="/__postmortem/reload.js" defer></script></head>');
    for (const p of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/incidents/..%2f..%2f..%2fincidents.json/../../etc/hostname'])
      expect((await rawGet(p)).status, p).toBe(404);
    expect((await rawGet(`/incidents/${ID}/index.html`)).status).toBe(200);
  });

  it.skipIf(missing)('rebuilds when the postmortem changes and the open page reloads itself', async () => {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const listening = page.waitForResponse((r) => r.url().endsWith('/__postmortem/events')); // the page is subscribed
    await page.goto(`${url}incidents/${ID}/index.html`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Disk full on web-1');
    expect((await listening).headers()['content-type']).toBe('text/event-stream');
    const before = lines.length;
    const file = path.join(dir, ID, 'postmortem.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Disk full on web-1', 'Disk full on web-1 and web-2'));
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Disk full on web-1 and web-2', undefined, { timeout: 15_000 });
    const built = lines.slice(before).map((l) => JSON.parse(l) as { type: string; rendered?: number; reloaded?: number }).find((e) => e.type === 'build');
    expect(built).toMatchObject({ rendered: 1, reloaded: expect.any(Number) });
    expect(built!.reloaded).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]); // the CSP let the reload script run
  });

  it('a broken document is one line and the last good site stays served', async () => {
    const before = lines.length;
    writeFileSync(path.join(dir, ID, 'postmortem.md'), '---\ntitle: [\n---\n');
    const err = JSON.parse(await nextLine(/"type":"error"/)) as { message: string };
    expect(lines.slice(before).some((l) => l.includes('"type":"error"'))).toBe(true);
    expect(err.message).toMatch(/postmortem\.md:\d+: invalid YAML front matter/);
    expect((await rawGet('/')).body).toContain('Disk full on web-1');
  });

  it('Ctrl-C stops it cleanly: exit 0, the port closed', async () => {
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    proc.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(lines.at(-1)).toBe('{"type":"stopped"}');
    await expect(rawGet('/')).rejects.toThrow(/ECONNREFUSED/);
  });
});
