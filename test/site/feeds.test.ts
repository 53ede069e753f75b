import { XMLParser } from 'fast-xml-parser';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build.js';
import { tempDir } from '../helpers.js';
import { doc, writeIncidents } from './fixtures.js';
import { atomFeed, incidentsJson, jsonFeed, normalizeBaseUrl } from '../../src/site/feeds.js';
import { record } from './fixtures.js';

const now = new Date('2026-05-01T00:00:00Z');
const records = [
  record({ id: 'old', title: 'Old & busted', started: '2025-01-01T10:00:00+01:00', resolved: '2025-01-02T10:00:00+01:00', tags: ['dns'], authors: ['@ops'], summary: 'DNS <broke>.' }),
  record({ id: 'new one', title: 'New', started: '2026-03-14T09:12:00+01:00', severity: 'SEV1' }),
  record({ id: 'undated', title: 'No date' }),
];

describe('Atom feed', () => {
  const parse = (s: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(s).feed;

  it('is well-formed Atom with one entry per incident, newest first, with relative links by default', () => {
    const feed = parse(atomFeed(records, { siteTitle: 'Incidents', baseUrl: '', now }));
    const entries = [feed.entry].flat();
    expect(entries.map((e: { title: string }) => e.title)).toEqual(['New', 'Old & busted', 'No date']);
    expect(entries[0].link['@href']).toBe('incidents/new%20one/index.html');
    expect(entries[0].id).toBe('urn:postmortem:incident:new%20one');
    expect(new Date(entries[1].published).toISOString()).toBe('2025-01-01T09:00:00.000Z');
    expect(new Date(entries[1].updated).toISOString()).toBe('2025-01-02T09:00:00.000Z');
    expect(entries[1].summary['#text']).toContain('DNS <broke>.');
    expect(entries[1].category['@term']).toBe('dns');
    expect(new Set(entries.map((e: { id: string }) => e.id)).size).toBe(3);
  });

  it('stays well-formed with control characters in a title', () => {
    const feed = parse(atomFeed([record({ id: 'x', title: 'Bell\u0007 and NUL\u0000', started: '2026-01-01T00:00:00Z' })], { siteTitle: 'I', baseUrl: '', now }));
    expect(feed.entry.title).toBe('Bell and NUL');
  });

  it('uses absolute links and ids with --base-url', () => {
    const base = normalizeBaseUrl('https://status.example.org/incidents')!;
    expect(base).toBe('https://status.example.org/incidents/');
    const feed = parse(atomFeed(records, { siteTitle: 'Incidents', baseUrl: base, now, limit: 1 }));
    expect(feed.entry.link['@href']).toBe('https://status.example.org/incidents/incidents/new%20one/index.html');
    expect(feed.id).toBe(base);
    expect(normalizeBaseUrl('javascript:alert(1)')).toBeNull();
    expect(normalizeBaseUrl('not a url')).toBeNull();
  });
});

describe('JSON Feed 1.1 and incidents.json', () => {
  it('follows JSON Feed 1.1 (authors array, dates, tags)', () => {
    const f = JSON.parse(jsonFeed(records, { siteTitle: 'Incidents', baseUrl: '', now }));
    expect(f.version).toBe('https://jsonfeed.org/version/1.1');
    expect(f.items).toHaveLength(3);
    const old = f.items.find((i: { title: string }) => i.title === 'Old & busted');
    expect(old.authors).toEqual([{ name: '@ops' }]);
    expect(old.tags).toEqual(['dns']);
    expect(old.date_published).toBe('2025-01-01T09:00:00.000Z');
    for (const i of f.items) expect(typeof i.id).toBe('string');
  });

  it('lists every incident with its metadata', () => {
    const j = JSON.parse(incidentsJson(records, { siteTitle: 'x', baseUrl: '', now }));
    expect(j.count).toBe(3);
    expect(j.incidents.map((i: { id: string }) => i.id)).toEqual(['new one', 'old', 'undated']);
    expect(j.incidents[0]).toMatchObject({ severity: 'SEV1', url: 'incidents/new%20one/index.html' });
  });
});

describe('feeds per tag and per service', () => {
  const parse = (s: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(s).feed;

  it('points back to the root from their folder, with their own id, title and self link', () => {
    const xml = atomFeed(records, { siteTitle: 'Incidents', baseUrl: '', now }, { path: 'tags/dns.xml', title: 'Tag: dns', page: 'tags/dns.html' });
    const feed = parse(xml);
    expect(feed['@xml:base']).toBe('../');
    expect(feed.title).toBe('Tag: dns · Incidents');
    expect(feed.id).toBe('urn:postmortem:site:Incidents:tags%2Fdns.xml');
    expect([feed.link].flat().map((l: { '@href': string }) => l['@href'])).toEqual(['tags/dns.html', 'tags/dns.xml']);
    // with a base URL every link is absolute, and the id is the feed's URL
    const abs = parse(atomFeed(records, { siteTitle: 'Incidents', baseUrl: 'https://x.org/pm/', now }, { path: 'services/mail.xml', title: 'Service: mail', page: 'services/mail.html' }));
    expect(abs.id).toBe('https://x.org/pm/services/mail.xml');
    expect(abs['@xml:base']).toBe('https://x.org/pm/');
  });

  it('dates come from the incidents, never the clock: an undated one takes the epoch', () => {
    const a = atomFeed(records, { siteTitle: 'I', baseUrl: '', now });
    const b = atomFeed(records, { siteTitle: 'I', baseUrl: '', now: new Date('2030-01-01T00:00:00Z') });
    expect(a).toBe(b);
    expect(a).toContain('<published>1970-01-01T00:00:00.000Z</published>');
    expect(jsonFeed(records, { siteTitle: 'I', baseUrl: '', now })).toBe(jsonFeed(records, { siteTitle: 'I', baseUrl: '', now: new Date(0) }));
    const undated = JSON.parse(jsonFeed(records, { siteTitle: 'I', baseUrl: '', now })).items.find((i: { title: string }) => i.title === 'No date');
    expect(undated.date_published).toBeUndefined();
  });

  it('are byte-identical after a rebuild that changes nothing, a day later', async () => {
    const root = tempDir('pm-feeds-');
    const dir = path.join(root, 'incidents');
    writeIncidents(dir, {
      '2026-01-02-a': doc({ title: 'A', started: '2026-01-02T10:00:00+01:00', tags: ['DNS'], services: ['mail'] }),
      '2026-02-03-b': doc({ title: 'B', tags: ['dns'], services: ['Mail'] }),
    });
    const out = path.join(root, 'site');
    const feeds = () => {
      const files = ['feed.xml', 'feed.json', ...['tags', 'services'].flatMap((d) => readdirSync(path.join(out, d)).filter((f) => f.endsWith('.xml')).map((f) => `${d}/${f}`))];
      return Object.fromEntries(files.map((f) => [f, readFileSync(path.join(out, f), 'utf8')]));
    };
    await buildSite({ dir, out, now: new Date('2026-05-01T10:00:00Z') });
    const first = feeds();
    expect(Object.keys(first).sort()).toEqual(['feed.json', 'feed.xml', 'services/mail.xml', 'tags/dns.xml']);
    expect(first['tags/dns.xml']!.match(/<entry>/g)).toHaveLength(2);
    await buildSite({ dir, out, now: new Date('2026-05-02T10:00:00Z') });
    expect(feeds()).toEqual(first);
    // a cold build gives the same bytes too
    await buildSite({ dir, out, now: new Date('2026-05-03T10:00:00Z'), cache: false });
    expect(feeds()).toEqual(first);
  });
});
