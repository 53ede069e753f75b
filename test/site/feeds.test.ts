import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
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
