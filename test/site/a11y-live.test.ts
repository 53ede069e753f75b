// The site as its readers meet it, in real Chromium: every page type through axe-core (the field's
// accessibility engine) in both themes, at desktop and phone width (390 px: no sideways scrolling),
// a visible focus ring on every control reached with Tab, and the print stylesheet (light palette
// whatever the theme, no navigation, links spelled out). One browser for the file; the bundled
// incident and a small fixture history are built once.
import axe from 'axe-core';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build.js';
import { useLang } from '../../src/site/i18n/labels.js';
import { ROOT, tempDir } from '../helpers.js';
import { doc, SEED, writeIncidents } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
if (missing) console.log(`a11y test skipped: ${CHROMIUM} not found (apt-get install chromium; .ci/run installs it)`);

const THEMES = ['light', 'dark'] as const;
const WIDTHS = [1280, 390] as const;
const LONG_URL = 'https://status.example.org/incidents/2025/a-very-long-path-without-any-place-to-break-it-at-all/and-then-some-more';

/** Prometheus evidence as `evidence prometheus` writes it: inodes filling to their limit. */
function prometheus() {
  const t0 = Date.parse('2026-03-14T08:00:00Z') / 1000;
  const points = Array.from({ length: 120 }, (_, i) => [t0 + i * 60, Math.min(3_000_000, 2_000_000 + i * 20_000)]);
  const chart = { kind: 'inodes', title: 'Inodes used', unit: 'count', instance: 'vz-blog-01:9100', subject: '/', series: [{ name: 'used', points }], limit: { name: 'inodes total', points: [[t0, 3_000_000], [t0 + 7140, 3_000_000]] } };
  return { kind: 'postmortem-prometheus', version: 1, source: 'http://127.0.0.1:9090', pulledAt: '2026-03-15T10:00:00Z', window: { start: '2026-03-14T07:00:00Z', end: '2026-03-14T12:00:00Z', step: 60 }, instances: ['vz-blog-01:9100'], charts: [chart, { ...chart, kind: 'bytes', title: 'Disk space used', unit: 'bytes' }] };
}

/** The fixture history: every severity and status, a peak finding, Markdown in actions, remote images, long words. */
function history(dir: string): void {
  writeIncidents(dir, {
    '2026-03-14-blog-inode-quota': {
      'postmortem.md': SEED.replace('## Evidence', `## Evidence\n\n![inode graph](https://grafana.example.org/render/inodes.png) and ${LONG_URL}\n`),
      'evidence/df-i.txt': 'IUse% 100%\n',
      // promB's time-series charts on the incident page must read as well as the rest
      'evidence/2026-03-15T10-00-00Z-prometheus.json': JSON.stringify(prometheus()),
      'snapshots/s.json': JSON.stringify({
        host: 'vz',
        findings: [
          { id: 'cgroup.memory-peak', severity: 'warning', resource: 'memory (cgroup)', subject: '/blog', used: 512, limit: 512, unit: 'bytes', message: 'memory peaked at its limit' },
          { id: 'fs.inodes', severity: 'info', resource: 'inodes', subject: '/', used: 10, limit: 100, message: 'fine' },
          { id: 'kernel.oom', severity: 'critical', resource: 'kernel log', message: 'oom-killer ran' },
          { id: 'beancounters.numfile', severity: 'critical', resource: 'inodes', subject: 'numfile', used: 3000001, limit: 3000000, message: 'inode quota full' },
        ],
      }),
    },
    '2025-11-02-cert-expired': doc({ title: 'Certificate expired on mail', severity: 'SEV3', status: 'resolved', started: '2025-11-02T08:00:00+01:00', detected: '2025-11-02T08:05:00+01:00', resolved: '2025-11-02T09:30:00+01:00', tags: ['tls', 'mail'], services: ['mail'], body: '## TL;DR\n\nThe certificate renewal cron job had been failing silently since the upgrade.\n\n## Prevention\n\n- [ ] Check `certbot renew --dry-run` **weekly** — owner: @ops, due: 2025-12-01\n' }),
      '2025-06-01-dns': doc({ title: 'Resolver down', severity: 'SEV1', status: 'investigating', started: '2025-06-01T08:00:00Z', tags: ['dns'], services: ['dns'] }),
    '2025-01-20-disk': doc({ title: 'Backup disk full after the retention change nobody reviewed', severity: 'SEV4', status: 'mitigated', started: '2025-01-20T08:00:00Z', tags: ['disk', 'backup'], services: ['backup'] }),
    '2024-02-02-unknown': doc({ title: 'Old outage with no severity', started: '2024-02-02T08:00:00Z', tags: ['dns'] }),
  });
}

