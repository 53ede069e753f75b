import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, symlinkSync, writeFileSync, appendFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build.js';
import { manifestFile } from '../../src/site/cache.js';
import { checkOut, LEGACY_MANIFEST } from '../../src/site/outdir.js';
import { pm, ROOT, tempDir } from '../helpers.js';
import { doc, SEED, writeIncidents } from './fixtures.js';

const SNAPSHOT = JSON.stringify({
  schema: 1,
  host: 'vz-blog-01',
  takenAt: '2026-03-14T09:30:00+01:00',
  durationMs: 412,
  findings: [
    { id: 'memory', severity: 'info', resource: 'memory', subject: 'system', used: 800, limit: 4000, utilization: 0.2, unit: 'bytes', message: 'memory 20 %', hint: '' },
    { id: 'beancounters.numfile', severity: 'critical', resource: 'inodes', subject: 'numfile', used: 3000001, limit: 3000000, utilization: 1.0000003, unit: 'count', message: 'inode quota full', hint: 'run pm hunt /' },
  ],
  probes: [{ id: 'beancounters', status: 'ok', durationMs: 3 }],
});

function setup(extra: Record<string, string | Record<string, string | Buffer>> = {}) {
  const root = tempDir('pm-site-');
  const dir = path.join(root, 'incidents');
  writeIncidents(dir, {
    '2026-03-14-blog-inode-quota': { 'postmortem.md': SEED, 'evidence/df-i.txt': 'IUse% 100%\n', 'snapshots/2026-03-14T09-30-00Z.json': SNAPSHOT },
    '2025-11-02-cert-expired': doc({ title: 'Certificate expired', severity: 'SEV3', status: 'resolved', started: '2025-11-02T08:00:00+01:00', resolved: '2025-11-02T09:30:00+01:00', tags: ['tls'] }),
    ...extra,
  });
  return { root, dir, out: path.join(root, 'site') };
}

const read = (out: string, rel: string) => readFileSync(path.join(out, rel), 'utf8');

