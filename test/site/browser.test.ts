// The built site in a real browser (Debian's chromium through playwright-core): served over HTTP on
// 127.0.0.1 and opened from file://, filtered, searched, sorted, followed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build.js';
import { tempDir } from '../helpers.js';
import { doc, SEED, writeIncidents } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
if (missing) console.log(`browser test skipped: ${CHROMIUM} not found (apt-get install chromium; .ci/run installs it)`);

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.xml': 'application/atom+xml', '.txt': 'text/plain' };

function serve(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(root, rel.endsWith('/') ? rel + 'index.html' : rel);
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(missing)('the site in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let base: string;
  let out: string;
  const problems: string[] = [];

  beforeAll(async () => {
    const root = tempDir('pm-browser-');
    const dir = path.join(root, 'incidents');
    writeIncidents(dir, {
      '2026-03-14-blog-inode-quota': {
        'postmortem.md': SEED,
        'evidence/df-i.txt': 'IUse% 100%\n',
        'snapshots/s.json': JSON.stringify({ host: 'vz', findings: [{ severity: 'critical', resource: 'inodes', subject: 'numfile', used: 3000001, limit: 3000000, message: 'inode quota full' }] }),
      },
      '2025-11-02-cert-expired': doc({ title: 'Certificate expired on mail', severity: 'SEV3', status: 'resolved', started: '2025-11-02T08:00:00+01:00', resolved: '2025-11-02T09:30:00+01:00', tags: ['tls', 'mail'], body: '## TL;DR\n\nThe certificate renewal cron job had been failing silently since the upgrade.\n' }),
      '2025-06-01-dns': doc({ title: 'Resolver down', severity: 'SEV1', status: 'resolved', started: '2025-06-01T08:00:00Z', tags: ['dns'], body: '## TL;DR\n\nThe resolver crashed.\n' }),
      '2024-02-02-evil': doc({ title: 'Evil', started: '2024-02-02T08:00:00Z', tags: ['dns'], body: '## TL;DR\n\n<img src=x onerror=alert(1)> [x](javascript:alert(2))\n\n<script>alert(3)</script>\n' }),
    });
    out = path.join(root, 'site');
    await buildSite({ dir, out });
    server = await serve(out);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  async function open(url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const page = await browser.newPage({ colorScheme });
    // failed loads are recorded with their URL by the response handler below
    page.on('console', (m) => m.type() === 'error' && !/Failed to load resource/.test(m.text()) && problems.push(`${url}: ${m.text()}`));
    // (a plain-text evidence file has no icon link, so Chromium asks the server root for favicon.ico)
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && problems.push(`${r.status()} ${r.url()}`));
    page.on('pageerror', (e) => problems.push(`${url}: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`${url}: a dialog opened: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('file://')) problems.push(`external request: ${r.url()}`);
    });
    await page.goto(url);
    return page;
  }

  const visibleTitles = (page: Page) => page.$$eval('table.incidents tbody tr:not([hidden]) td.title a', (as) => as.map((a) => a.textContent));

  it('filters by tag, searches, sorts, and follows a link to an incident page', async () => {
    const page = await open(base + 'index.html');
    expect(await visibleTitles(page)).toEqual(['Blog down: inode quota full', 'Certificate expired on mail', 'Resolver down', 'Evil']);

    await page.selectOption('select[name="tag"]', 'dns');
    expect(await visibleTitles(page)).toEqual(['Resolver down', 'Evil']);
    expect(await page.textContent('#count')).toBe('2 of 4 incidents');
    expect(new URL(page.url()).hash).toBe('#tag=dns');

    await page.selectOption('select[name="tag"]', '');
    await page.fill('input[name="q"]', 'renewal cron'); // words from the body, not the title
    expect(await visibleTitles(page)).toEqual(['Certificate expired on mail']);
    await page.fill('input[name="q"]', 'nothing-like-this');
    expect(await visibleTitles(page)).toEqual([]);
    expect(await page.isVisible('#no-match')).toBe(true);
    await page.click('button[type="reset"]');
    await page.waitForFunction(() => document.querySelectorAll('table.incidents tbody tr:not([hidden])').length === 4);

    await page.click('th[data-sort="sev"] button');
    expect((await visibleTitles(page))[0]).toBe('Resolver down');
    expect(await page.getAttribute('th[data-sort="sev"]', 'aria-sort')).toBe('ascending');

    await page.click('text=Blog down: inode quota full');
    await page.waitForURL(/2026-03-14-blog-inode-quota\/index\.html$/);
    expect(await page.textContent('h1')).toBe('Blog down: inode quota full');
    expect(await page.textContent('.durations')).toContain('8 min');
    expect(await page.$$eval('ul.timeline > li', (li) => li.length)).toBe(2);
    expect(await page.isVisible('.usage.critical')).toBe(true);
    // evidence was copied and the link works
    const href = await page.getAttribute('.files a', 'href');
    const evidence = await page.goto(new URL(href!, page.url()).href);
    expect(evidence?.status()).toBe(200);
    expect(await evidence?.text()).toBe('IUse% 100%\n');
    await page.close();
  }, 60_000);

  it('opens from file:// with search and filters working, and no content can run', async () => {
    const page = await open(pathToFileURL(path.join(out, 'index.html')).href + '#tag=tls');
    expect(await visibleTitles(page)).toEqual(['Certificate expired on mail']);
    await page.selectOption('select[name="tag"]', '');
    await page.fill('input[name="q"]', 'resolver');
    expect(await visibleTitles(page)).toEqual(['Resolver down']);
    await page.close();
    const evil = await open(pathToFileURL(path.join(out, 'incidents', '2024-02-02-evil', 'index.html')).href);
    expect(await evil.textContent('h1')).toBe('Evil');
    await evil.waitForTimeout(200);
    await evil.close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('follows the dark colour scheme, and the toggle overrides it', async () => {
    const page = await open(base + 'stats.html', 'dark');
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await bg()).toBe('rgb(14, 17, 22)');
    expect(await page.$$eval('.chart svg', (s) => s.length)).toBe(7); // + time to resolve by severity and by service (siteA)
    await page.click('.theme-toggle');
    expect(await bg()).toBe('rgb(246, 247, 249)');
    await page.close();
    expect(problems).toEqual([]);
  }, 60_000);
});
