import { describe, expect, it } from 'vitest';
import { categoryOf } from '../../src/site/category.js';
import { duration, when } from '../../src/site/format.js';
import { shortHash, tagSlug } from '../../src/site/html.js';
import { searchWords } from '../../src/site/job.js';
import { openActions, actionsPage } from '../../src/site/pages/actions.js';
import { indexPage } from '../../src/site/pages/index.js';
import { parseSnapshot, snapshotCard } from '../../src/site/snapshot.js';
import { record } from './fixtures.js';

describe('index page', () => {
  const records = [
    record({ id: 'a', title: 'Inodes <full>', severity: 'SEV2', tags: ['inodes', 'vps'], services: ['blog'], started: '2026-03-14T09:12:00+01:00', durations: { toDetect: null, toMitigate: null, toResolve: 90 * 60_000 } }),
    record({ id: 'b', title: 'DNS', severity: null, status: null, tags: ['dns'] }),
  ];
  const html = indexPage(records, 'My incidents');

  it('has one row per incident carrying what the script filters and sorts on', () => {
    const rows = html.match(/<tr data-i=[^>]*>/g)!;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('data-sev="sev2"');
    expect(rows[0]).toContain('data-tags="|inodes|vps|"');
    expect(rows[0]).toContain('data-dur="5400000"');
    expect(rows[1]).toContain('data-sev="unknown"');
    expect(html).toContain('Inodes &lt;full&gt;');
    expect(html).toContain('1 h 30 min');
    expect(html).toContain('<option value="inodes">inodes (1)</option>');
    // the search data is not on the page: the script adds it when the reader searches
    expect(html).not.toMatch(/<script[^>]*search-data\.js/);
    expect(html).toContain('data-search="search-data.js"');
  });
});

describe('open actions', () => {
  const records = [
    record({ id: 'a', openActions: [{ n: 1, text: 'no due', owner: null, due: null }, { n: 2, text: 'later', owner: '@a', due: '2026-09-01' }] }),
    record({ id: 'b', openActions: [{ n: 1, text: 'long overdue', owner: '@b', due: '2026-01-01' }, { n: 2, text: 'overdue', owner: null, due: '2026-04-20' }] }),
  ];
  it('lists overdue first (most overdue on top), then by due date, then undated', () => {
    const items = openActions(records, new Date('2026-05-01T12:00:00Z'));
    expect(items.map((i) => i.text)).toEqual(['long overdue', 'overdue', 'later', 'no due']);
    expect(items[0]!.overdueDays).toBe(120);
    expect(items[2]!.overdueDays).toBeNull();
    const html = actionsPage(items, 'x');
    expect(html.match(/class="overdue"/g)).toHaveLength(2);
    expect(html).toContain('2 overdue');
  });
});

describe('snapshots', () => {
  it('parses leniently and draws critical findings highlighted, most severe first', () => {
    const s = parseSnapshot(
      JSON.stringify({ host: 'h', findings: [{ id: 'm', severity: 'info', resource: 'memory', used: 1, limit: 4 }, { severity: 'critical', resource: 'inodes', subject: '/', used: 3000001, limit: 3000000, unit: 'count', message: 'full' }, { severity: 'warning', resource: 'oom kills', message: '2 OOM kills' }, 'junk'] }),
      'a.json',
    );
    expect(s.findings.map((f) => f.resource)).toEqual(['inodes', 'oom kills', 'memory']);
    expect(s.findings[2]!.utilization).toBe(0.25);
    const html = snapshotCard(s, ['h']);
    expect(html).toContain('has-critical');
    expect(html).toMatch(/<h3>h </);
    // a host the incident does not name is not named on the site either
    expect(snapshotCard(s, ['other'])).toMatch(/<h3>Snapshot </);
    expect(html).toMatch(/<li class="usage critical">[\s\S]*?3,000,001 of 3,000,000/);
    expect(html).toMatch(/<rect class="bar-fill" width="100.00"/); // over the limit: a full bar
    expect(html).toMatch(/<li class="note warning">.*2 OOM kills/);
    expect(() => parseSnapshot('{oops', 'b.json')).toThrow(/not JSON/);
    expect(() => parseSnapshot('[1]', 'b.json')).toThrow(/JSON object/);
  });
});

