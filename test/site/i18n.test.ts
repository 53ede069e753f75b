import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build.js';
import { parseSiteConfig } from '../../src/site/config.js';
import { duration, when } from '../../src/site/format.js';
import { LANGUAGES, useLang } from '../../src/site/i18n/labels.js';
import { pm, tempDir } from '../helpers.js';
import { doc, SEED, writeIncidents } from './fixtures.js';

/** The shape of a table: its keys, nested, and which entries are functions. */
const shape = (o: object): unknown =>
  Object.fromEntries(Object.entries(o).sort().map(([k, v]) => [k, typeof v === 'function' ? `fn/${v.length}` : v && typeof v === 'object' ? shape(v) : typeof v]));

afterEach(() => void useLang('en'));

describe('language tables', () => {
  it('every language has every label of the English table, with the same arguments', () => {
    for (const [code, table] of Object.entries(LANGUAGES)) {
      expect(shape(table), code).toEqual(shape(LANGUAGES.en!));
      expect(table.lang).toBe(code);
    }
  });
  it('no German label is left in English', () => {
    const en = LANGUAGES.en!;
    const de = LANGUAGES.de!;
    const same = Object.entries(en).filter(([k, v]) => typeof v === 'string' && v === (de as Record<string, unknown>)[k] && !/^(locale|lang|status)$/.test(k));
    expect(same.map(([k]) => k)).toEqual([]);
  });
  it('plurals and dates follow the language', () => {
    const en = useLang('en');
    expect([en.incidents(1), en.incidents(2), en.findings(1)]).toEqual(['1 incident', '2 incidents', '1 finding']);
    expect(when('2026-03-14T09:12:00+01:00')).toBe('2026-03-14 09:12 +01:00');
    const de = useLang('de');
    expect([de.incidents(1), de.incidents(1200)]).toEqual(['1 Vorfall', '1.200 Vorfälle']);
    expect(when('2026-03-14T09:12:00+01:00')).toBe('14.03.2026 09:12 +01:00');
    expect(duration(95 * 60_000)).toBe('1 h 35 min');
  });
  it('an unknown language is a usage error naming those there are', () => {
    expect(() => useLang('fr')).toThrow('unknown language "fr": expected one of en, de');
  });
});

describe('site.yml', () => {
  it('reads title, lang and base_url', () => {
    expect(parseSiteConfig('title: Status\nlang: de\nbase_url: https://status.example.org/\n', 'site.yml')).toEqual({ title: 'Status', lang: 'de', baseUrl: 'https://status.example.org/' });
    expect(parseSiteConfig('', 'site.yml')).toEqual({});
  });
  it('names the file and the line of a bad key', () => {
    expect(() => parseSiteConfig('title: x\nlanguage: de\n', 'incidents/site.yml')).toThrow(expect.objectContaining({ file: 'incidents/site.yml', line: 2, message: expect.stringContaining('unknown key "language": expected title, lang, base_url') }));
    expect(() => parseSiteConfig('lang: [de]\n', 'site.yml')).toThrow(expect.objectContaining({ line: 1 }));
    expect(() => parseSiteConfig('lang: "de\n', 'site.yml')).toThrow(/not valid YAML/);
  });
});

describe('build in German', () => {
  const setup = () => {
    const dir = path.join(tempDir('pm-de-'), 'incidents');
    writeIncidents(dir, {
      '2026-03-14-blog-inode-quota': { 'postmortem.md': SEED },
      '2025-11-02-cert-expired': doc({ title: 'Certificate expired', severity: 'SEV3', status: 'resolved', started: '2025-11-02T08:00:00+01:00', resolved: '2025-11-02T09:30:00+01:00', tags: ['tls'] }),
    });
    return { dir, out: path.join(path.dirname(dir), 'site') };
  };
  const read = (out: string, rel: string) => readFileSync(path.join(out, rel), 'utf8');

  it('--lang de publishes German labels, German dates and lang="de"; a rebuild in English renders again', async () => {
    const { dir, out } = setup();
    await buildSite({ dir, out, lang: 'de' });
    const index = read(out, 'index.html');
    expect(index).toContain('<html lang="de">');
    expect(index).toContain('2 veröffentlichte Vorfälle');
    expect(index).toContain('<time datetime="2025-11-02T08:00:00+01:00">02.11.2025</time>');
    expect(index).toContain('>Vorfälle</a>'); // the navigation
    const page = read(out, 'incidents/2025-11-02-cert-expired/index.html');
    expect(page).toContain('<dt>Begonnen</dt><dd><time datetime="2025-11-02T08:00:00+01:00">02.11.2025 08:00 +01:00</time>');
    expect(page).toContain('Zeit bis zur Behebung');
    expect(read(out, 'stats.html')).toContain('<h1>Statistik</h1>');
    const again = await buildSite({ dir, out, lang: 'en' });
    expect(again.rendered).toBe(2); // the cache key holds the language
    expect(read(out, 'incidents/2025-11-02-cert-expired/index.html')).toContain('<dt>Started</dt>');
  });
  it('lang: in site.yml picks the language; --lang overrides it; a bad site.yml is one line, exit 1', () => {
    const { dir, out } = setup();
    writeFileSync(path.join(dir, 'site.yml'), 'title: Störungen\nlang: de\n');
    expect(pm(['--dir', dir, 'build', '--out', out]).status).toBe(0);
    expect(read(out, 'index.html')).toMatch(/<html lang="de">[\s\S]*<title>Störungen<\/title>/);
    expect(pm(['--dir', dir, 'list']).status).toBe(0); // the incidents folder still lists
    expect(pm(['--dir', dir, 'build', '--out', out, '--lang', 'en']).status).toBe(0);
    expect(read(out, 'index.html')).toContain('<html lang="en">');
    writeFileSync(path.join(dir, 'site.yml'), 'lang: de\ncolour: red\n');
    const r = pm(['--dir', dir, 'build', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/site\.yml:2: unknown key "colour"/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