describe('buildSite', () => {
  it('writes the index, incident pages, stats, actions, tags, feeds, copies evidence and draws snapshots', async () => {
    const { dir, out } = setup();
    const r = await buildSite({ dir, out });
    expect(r.incidents).toBe(2);
    expect(r.rendered).toBe(2);
    for (const f of ['index.html', 'stats.html', 'actions.html', 'tags/index.html', 'tags/inodes.html', 'tags/tls.html', 'feed.xml', 'feed.json', 'incidents.json', 'search-data.js', 'assets/style.css', 'assets/site.js'])
      expect(existsSync(path.join(out, f)), f).toBe(true);
    const page = read(out, 'incidents/2026-03-14-blog-inode-quota/index.html');
    expect(page).toContain('<h1>Blog down: inode quota full</h1>');
    expect(page).toContain('8 min'); // time to detect, derived from started/detected
    expect(page).toMatch(/class="usage critical"[\s\S]*inodes numfile/);
    expect(page).toContain('href="evidence/df-i.txt"');
    expect(read(out, 'incidents/2026-03-14-blog-inode-quota/evidence/df-i.txt')).toBe('IUse% 100%\n');
    // snapshots are drawn on the page, never copied (see publish.test.ts)
    expect(existsSync(path.join(out, 'incidents/2026-03-14-blog-inode-quota/snapshots'))).toBe(false);
    // Missing fields are shown as unknown, not left out or guessed.
    const cert = read(out, 'incidents/2025-11-02-cert-expired/index.html');
    expect(cert).toMatch(/Detected<\/dt><dd><span class="unknown">unknown<\/span>/);
    expect(read(out, 'actions.html')).toContain('Alert when inode use passes 80 %');
    expect(read(out, 'actions.html')).not.toContain('Switch the object cache off');
  });

  it('rebuilds only what changed, and removed incidents disappear from the site', async () => {
    const { dir, out } = setup();
    await buildSite({ dir, out });
    const again = await buildSite({ dir, out });
    expect(again.rendered).toBe(0);
    expect(again.cached).toBe(2);
    // the next day only the pages every build writes change their "built on"
    const tomorrow = await buildSite({ dir, out, now: new Date(Date.now() + 86_400_000) });
    expect(tomorrow.rendered).toBe(0);
    expect(read(out, 'index.html')).toContain(`datetime="${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}"`);
    appendFileSync(path.join(dir, '2025-11-02-cert-expired', 'postmortem.md'), '\nOne more line.\n');
    const changed = await buildSite({ dir, out });
    expect(changed.rendered).toBe(1);
    expect(read(out, 'incidents/2025-11-02-cert-expired/index.html')).toContain('One more line.');
    // A page deleted by hand is rendered again even though the document did not change.
    rmSync(path.join(out, 'incidents/2026-03-14-blog-inode-quota/index.html'));
    expect((await buildSite({ dir, out })).rendered).toBe(1);
    // --no-cache renders everything.
    expect((await buildSite({ dir, out, cache: false })).rendered).toBe(2);
    rmSync(path.join(dir, '2026-03-14-blog-inode-quota'), { recursive: true });
    const removed = await buildSite({ dir, out });
    expect(removed.removed).toBeGreaterThanOrEqual(3);
    expect(existsSync(path.join(out, 'incidents/2026-03-14-blog-inode-quota'))).toBe(false);
    expect(existsSync(path.join(out, 'tags/inodes.html'))).toBe(false);
    expect(read(out, 'index.html')).not.toContain('inode quota');
  });

  it('fails on unreadable or unsafe input naming the file, and leaves the site as it was', async () => {
    const { dir, out } = setup();
    await buildSite({ dir, out });
    const before = read(out, 'index.html');
    const cases: [string, string | Buffer, RegExp][] = [
      ['bad-yaml', '---\ntitle: [unclosed\n---\n\nText\n', /bad-yaml\/postmortem\.md:\d+: invalid YAML/],
      ['js-front-matter', '---js\n{ title: require("fs").readFileSync("/etc/passwd") }\n---\n\nText\n', /js-front-matter\/postmortem\.md:1: front matter in "js" is not allowed/],
      ['latin1', Buffer.from('---\ntitle: "Gr\xfc\xdfe"\n---\n', 'latin1'), /latin1\/postmortem\.md:2: not valid UTF-8/],
      ['binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]), /binary\/postmortem\.md:1: binary file/],
    ];
    for (const [id, content, message] of cases) {
      writeIncidents(dir, { [id]: content as string });
      await expect(buildSite({ dir, out }), id).rejects.toThrow(message);
      rmSync(path.join(dir, id), { recursive: true });
    }
    expect(read(out, 'index.html')).toBe(before);
  });

  it('publishes drafts only when asked', async () => {
    const { dir, out } = setup({ '2026-04-01-draft': doc({ title: 'Half written', draft: true, started: '2026-04-01T10:00:00Z' }) });
    const r = await buildSite({ dir, out });
    expect(r.incidents).toBe(2);
    expect(r.draftsSkipped).toBe(1);
    expect(existsSync(path.join(out, 'incidents/2026-04-01-draft/index.html'))).toBe(false);
    expect(read(out, 'index.html')).not.toContain('Half written');
    const withDrafts = await buildSite({ dir, out, drafts: true });
    expect(withDrafts.incidents).toBe(3);
    expect(read(out, 'index.html')).toContain('Half written');
    expect(read(out, 'incidents/2026-04-01-draft/index.html')).toContain('class="badge draft"');
    await buildSite({ dir, out });
    expect(existsSync(path.join(out, 'incidents/2026-04-01-draft/index.html'))).toBe(false);
  });

  it('never lets incident content run in a reader\'s browser', async () => {
    const evil = doc({
      title: 'XSS <script>alert(1)</script>',
      tags: [`'"><img src=x onerror=alert(1)>'`],
      body: [
        '## TL;DR',
        '',
        '<script>alert("raw")</script>',
        '<img src="x" onerror="alert(2)">',
        '<iframe src="https://evil.example"></iframe>',
        '',
        '[click me](javascript:alert(3)) and [data](data:text/html;base64,PHNjcmlwdD4=)',
        'inline <a href="#" onclick="alert(4)">raw link</a> and <img src=x onerror=alert(5)>',
        '',
        '<div style="position:fixed">styled</div>',
      ].join('\n'),
    });
    const { dir, out } = setup({ evil: evil });
    await buildSite({ dir, out });
    const files = ['incidents/evil/index.html', 'index.html', 'tags/index.html', 'stats.html', 'feed.xml'];
    for (const f of files) {
      const html = read(out, f);
      // attribute names and tags only: escaped text inside attribute values is harmless
      const tags = (html.replace(/"[^"]*"/g, '""').match(/<[a-z][^>]*>/gi) ?? []).join('\n');
      expect(html, f).not.toMatch(/<script>alert|<script[^>]*>[^<]*alert/i);
      expect(tags, f).not.toMatch(/<img[^>]*onerror/i);
      expect(tags, f).not.toMatch(/\sonclick=|\sonerror=/i);
      expect(html, f).not.toMatch(/<iframe/i);
      expect(html, f).not.toMatch(/href="javascript:|href="data:/i);
      expect(html, f).not.toMatch(/style="position/i);
    }
    expect(read(out, 'incidents/evil/index.html')).toContain('click me');
  });

  it('publishes evidence a browser could run as plain text', async () => {
    const { dir, out } = setup();
    const inc = path.join(dir, '2026-03-14-blog-inode-quota', 'evidence');
    writeFileSync(path.join(inc, 'page.html'), '<script>alert(1)</script>');
    writeFileSync(path.join(inc, 'graph.svg'), '<svg onload="alert(1)"/>');
    await buildSite({ dir, out });
    const copied = readdirSync(path.join(out, 'incidents/2026-03-14-blog-inode-quota/evidence')).sort();
    expect(copied).toEqual(['df-i.txt', 'graph.svg.txt', 'page.html.txt']);
    expect(read(out, 'incidents/2026-03-14-blog-inode-quota/index.html')).toContain('href="evidence/page.html.txt"');
  });

  it('never follows symlinks out of an incident folder', async () => {
    const { root, dir, out } = setup();
    const secret = path.join(root, 'secret.txt');
    writeFileSync(secret, 'TOP SECRET\n');
    const inc = path.join(dir, '2026-03-14-blog-inode-quota');
    symlinkSync(secret, path.join(inc, 'evidence', 'leak.txt'));
    symlinkSync(path.join(inc, 'evidence', 'df-i.txt'), path.join(inc, 'evidence', 'inside.txt'));
    mkdirSync(path.join(root, 'elsewhere'));
    writeFileSync(path.join(root, 'elsewhere', 'x.txt'), 'TOP SECRET\n');
    symlinkSync(path.join(root, 'elsewhere'), path.join(inc, 'evidence', 'dir'));
    const r = await buildSite({ dir, out });
    const copied = readdirSync(path.join(out, 'incidents/2026-03-14-blog-inode-quota/evidence')).sort();
    expect(copied).toEqual(['df-i.txt', 'inside.txt']);
    expect(r.warnings.join('\n')).toMatch(/leak\.txt: symlink out of the incident folder/);
    expect(r.warnings.join('\n')).toMatch(/evidence\/dir: symlink out of the incident folder/);
    // The document itself as a link out of the folder fails the build.
    writeIncidents(dir, { linked: { 'notes.txt': 'x' } });
    symlinkSync(secret, path.join(dir, 'linked', 'postmortem.md'));
    await expect(buildSite({ dir, out })).rejects.toThrow(/linked\/postmortem\.md: is a symlink out of the incident folder/);
  });

  it('refuses dangerous --out folders', () => {
    const { root, dir } = setup();
    expect(() => checkOut('/', dir)).toThrow(/filesystem root/);
    expect(() => checkOut(homedir(), dir)).toThrow(/home folder/);
    expect(() => checkOut(dir, dir)).toThrow(/is the incidents folder/);
    expect(() => checkOut(root, dir)).toThrow(/contains the incidents folder/);
    expect(() => checkOut(path.join(dir, 'site'), dir)).toThrow(/inside the incidents folder/);
    // through a symlink to the incidents folder's parent
    symlinkSync(root, path.join(tempDir(), 'alias'));
    expect(() => checkOut(path.join(path.dirname(dir), '..', path.basename(root)), dir)).toThrow(/contains/);
    expect(() => checkOut(path.join(root, 'site'), dir)).not.toThrow();
  });

  it('removes only files it created; never overwrites someone else\'s', async () => {
    const { dir, out } = setup();
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    const r = await buildSite({ dir, out });
    expect(r.warnings.join('\n')).toMatch(/has files the build did not create/);
    mkdirSync(path.join(out, 'incidents', 'x'), { recursive: true });
    writeFileSync(path.join(out, 'incidents', 'x', 'keep.html'), 'mine\n');
    rmSync(path.join(dir, '2025-11-02-cert-expired'), { recursive: true });
    await buildSite({ dir, out });
    expect(read(out, 'notes.txt')).toBe('mine\n');
    expect(read(out, 'incidents/x/keep.html')).toBe('mine\n');
    // A foreign file where a page goes: refused before anything is written.
    const other = setup();
    mkdirSync(path.join(other.out, 'tags'), { recursive: true });
    writeFileSync(path.join(other.out, 'tags', 'tls.html'), 'hand-made\n');
    await expect(buildSite({ dir: other.dir, out: other.out })).rejects.toThrow(/refusing to overwrite .*tags\/tls\.html/);
    expect(existsSync(path.join(other.out, 'index.html'))).toBe(false);
    // A manifest cannot be used to delete files outside the site.
    const outside = path.join(other.root, 'precious.txt');
    writeFileSync(outside, 'keep\n');
    rmSync(path.join(other.out, 'tags', 'tls.html'));
    const ledger = manifestFile(realpathSync(other.out));
    mkdirSync(path.dirname(ledger), { recursive: true });
    writeFileSync(ledger, JSON.stringify({ tool: 'postmortem build', version: 2, out: realpathSync(other.out), files: { '../precious.txt': 5 }, incidents: {} }));
    await buildSite({ dir: other.dir, out: other.out });
    expect(readFileSync(outside, 'utf8')).toBe('keep\n');
  });

  it('publishes postmortems written elsewhere (no front matter, other headings)', async () => {
    const root = tempDir('pm-site-foreign-');
    const dir = path.join(root, 'incidents');
    const foreign = path.join(ROOT, 'test', 'fixtures', 'foreign');
    for (const f of readdirSync(foreign).filter((n) => n.endsWith('.md'))) writeIncidents(dir, { [f.replace(/\.md$/, '')]: readFileSync(path.join(foreign, f), 'utf8') });
    const r = await buildSite({ dir, out: path.join(root, 'site') });
    expect(r.incidents).toBe(readdirSync(foreign).filter((n) => n.endsWith('.md')).length);
    const page = read(path.join(root, 'site'), 'incidents/dfds-inotify-exhaustion/index.html');
    expect(page).toContain('<h1>Inotify file watches exhaustion</h1>');
    expect(page).toContain('class="timeline-table"');
  });
});

describe('postmortem build (CLI)', () => {
  it('prints a one-line summary, --json data, and exits 1 naming a bad file, 2 for a bad option', () => {
    const { root, dir, out } = setup();
    const r = pm(['--dir', dir, 'build', '--out', out], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^built site\/: 2 incidents, \d+ pages, 0 warnings in [\d.]+ s \(2 rendered, 0 from cache\)$/);
    const j = pm(['--dir', dir, 'build', '--out', out, '--json'], { cwd: root });
    expect(JSON.parse(j.stdout)).toMatchObject({ incidents: 2, rendered: 0, cached: 2 });
    writeIncidents(dir, { broken: '---\ntitle: "x\n---\n' });
    const bad = pm(['--dir', dir, 'build', '--out', out], { cwd: root });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^postmortem: .*broken\/postmortem\.md:\d+: invalid YAML/);
    const usage = pm(['--dir', dir, 'build', '--out', out, '--base-url', 'ftp://x'], { cwd: root });
    expect(usage.status).toBe(2);
    const unsafe = pm(['--dir', dir, 'build', '--out', '/'], { cwd: root });
    expect(unsafe.status).toBe(2);
    expect(unsafe.stderr).toMatch(/refusing --out \//);
  });
});

describe('long documents (CLI)', () => {
  it('renders a document over 1 MB in a worker of its own, the same page as in one thread', async () => {
    const items = Array.from({ length: 12000 }, (_, i) => `- **2026-03-14 ${String(9 + Math.floor(i / 3600)).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')} +01:00** — watch: inodes at ${90 + (i % 10)} % (numfile) on vz-blog-01, entry ${i}\n`);
    const big = doc({ title: 'Long watch', started: '2026-03-14T09:00:00+01:00', body: `## TL;DR\n\nA long watch.\n\n## Timeline\n\n${items.join('')}\n## Root cause\n\nThe cache.\n` });
    expect(Buffer.byteLength(big)).toBeGreaterThan(1024 * 1024); // BIG_DOC: rendered in a capped worker
    const root = tempDir('pm-site-long-');
    const dir = path.join(root, 'incidents');
    writeIncidents(dir, { '2026-03-14-long': big });
    const r = pm(['--dir', dir, 'build', '--out', path.join(root, 'cli')], { cwd: root });
    expect(r.stderr).toBe('');
    await buildSite({ dir, out: path.join(root, 'lib') });
    const page = read(path.join(root, 'cli'), 'incidents/2026-03-14-long/index.html');
    expect(page).toContain('entry 11999</li>');
    expect(page.match(/<ul class="timeline">/g)).toHaveLength(1); // one list, though parsed in pieces
    expect(page).toBe(read(path.join(root, 'lib'), 'incidents/2026-03-14-long/index.html'));
  });
});