describe.skipIf(missing)('every page type for every reader', () => {
  let browser: Browser;
  /** Built sites: the fixture history and the bundled incident. */
  const sites: string[] = [];

  beforeAll(async () => {
    const root = tempDir('pm-a11y-');
    const dir = path.join(root, 'incidents');
    history(dir);
    for (const [from, out, lang] of [
      [dir, path.join(root, 'site'), 'en'],
      [path.join(ROOT, 'incidents'), path.join(root, 'bundled'), 'en'],
      // longer words, other dates: the German site must fit a phone too
      [dir, path.join(root, 'site-de'), 'de'],
    ] as const) {
      await buildSite({ dir: from, out, lang });
      sites.push(out);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    useLang('en');
  });

  /** One page of each type the build made (a service page only when the build makes them). */
  function pageTypes(): string[] {
    const out: string[] = [];
    for (const site of sites) {
      const incidents = readdirSync(path.join(site, 'incidents')).map((id) => path.join(site, 'incidents', id, 'index.html'));
      const tags = readdirSync(path.join(site, 'tags')).filter((f) => f !== 'index.html' && f.endsWith('.html'));
      const services = existsSync(path.join(site, 'services')) ? readdirSync(path.join(site, 'services')).filter((f) => f.endsWith('.html')) : [];
      out.push(
        path.join(site, 'index.html'),
        ...(site === sites[0] ? incidents : incidents.sort().slice(-1)),
        path.join(site, 'tags', 'index.html'),
        path.join(site, 'tags', tags[0]!),
        path.join(site, 'stats.html'),
        path.join(site, 'actions.html'),
        ...services.slice(0, 2).map((f) => path.join(site, 'services', f)),
      );
    }
    return out.filter((f) => existsSync(f));
  }
  const name = (file: string) => path.relative(path.dirname(sites[0]!), file);

  async function context(colorScheme: 'light' | 'dark', width: number, bypassCSP = false): Promise<BrowserContext> {
    return browser.newContext({ colorScheme, viewport: { width, height: 800 }, bypassCSP, isMobile: width < 500, hasTouch: width < 500 });
  }

  for (const theme of THEMES)
    for (const width of WIDTHS)
      it(`axe finds no serious or critical violation, and the landmarks are there: ${theme}, ${width} px`, async () => {
        // the site's CSP (script-src 'self') would block the injected engine: this context ignores it
        const ctx = await context(theme, width, true);
        const found: string[] = [];
        const files = pageTypes();
        expect(files.length).toBeGreaterThanOrEqual(10);
        for (const file of files) {
          const page = await ctx.newPage();
          await page.goto(pathToFileURL(file).href);
          await page.addScriptTag({ content: axe.source });
          const result = await page.evaluate(async () => {
            const r = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
            return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
          });
          found.push(...result.map((r) => `${name(file)}: ${r}`));
          // axe rates missing landmarks "moderate"; we want them all the same
          const landmarks = await page.evaluate(() => ['body > header', 'header nav', 'main#main', 'body > footer'].filter((sel) => document.querySelectorAll(sel).length !== 1));
          found.push(...landmarks.map((l) => `${name(file)}: landmark ${l} missing or doubled`));
          await page.close();
        }
        await ctx.close();
        expect(found).toEqual([]);
      }, 120_000);

  it('every severity and status badge has text at 4.5:1 or better in both themes', async () => {
    for (const theme of THEMES) {
      const ctx = await context(theme, 1280);
      const page = await ctx.newPage();
      await page.goto(pathToFileURL(path.join(sites[0]!, 'index.html')).href);
      const ratios = await page.$$eval('.badge', (badges) => {
        const rgb = (c: string) => c.match(/[\d.]+/g)!.slice(0, 3).map(Number);
        const lum = (c: string) => {
          const [r, g, b] = rgb(c).map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
          return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
        };
        return badges.map((b) => {
          const s = getComputedStyle(b);
          const [x, y] = [lum(s.color), lum(s.backgroundColor)];
          return { badge: b.className, ratio: (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05) };
        });
      });
      // all four severities, unknown, and the three statuses are in the fixture history
      expect(new Set(ratios.map((r) => r.badge)).size).toBeGreaterThanOrEqual(9);
      expect(ratios.filter((r) => r.ratio < 4.5).map((r) => `${theme} ${r.badge}: ${r.ratio.toFixed(2)}`)).toEqual([]);
      await ctx.close();
    }
  }, 60_000);

  it('no page scrolls sideways on a 390 px phone, and the index keeps its status column', async () => {
    const ctx = await context('light', 390);
    const wide: string[] = [];
    for (const file of pageTypes()) {
      const page = await ctx.newPage();
      await page.goto(pathToFileURL(file).href);
      const w = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      if (w > 390) wide.push(`${name(file)}: ${w} px`);
      if (file.endsWith(`${path.sep}index.html`) && path.dirname(file) === sites[0]) {
        expect(await page.locator('table.incidents th[data-sort="status"]').first().isVisible()).toBe(true);
        const box = await page.locator('table.incidents tbody tr .badge.status').first().boundingBox();
        expect(box && box.x + box.width).toBeLessThanOrEqual(390);
        // rows drawn as cards still hide when a filter leaves them out
        await page.selectOption('select[name="tag"]', 'dns');
        expect(await page.locator('table.incidents tbody tr:visible').count()).toBe(2);
      }
      if (file.includes('2026-03-14-blog-inode-quota')) {
        // the section links wrap onto several lines instead of one long line
        if (file.startsWith(sites[0]! + path.sep)) expect(await page.locator('#prometheus ~ * svg').count()).toBeGreaterThan(0);
        const toc = await page.locator('nav.toc').first().boundingBox();
        expect(toc!.width).toBeLessThanOrEqual(390);
        expect(toc!.height).toBeGreaterThan(30);
      }
      await page.close();
    }
    await ctx.close();
    expect(wide).toEqual([]);
  }, 120_000);

  it('every control shows a focus ring when reached with Tab', async () => {
    const ctx = await context('dark', 1280);
    const missingRing: string[] = [];
    let reached = 0;
    for (const file of pageTypes().filter((f) => f.startsWith(sites[0]! + path.sep))) {
      const page = await ctx.newPage();
      await page.goto(pathToFileURL(file).href);
      const seen = new Set<string>();
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const s = getComputedStyle(el);
          const desc = `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} "${(el.textContent ?? '').trim().slice(0, 30) || el.getAttribute('aria-label') || el.getAttribute('name')}"`;
          return { desc, ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2, key: el.outerHTML.slice(0, 200) + desc };
        });
        if (!f || seen.has(f.key)) continue;
        seen.add(f.key);
        reached++;
        if (!f.ring) missingRing.push(`${name(file)}: ${f.desc}`);
      }
      await page.close();
    }
    await ctx.close();
    // the skip link, the nav, the theme toggle, the search box, the selects, the sort buttons, links
    expect(reached).toBeGreaterThan(20);
    expect(missingRing).toEqual([]);
  }, 120_000);

  it('prints in the light palette without navigation, with links spelled out', async () => {
    const ctx = await context('dark', 1280);
    const page = await ctx.newPage();
    await page.goto(pathToFileURL(path.join(sites[0]!, 'incidents', '2026-03-14-blog-inode-quota', 'index.html')).href);
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await bg()).toBe('rgb(14, 17, 22)'); // dark on screen
    await page.emulateMedia({ media: 'print' });
    expect(await bg()).toBe('rgb(255, 255, 255)');
    expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe('rgb(0, 0, 0)');
    for (const chrome of ['.site-header nav', '.theme-toggle', 'nav.toc', '.skip'])
      expect(await page.locator(chrome).first().isVisible(), chrome).toBe(false);
    const after = await page.evaluate(() => {
      const a = [...document.querySelectorAll('article a[href^="http"]')][0]!;
      return getComputedStyle(a, '::after').content;
    });
    expect(after).toContain('https://');
    // the toggle chose dark explicitly: print is still light
    await page.emulateMedia({ media: 'screen' });
    await page.click('.theme-toggle');
    await page.click('.theme-toggle');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.emulateMedia({ media: 'print' });
    expect(await bg()).toBe('rgb(255, 255, 255)');
    await ctx.close();
  }, 60_000);
});
