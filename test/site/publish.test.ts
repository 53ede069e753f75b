// What reaches --out: nothing of a draft, no raw snapshot, no private evidence, no build state.
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build.js';
import { manifestFile } from '../../src/site/cache.js';
import { LEGACY_MANIFEST } from '../../src/site/outdir.js';
import { tempDir } from '../helpers.js';
import { doc, SEED, writeIncidents } from './fixtures.js';

/** Every file and folder under `dir`, recursively (hidden ones too): relative path and bytes. */
function allFiles(dir: string, rel = ''): { rel: string; bytes: Buffer }[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? [{ rel: `${r}/`, bytes: Buffer.alloc(0) }, ...allFiles(dir, r)] : [{ rel: r, bytes: readFileSync(path.join(dir, r)) }];
  });
}

/** The words found anywhere in the site: in a file's name or its bytes (any case). */
function foundIn(out: string, words: string[]): string[] {
  const files = allFiles(out);
  expect(files.length).toBeGreaterThan(5);
  return words.filter((w) => files.some((f) => f.rel.toLowerCase().includes(w.toLowerCase()) || f.bytes.toString('latin1').toLowerCase().includes(w.toLowerCase())));
}

function site(extra: Record<string, string | Record<string, string>>) {
  const root = tempDir('pm-publish-');
  const dir = path.join(root, 'incidents');
  writeIncidents(dir, { '2026-03-14-blog-inode-quota': { 'postmortem.md': SEED, 'evidence/df-i.txt': 'IUse% 100%\n' }, ...extra });
  return { root, dir, out: path.join(root, 'site') };
}

const DRAFT_WORDS = ['Quokkafjord', 'zanzibarquux', 'vexillumhost', 'plumbobservice', 'draftevidenceqat', 'draftfilenamexyl', 'cobaltslugid'];
const DRAFT = {
  'postmortem.md': `${doc({ title: 'Quokkafjord outage', draft: true, started: '2026-04-01T10:00:00Z', tags: ['zanzibarquux'], services: ['plumbobservice'] }).replace('---\n\n', 'hosts: [vexillumhost]\n---\n\n')}\n## Prevention\n\n- [ ] Fix Quokkafjord — owner: @ops, due: 2026-05-01\n`,
  'evidence/draftfilenamexyl.txt': 'draftevidenceqat\n',
};

