// Postmortems written elsewhere (icco/postmortems style: UUID file names, start_time/end_time,
// keywords, categories, summary, url, company/product) publish as well as ours.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/doc/parse.js';
import { buildSite } from '../../src/site/build.js';
import { firstSentence } from '../../src/site/job.js';
import { pm, ROOT, tempDir } from '../helpers.js';

const CORPUS = path.join(ROOT, 'test/fixtures/foreign-site');
const DNS = '3b1f9c2e-7a4d-4e1b-9f0a-2c5d8e6b1a70';
const FORGE = '8e2d4f61-0c3b-4a9e-b7d5-1f6a2e9c4b38';
const PAY = 'c47a9e05-5d2f-4b8c-a1e3-9b0d6f2c7e14';
const QUEUE = 'f0a8b3d2-6e1c-4f7a-8d9b-3c2e5a1f0b96';

describe('foreign front matter in the model', () => {
  it('maps start_time/end_time/date, keywords/categories, company/product, summary and url', () => {
    const doc = parseDocument(readFileSync(path.join(CORPUS, DNS, 'postmortem.md'), 'utf8'), `${DNS}/postmortem.md`);
    const m = doc.meta;
    expect(m.started).toBe('2019-05-13T14:02:00Z');
    expect(m.resolved).toBe('2019-05-13T16:47:00Z');
    expect(m.status).toBe('resolved'); // an end time means it is over
    expect(doc.durations.toResolve).toBe((2 * 60 + 45) * 60_000);
    expect(m.tags).toEqual(['DNS', 'resolver', 'config change', 'cloud']);
    expect(m.services).toEqual(['Example Cloud', 'Cloud DNS', 'load balancers']);
    expect(m.summary).toMatch(/^A config push removed the \*anycast\*/);
    expect(m.source).toBe('https://status.example.net/incidents/2019-dns-outage');
    // read keys are not repeated as unknown extras; bookkeeping keys are dropped
    expect(Object.keys(m.extra)).toEqual(['source_published_at']);
  });

  it('ours win over foreign keys; a `date` is a start; duplicates fold; only http(s) sources', () => {
    const src = '---\nstarted: 2026-01-02T10:00:00+01:00\nstart_time: 2020-01-01T00:00:00Z\ntags: [DNS]\nkeywords: [dns, Resolver]\nurl: "javascript:alert(1)"\n---\nText.\n';
    const m = parseDocument(src, 'x/postmortem.md').meta;
    expect(m.started).toBe('2026-01-02T10:00:00+01:00');
    expect(m.tags).toEqual(['DNS', 'Resolver']);
    expect(m.source).toBeNull();
    expect(m.status).toBeNull();
    expect(parseDocument('---\ndate: 2021-11-20\nsource: https://example.io/x\n---\nA.\n', 'y.md').meta).toMatchObject({ started: '2021-11-20', source: 'https://example.io/x' });
    // a UUID is never a title
    expect(parseDocument('---\ntitle: 3b1f9c2e-7a4d-4e1b-9f0a-2c5d8e6b1a70\n---\nA.\n', 'z.md').meta.title).toBeNull();
  });

  it('takes the first sentence as a title', () => {
    expect(firstSentence('On May 13, 2019, a change to the resolver fleet withdrew two sites. Clients saw timeouts.')).toBe('On May 13, 2019, a change to the resolver fleet withdrew two sites');
    expect(firstSentence('Short one')).toBe('Short one');
    expect(firstSentence('   ')).toBeNull();
    expect(firstSentence('x '.repeat(200))!.length).toBeLessThanOrEqual(90);
  });
});

describe('a foreign corpus published', () => {
  it('has titles, dates, tags, services, a TL;DR and a Source link, and warns about what is missing', async () => {
    const out = path.join(tempDir('pm-foreign-'), 'site');
    const r = await buildSite({ dir: CORPUS, out, now: new Date('2026-05-01T00:00:00Z') });
    const read = (rel: string) => readFileSync(path.join(out, rel), 'utf8');
    expect(r.incidents).toBe(4);
    // every document lacks a severity, one also a date: a warning each, none for the others
    expect(r.warnings).toHaveLength(4);
    expect(r.warnings.find((w) => w.startsWith(PAY))).toMatch(/no date \(started, start_time or date\) and no severity/);
    expect(r.warnings.find((w) => w.startsWith(DNS))).toMatch(/no severity; the site shows "unknown"$/);

    const index = read('index.html');
    expect(index).toContain('>Example Cloud DNS resolution failures</a>');
    expect(index).toContain('>The primary database of Example Forge stopped accepting writes after a failed disk…</a>'); // first sentence
    expect(index).toContain('>Expired intermediate certificate breaks checkout</a>'); // first heading
    expect(index).not.toMatch(/<a href="incidents\/[^"]+">[0-9a-f]{8}-[0-9a-f]{4}-/); // never a UUID as a title
    expect(read(`incidents/${DNS}/index.html`)).not.toMatch(/<p class="lede">[0-9a-f]{8}-/); // nor under one
    expect(index).toContain('<time datetime="2019-05-13T14:02:00Z">2019-05-13</time>');
    expect(index).toContain('id="y-2021"');
    expect(index).toContain('id="y-undated"');

    const dns = read(`incidents/${DNS}/index.html`);
    expect(dns).toContain('<p class="source">Source: <a href="https://status.example.net/incidents/2019-dns-outage" rel="noopener noreferrer">');
    expect(dns).toMatch(/<h2 id="s-tl-dr">TL;DR<\/h2>\s*<p>A config push removed the <em>anycast<\/em> routes/);
    // "DNS" (one incident) and "dns" (another) are one tag with both incidents, spelt as most use it
    const tag = read('tags/dns.html');
    expect(tag).toMatch(/<h1>Tag: (DNS|dns)<\/h1>/);
    expect(tag).toContain('2 incidents');
    expect(tag).toContain(`incidents/${DNS}/`);
    expect(tag).toContain(`incidents/${FORGE}/`);
    // company and product are services, each with a page and a feed
    const services = read('services/index.html');
    expect(services).toContain('>Example Forge <span class="n">1</span>');
    expect(read('services/example-io.html')).toContain(`incidents/${QUEUE}/`); // spaces fold to hyphens: no hash in the name
    expect(read('services/example-io.xml')).toContain('<title>Service: Example IO · Incident history</title>');
    expect(read('tags/index.html')).toContain('across 4 incidents');
    // the pages every build writes say when it was built (overdue actions are as of that day);
    // incident pages do not, so the cache keeps them from one day to the next
    for (const f of ['index.html', 'stats.html', 'actions.html', 'tags/dns.html', 'services/index.html'])
      expect(read(f), f).toContain('Built on <time datetime="2026-05-01">2026-05-01</time>');
    expect(read(`incidents/${DNS}/index.html`)).not.toMatch(/Built on|<!--pm:built-->/);
  });

  it('prints the warnings and their count in the summary line', () => {
    const root = tempDir('pm-foreign-cli-');
    const res = pm(['--dir', CORPUS, 'build', '--out', path.join(root, 'site')], { cwd: root });
    expect(res.status).toBe(0);
    expect(res.stdout + res.stderr).toMatch(/4 incidents, \d+ pages, 4 warnings in/);
  });
});