describe('small pieces', () => {
  it('formats durations and stamps for people', () => {
    expect([null, 30_000, 8 * 60_000, 95 * 60_000, 3 * 86_400_000 + 12 * 3_600_000].map(duration)).toEqual(['unknown', '30 s', '8 min', '1 h 35 min', '3 d 12 h']);
    expect(when('2026-03-14T09:12:00+01:00')).toBe('2026-03-14 09:12 +01:00');
    expect(when('2026-03-14T08:12:00Z')).toBe('2026-03-14 08:12 UTC');
  });

  it('gives every tag its own file name, one for all its spellings', () => {
    expect(tagSlug('inodes')).toBe('inodes');
    expect(new Set(['C++', 'c', 'c--', 'Ünïcode', '../../etc'].map(tagSlug)).size).toBe(5);
    expect(tagSlug('DNS')).toBe(tagSlug('dns'));
    expect(tagSlug('Config Change')).toBe('config-change');
    expect(tagSlug('config_change')).toBe('config-change');
    expect(tagSlug('../../etc')).toMatch(/^etc-[0-9a-z]{6}$/);
    expect(shortHash('a')).not.toBe(shortHash('b'));
  });

  it('classifies the root cause from front matter, then text', () => {
    expect(categoryOf({ category: 'Human Error' }, 'inodes', '', [])).toBe('human error');
    expect(categoryOf({}, 'The inode quota of 3,000,000 was full', '', [])).toBe('inodes');
    expect(categoryOf({}, '', 'Expired TLS certificate on mail', [])).toBe('certificate');
    expect(categoryOf({}, 'no idea', 'Something', ['misc'])).toBe('unclassified');
  });

  it('collects unique search words, Unicode letters included', () => {
    expect(searchWords('Die Größe der Inodes', 'inodes INODES a')).toBe('größe inodes');
  });
});

describe('reading aids', () => {
  it('lists criticals before warnings, notes and bars alike, and labels peak vs now', () => {
    const s = parseSnapshot(
      JSON.stringify({
        findings: [
          { id: 'cgroup.memory-peak', severity: 'warning', resource: 'memory (cgroup)', subject: '/blog', used: 512, limit: 512, message: 'peaked at its limit' },
          { id: 'kernel.oom', severity: 'critical', resource: 'kernel log', message: 'oom-killer ran' },
          { id: 'fs.inodes', severity: 'critical', resource: 'inodes', subject: '/', used: 99, limit: 100, message: 'nearly full' },
        ],
      }),
      'a.json',
    );
    const html = snapshotCard(s, []);
    const order = [...html.matchAll(/<li class="(usage|note) (critical|warning)/g)].map((m) => `${m[1]} ${m[2]}`);
    // the critical note without a limit comes before the warning bar
    expect(order).toEqual(['usage critical', 'note critical', 'usage warning']);
    expect(html).toMatch(/<li class="usage critical">[\s\S]*?<span class="when-tag">now<\/span> 99 %/);
    expect(html).toMatch(/<li class="usage warning peak">[\s\S]*?<span class="when-tag">peak<\/span> 100 %/);
    expect(html).toContain('aria-label="memory (cgroup) /blog: 100 % used at its peak"');
  });

  it('renders the Markdown of action text on the open actions page', () => {
    const items = openActions([record({ id: 'a', openActions: [{ n: 1, text: 'Run `df -i` from **cron** <script>x</script>', owner: null, due: null }] })], new Date());
    const html = actionsPage(items, 'x');
    // raw HTML is dropped (its text stays, inert), as in the incident pages
    expect(html).toContain('<td class="action-text">Run <code>df -i</code> from <strong>cron</strong> x</td>');
    expect(html).not.toMatch(/`|<script>x/);
  });
});