describe('what the site publishes', () => {
  it('publishes nothing of a draft: no word, no file name, anywhere under --out', async () => {
    const { dir, out } = site({ '2026-04-01-cobaltslugid': DRAFT });
    // with --drafts every word is there, so the search below can find them
    await buildSite({ dir, out, drafts: true });
    expect(foundIn(out, DRAFT_WORDS)).toEqual(DRAFT_WORDS);
    // the next build without --drafts removes all of it again
    await buildSite({ dir, out });
    expect(foundIn(out, DRAFT_WORDS)).toEqual([]);
    // and a first build without --drafts never writes it
    const fresh = path.join(path.dirname(out), 'fresh');
    await buildSite({ dir, out: fresh });
    expect(foundIn(fresh, DRAFT_WORDS)).toEqual([]);
  });

  it('keeps its cache and list of created files outside --out, and moves an old one out of it', async () => {
    const { dir, out } = site({ '2025-11-02-cert-expired': doc({ title: 'Certificate expired', started: '2025-11-02T08:00:00+01:00', tags: ['tls'] }) });
    await buildSite({ dir, out });
    const ledger = manifestFile(realpathSync(out));
    expect(ledger.startsWith(process.env.XDG_CACHE_HOME! + path.sep)).toBe(true);
    expect(JSON.parse(readFileSync(ledger, 'utf8'))).toMatchObject({ tool: 'postmortem build', version: 2, out: realpathSync(out) });
    expect(allFiles(out).filter((f) => f.rel.startsWith('.') || f.rel.includes('/.'))).toEqual([]);
    expect((await buildSite({ dir, out })).cached).toBe(2);

    // As an earlier version left it: the manifest inside the site, none in the cache folder.
    const old = JSON.parse(readFileSync(ledger, 'utf8'));
    writeFileSync(path.join(out, LEGACY_MANIFEST), JSON.stringify({ ...old, version: 1, out: undefined }));
    rmSync(ledger);
    rmSync(path.join(dir, '2025-11-02-cert-expired'), { recursive: true });
    const r = await buildSite({ dir, out });
    expect(r.warnings).toEqual([]); // the old manifest vouches for the files: no "did not create"
    expect(r.cached).toBe(1); // and its cache is used
    expect(existsSync(path.join(out, 'tags/tls.html'))).toBe(false); // files it listed are removed when stale
    expect(existsSync(path.join(out, LEGACY_MANIFEST))).toBe(false);
    expect(existsSync(ledger)).toBe(true);
  });

  it('refuses an --out that holds the cache folder', async () => {
    const { dir, out } = site({});
    const before = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = path.join(out, 'cache');
    try {
      await expect(buildSite({ dir, out })).rejects.toThrow(/refusing --out .*: it holds the build's cache folder/);
    } finally {
      process.env.XDG_CACHE_HOME = before;
    }
    expect(existsSync(out)).toBe(false);
  });

  it('says where it looked when it refuses to overwrite files it has no record of', async () => {
    const { dir, out } = site({});
    await buildSite({ dir, out });
    rmSync(manifestFile(realpathSync(out)));
    await expect(buildSite({ dir, out })).rejects.toThrow(/refusing to overwrite .*: the build did not create it \(no record of an earlier build in .*build\.json\)/);
  });

  it('publishes snapshots as findings, never their command lines, mounts or kernel', async () => {
    const snapshot = JSON.stringify({
      schema: 1,
      host: 'vz-blog-01',
      kernel: 'Linux 5.4.0-kernelmarker-generic',
      root: '/',
      takenAt: '2026-03-14T09:30:00+01:00',
      durationMs: 412,
      findings: [{ id: 'beancounters.numfile', severity: 'critical', resource: 'inodes', subject: 'numfile', used: 3000001, limit: 3000000, utilization: 1.0000003, unit: 'count', message: 'inode quota full', hint: 'run pm hunt /' }],
      probes: [
        { id: 'processes', status: 'ok', durationMs: 3, data: [{ pid: 1, comm: 'php-fpm', cmdline: 'php-fpm --secret=cmdlinemarker' }] },
        { id: 'mounts', status: 'ok', durationMs: 1, data: [{ mountpoint: '/srv/mountmarker', fstype: 'ext4' }] },
      ],
    });
    const { dir, out } = site({ '2026-03-15-snap': { 'postmortem.md': doc({ title: 'Snap', body: '## TL;DR\n\nSee [the snapshot](snapshots/s.json).\n' }), 'snapshots/s.json': snapshot } });
    await buildSite({ dir, out });
    expect(foundIn(out, ['cmdlinemarker', 'mountmarker', 'kernelmarker', 'vz-blog-01', 'snapshots/s.json'])).toEqual([]);
    const page = readFileSync(path.join(out, 'incidents/2026-03-15-snap/index.html'), 'utf8');
    expect(page).toMatch(/class="usage critical"[\s\S]*inodes numfile[\s\S]*3,000,001 of 3,000,000/);
    expect(page).toMatch(/<h3>Snapshot </); // the incident does not name the host
    expect(page).toContain('<a href="#snapshots">the snapshot</a>'); // the link goes to the cards
    expect(existsSync(path.join(out, 'incidents/2026-03-15-snap/snapshots'))).toBe(false);
  });

  it('keeps private evidence private: not copied, not listed, links to it plain text', async () => {
    const body = [
      '## Evidence',
      '',
      '- [df -i](evidence/df-i.txt)',
      '- [the dump](evidence/private/db-dump.sql)',
      '- [dmesg](./evidence/private-dmesg.txt) and ![graph](evidence/private-graph.png)',
      '- [escaped](evidence/%70rivate/db-dump.sql)',
      '- [page](evidence/page.html)',
    ].join('\n');
    const { dir, out } = site({
      '2026-03-16-private': {
        'postmortem.md': doc({ title: 'Private bits', body }),
        'evidence/df-i.txt': 'IUse% 100%\n',
        'evidence/page.html': '<p>saved page</p>',
        'evidence/private/db-dump.sql': 'INSERT privatemarkerone\n',
        'evidence/private-dmesg.txt': 'privatemarkertwo\n',
        'evidence/private-graph.png': 'privatemarkerthree',
      },
    });
    await buildSite({ dir, out });
    expect(foundIn(out, ['privatemarkerone', 'privatemarkertwo', 'privatemarkerthree', 'db-dump', 'private-dmesg', 'private-graph'])).toEqual([]);
    const page = readFileSync(path.join(out, 'incidents/2026-03-16-private/index.html'), 'utf8');
    expect(page).toContain('<span class="private">the dump (private)</span>');
    expect(page).toContain('<span class="private">dmesg (private)</span>');
    expect(page).toContain('<span class="private">graph (private)</span>');
    expect(page).toContain('<span class="private">escaped (private)</span>');
    // every relative link and image on the page leads to a file of the site
    const urls = [...page.matchAll(/(?:href|src)="([^"#:]+)(?:#[^"]*)?"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(urls).toContain('evidence/page.html.txt');
    for (const u of urls) expect(statSync(path.join(out, 'incidents/2026-03-16-private', u), { throwIfNoEntry: false }), u).toBeTruthy();
  });
});
