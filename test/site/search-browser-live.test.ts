// Search as a reader uses it, in Chromium from file://: the index opens without the search data,
// the data arrives as a script the first time the reader searches (fetch of JSON is blocked on
// file://), a search covers the years that are not on the index, and matches are marked. And the
// statistics on a phone.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build.js';
import { tempDir } from '../helpers.js';
import { doc, writeIncidents } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
if (missing) console.log(`search browser test skipped: ${CHROMIUM} not found (apt-get install chromium; .ci/run installs it)`);

describe.skipIf(missing)('search in Chromium from file://', () => {
  let browser: Browser;
  let index: string;
  let stats: string;
  let out: string;
  const problems: string[] = [];

  beforeAll(async () => {
    const root = tempDir('pm-search-browser-');
    const dir = path.join(root, 'incidents');
    const incidents: Record<string, string> = {};
    // a busy recent year fills the index; 2020 goes to a page of its own
    for (let i = 0; i < 61; i++) {
      const d = String(1 + (i % 28)).padStart(2, '0');
      const m = String(1 + (i % 12)).padStart(2, '0');
      incidents[`2026-${m}-${d}-routine-${i}`] = doc({ title: `Routine restart ${i}`, severity: 'SEV4', status: 'resolved', started: `2026-${m}-${d}T08:00:00Z`, tags: ['routine'] });
    }
    incidents['2026-02-03-mail'] = doc({
      title: 'Mail queue stuck',
      severity: 'SEV2',
      status: 'resolved',
      started: '2026-02-03T09:00:00Z',
      tags: ['DNS'],
      body: '## Impact\n\n- Outgoing mail stopped for two hours.\n\n## Root cause\n\nThe resolver was down.\n',
    });
    incidents['2020-05-05-zeppelin'] = doc({ title: 'Old storage outage', severity: 'SEV1', status: 'resolved', started: '2020-05-05T08:00:00Z', tags: ['dns'], body: '## TL;DR\n\nThe zeppelin backup host filled its disk.\n' });
    writeIncidents(dir, incidents);
    out = path.join(root, 'site');
    await buildSite({ dir, out, now: new Date('2026-06-01T00:00:00Z') });
    index = pathToFileURL(path.join(out, 'index.html')).href;
    stats = pathToFileURL(path.join(out, 'stats.html')).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(url: string): Promise<Page> {
    const page = await browser.newPage();
    // a CSP violation, a script error or a failed load would show here
    page.on('console', (m) => m.type() === 'error' && problems.push(`${url}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`${url}: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
    await page.goto(url);
    return page;
  }
  const visible = (page: Page) => page.$$eval('table.incidents tbody tr:not([hidden]) td.title a', (as) => as.map((a) => a.textContent));

  it('opens without the search data and loads it on the first search, covering earlier years', async () => {
    const page = await open(index);
    expect(await page.evaluate(() => (window as unknown as { PM_SEARCH?: unknown }).PM_SEARCH)).toBeUndefined();
    expect(await page.$$('script[src$="search-data.js"]')).toHaveLength(0);
    expect(await page.textContent('#count')).toBe('63 incidents');
    // 2020 is not on the index: its incident is not a row yet
    expect(await page.$('text=Old storage outage')).toBeNull();

    await page.focus('input[name=q]');
    await page.waitForFunction(() => Array.isArray((window as unknown as { PM_SEARCH?: { words: unknown } }).PM_SEARCH?.words));
    await page.fill('input[name=q]', 'zeppelin');
    await page.waitForFunction(() => document.querySelectorAll('table.incidents tbody tr:not([hidden])').length === 1);
    expect(await visible(page)).toEqual(['Old storage outage']);
    expect(await page.textContent('#count')).toBe('1 of 63 incidents');
    expect(await page.textContent('tr:not([hidden]) .found-in')).toBe('found in text');
    // the row made from the data links to the incident page, which exists
    const href = await page.getAttribute('tr:not([hidden]) td.title a', 'href');
    const target = await open(new URL(href!, index).href);
    expect(await target.textContent('h1')).toBe('Old storage outage');
    expect(problems).toEqual([]);
  });

  it('marks what matched and says where; finds words after a heading or a list item', async () => {
    const page = await open(index);
    await page.fill('input[name=q]', 'mail');
    await page.waitForFunction(() => document.querySelector('tr:not([hidden]) td.title mark') !== null);
    expect(await page.$$eval('tr:not([hidden]) td.title a mark', (ms) => ms.map((m) => m.textContent))).toEqual(['Mail']);
    expect(await page.textContent('tr:not([hidden]) .found-in')).toBe('found in title');
    // "Impact" then "- Outgoing": two words, each found (the index once read "impactoutgoing");
    // "for" is too common to be in the index, and does not make a search fail
    await page.fill('input[name=q]', 'outgoing for');
    await page.waitForFunction(() => document.querySelectorAll('table.incidents tbody tr:not([hidden])').length === 1);
    expect(await visible(page)).toEqual(['Mail queue stuck']);
    // the mark is DOM text, never markup from the data
    await page.fill('input[name=q]', '<img');
    expect(await page.$('tr td.title img')).toBeNull();
    expect(problems).toEqual([]);
  });

  it('filters by a tag whatever its spelling, across years', async () => {
    const page = await open(index + '#tag=DNS');
    await page.waitForFunction(() => document.querySelectorAll('table.incidents tbody tr:not([hidden])').length === 2);
    expect((await visible(page)).sort()).toEqual(['Mail queue stuck', 'Old storage outage']);
    expect(await page.inputValue('select[name=tag]')).toBe('dns');
    expect(problems).toEqual([]);
  });

  it('sorting by severity makes one list across years; by date the years come back', async () => {
    const page = await open(index);
    await page.fill('input[name=q]', 'mail');
    await page.waitForFunction(() => document.querySelectorAll('table.incidents tbody tr:not([hidden])').length === 1);
    await page.fill('input[name=q]', '');
    await page.selectOption('select[name=tag]', 'dns');
    await page.waitForFunction(() => document.querySelectorAll('table.incidents tbody tr:not([hidden])').length === 2);
    await page.click('table.incidents th[data-sort="sev"] button');
    // the SEV1 of 2020 comes before the SEV2 of 2026, in one table
    expect(await visible(page)).toEqual(['Old storage outage', 'Mail queue stuck']);
    expect(await page.$$eval('table.incidents', (ts) => ts.filter((t) => t.querySelector('tbody tr:not([hidden])')).length)).toBe(1);
    await page.click('table.incidents th[data-sort="start"] button');
    await page.click('table.incidents th[data-sort="start"] button');
    expect(await visible(page)).toEqual(['Mail queue stuck', 'Old storage outage']);
    expect(await page.isVisible('#h-2026')).toBe(true);
    expect(problems).toEqual([]);
  });

  it('statistics on a phone: the page does not scroll sideways, chart labels stay legible', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
    page.on('pageerror', (e) => problems.push(`stats: ${e.message}`));
    await page.goto(stats);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // rendered text height of the smallest axis label and bar label, in CSS pixels
    const smallest = (sel: string) => page.$$eval(sel, (ts) => Math.min(...ts.map((t) => t.getBoundingClientRect().height)));
    expect(await smallest('.chart.full svg text.axis')).toBeGreaterThanOrEqual(9);
    expect(await smallest('.chart svg text.hlabel')).toBeGreaterThanOrEqual(9);
    expect(await page.textContent('footer')).toContain('Built on 2026-06-01');
    expect(problems).toEqual([]);
  });

  it('the new page types pass axe (no serious or critical violation), search results shown, both themes', async () => {
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const)
      for (const width of [1280, 390]) {
        // the site's CSP would block the injected engine: this context ignores it
        const ctx = await browser.newContext({ colorScheme, viewport: { width, height: 800 }, bypassCSP: true });
        for (const rel of ['index.html#q=zeppelin', 'index.html#q=mail', 'years/2020.html', 'services/index.html', 'tags/dns.html', 'stats.html']) {
          const page = await ctx.newPage();
          await page.goto(pathToFileURL(path.join(out, rel.split('#')[0]!)).href + (rel.includes('#') ? '#' + rel.split('#')[1] : ''));
          if (rel.includes('#q=')) await page.waitForFunction(() => document.querySelector('tr:not([hidden]) .found-in') !== null);
          await page.addScriptTag({ content: axe.source });
          const v = await page.evaluate(async () => {
            const r = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
            return r.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical').map((x) => `${x.id}: ${x.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(' | ')}`);
          });
          found.push(...v.map((x) => `${colorScheme} ${width} ${rel}: ${x}`));
          await page.close();
        }
        await ctx.close();
      }
    expect(found).toEqual([]);
  }, 180_000);
});
