// `build`: incidents folder in, static site out. Reads every incident (bytes, snapshots, evidence
// listing) and hashes it; renders only what changed (on every core); then writes the pages that
// span incidents, copies evidence, removes what the build created earlier and no longer makes,
// and saves the manifest (in the cache folder: nothing but the site goes into --out). Nothing is
// written before every document rendered: a bad document fails the build with the site left as
// it was.
import { lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { InputError, PmError, UsageError } from '../errors.js';
import { incidentRefs, type IncidentRef } from '../incidents/store.js';
import { writeFileAtomic } from '../util/atomic.js';
import { codeHash, emptyManifest, inputKey, manifestFile, parseManifest, type CacheEntry, type Manifest } from './cache.js';
import { BIG_DOC, renderCapped } from './capped.js';
import type { IncidentJob, JobResult } from './job.js';
import { checkOut, LEGACY_MANIFEST, OutDir, realish } from './outdir.js';
import type { EvidenceFile } from './pages/incident.js';
import { spanningFiles } from './pages/site.js';
import { MIN_PARALLEL, RenderPool } from './pool.js';
import { inertName, isPrivate } from './published.js';
import { byNewest, type IncidentRecord } from './record.js';
import { useLang } from './i18n/labels.js';

export interface BuildOptions {
  dir: string;
  out: string;
  drafts?: boolean;
  /** false: ignore the cache and render every incident (a cold build). */
  cache?: boolean;
  /** Absolute site URL for the feeds ("" for relative links). */
  baseUrl?: string;
  siteTitle?: string;
  /** Language of the labels and dates (src/site/i18n); default en. */
  lang?: string;
  now?: Date;
  threads?: number;
  onProgress?: (message: string) => void;
}

export interface BuildResult {
  out: string;
  /** Incidents published on the site. */
  incidents: number;
  /** Drafts left out (without --drafts). */
  draftsSkipped: number;
  pages: number;
  files: number;
  rendered: number;
  cached: number;
  removed: number;
  warnings: string[];
  ms: number;
  /** Milliseconds per phase: read, render, pages, write, clean. */
  phases: Record<string, number>;
}

interface Gathered {
  ref: IncidentRef;
  bytes: Uint8Array;
  snapshots: { name: string; text: string }[];
  evidence: (EvidenceFile & { src: string; mtimeMs: number })[];
  /** Prometheus evidence (evidence/*prometheus.json) read for the charts; the files are in `evidence` too. */
  prometheus: { name: string; text: string }[];
  key: string;
}

const inside = (p: string, dir: string) => p === dir || p.startsWith(dir + path.sep);

const readText = (file: string): string | null => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

/** Runs `fn` over `items` with at most `limit` at a time (file reads: enough to keep the disk busy). */
async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await fn(items[k]!);
      }
    }),
  );
  return out;
}

/** Real path of the incident folder, computed only when a symlink needs checking. */
function realDirOf(ref: IncidentRef): () => string {
  let real: string | undefined;
  return () => (real ??= realpathSync(ref.dir));
}

/**
 * A file inside the incident folder as a real path, or null (with a warning) when it is a link
 * that leads out of the folder: links are never followed out of an incident.
 */
function safeFile(p: string, realDir: () => string, warnings: string[], label: string): { real: string; size: number; mtimeMs: number } | null {
  const st = lstatSync(p, { throwIfNoEntry: false });
  if (!st) return null;
  if (st.isSymbolicLink()) {
    let real: string | null = null;
    try {
      real = realpathSync(p);
    } catch {
      /* dangling */
    }
    if (!real || !inside(real, realDir())) {
      warnings.push(`${label}: symlink out of the incident folder, not followed`);
      return null;
    }
    const target = lstatSync(real, { throwIfNoEntry: false });
    return target?.isFile() ? { real, size: target.size, mtimeMs: target.mtimeMs } : null;
  }
  return st.isFile() ? { real: p, size: st.size, mtimeMs: st.mtimeMs } : null;
}

/**
 * Reads one incident: document bytes, snapshots, evidence listing, and their key. Synchronous on
 * purpose: thousands of small reads are several times faster without a promise and a thread-pool
 * hop each, and nothing else waits on this thread meanwhile (workers start up in parallel).
 */
function gather(ref: IncidentRef, siteTitle: string, lang: string, warnings: string[]): Gathered {
  const realDir = realDirOf(ref);
  const st = lstatSync(ref.file, { throwIfNoEntry: false });
  if (st?.isSymbolicLink()) {
    let real: string | null = null;
    try {
      real = realpathSync(ref.file);
    } catch {
      /* dangling: reported by the read below */
    }
    if (!real || !inside(real, realDir())) throw new InputError(ref.file, undefined, 'is a symlink out of the incident folder; the build never follows those');
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(ref.file);
  } catch (e) {
    throw new InputError(ref.file, undefined, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }

  const snapshots: Gathered['snapshots'] = [];
  const snapDir = path.join(ref.dir, 'snapshots');
  const snapStat = lstatSync(snapDir, { throwIfNoEntry: false });
  if (snapStat?.isDirectory()) {
    for (const name of readdirSync(snapDir).filter((n) => n.endsWith('.json')).sort()) {
      const f = safeFile(path.join(snapDir, name), realDir, warnings, `${ref.id}/snapshots/${name}`);
      if (f) snapshots.push({ name, text: readFileSync(f.real, 'utf8') });
    }
  } else if (snapStat?.isSymbolicLink()) warnings.push(`${ref.id}/snapshots: a symlink, not followed`);

  const evidence: Gathered['evidence'] = [];
  const walk = (rel: string, depth: number): void => {
    const abs = path.join(ref.dir, rel);
    const dst = lstatSync(abs, { throwIfNoEntry: false });
    if (!dst) return;
    if (dst.isSymbolicLink()) return void warnings.push(`${ref.id}/${rel}: a symlinked folder, not followed`);
    if (!dst.isDirectory() || depth > 4) return;
    for (const e of readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const r = `${rel}/${e.name}`;
      if (e.name.startsWith('.') || isPrivate(e.name)) continue; // hidden, or kept private by its author
      if (e.isDirectory()) walk(r, depth + 1);
      else {
        const f = safeFile(path.join(ref.dir, r), realDir, warnings, `${ref.id}/${r}`);
        if (f) evidence.push({ rel: inertName(r), size: f.size, mtimeMs: f.mtimeMs, src: f.real });
      }
    }
  };
  walk('evidence', 0);
  const prometheus = evidence.filter((e) => PROM_EVIDENCE.test(e.rel)).map((e) => ({ name: e.rel, text: readFileSync(e.src, 'utf8') }));

  const key = inputKey({ siteTitle, lang, bytes, snapshots, evidence });
  return { ref, bytes, snapshots, evidence, prometheus, key };
}

/** What `evidence prometheus` writes (its name as writeCaptured numbers a second one). */
const PROM_EVIDENCE = /^evidence\/[^/]*prometheus(?:_\d+)?\.json$/;

const pagePath = (id: string) => `incidents/${id}/index.html`;

export async function buildSite(o: BuildOptions): Promise<BuildResult> {
  const t0 = performance.now();
  const phases: Record<string, number> = {};
  let tp = t0;
  const phase = (name: string) => {
    const t = performance.now();
    phases[name] = Math.round(t - tp);
    tp = t;
  };
  const siteTitle = o.siteTitle ?? 'Incident history';
  const lang = useLang(o.lang).lang;
  const now = o.now ?? new Date();
  const useCache = o.cache !== false;
  const warnings: string[] = [];
  checkOut(o.out, o.dir);
  const refs = incidentRefs(o.dir);
  // Ids become folder names in the site; refuse the odd one that could not be one.
  for (const r of refs) if (!r.id || r.id === '.' || r.id === '..' || /[\\/]/.test(r.id)) throw new InputError(r.dir, undefined, 'folder name cannot be used in the site');

  const out = new OutDir(o.out);
  const realOut = realish(o.out);
  const ledger = manifestFile(realOut);
  if (inside(ledger, realOut)) throw new UsageError(`refusing --out ${o.out}: it holds the build's cache folder ${path.dirname(ledger)}`);
  const stored = parseManifest(readText(ledger));
  // an earlier version kept the manifest inside the site: take it over, and remove it there below
  const legacy = parseManifest(await out.readText(LEGACY_MANIFEST));
  const previous = stored?.version === 2 && stored.out === realOut ? stored : legacy;
  const outWasEmpty = (await out.entries()).length === 0;
  if (!previous && !outWasEmpty) warnings.push(`${o.out} has files the build did not create; they are left alone`);
  const prev = previous ?? emptyManifest(realOut);
  const saveManifest = (m: Manifest) => writeFileAtomic(ledger, JSON.stringify(m), { mkdir: true });

  // A cold build renders everything: start the workers now, so their start-up overlaps the reading.
  const early = (!useCache || !previous) && refs.length >= MIN_PARALLEL ? new RenderPool(o.threads) : null;
  try {
    o.onProgress?.(`reading ${refs.length} incidents`);
    codeHash();
    // The footer shows the build's date, so a page is also keyed by it (the first build of a day is cold).
    const gathered = refs.map((r) => gather(r, siteTitle, lang, warnings));

    // Cache hits: same key, and every file the incident made is still there as written.
    const records = new Map<string, IncidentRecord>();
    const entries: Record<string, CacheEntry> = {};
    const jobs: IncidentJob[] = [];
    const kept = new Map<string, number>();
    for (const g of gathered) {
      const e = prev.incidents[g.ref.id];
      const hidden = (r: IncidentRecord) => r.draft && !o.drafts;
      if (useCache && e && e.key === g.key && (e.files.length > 0 || hidden(e.record))) {
        const sizes = hidden(e.record) ? [] : e.files.map((f) => out.sizeOfSync(f));
        if (sizes.every((s, i) => s !== null && s === prev.files[e.files[i]!])) {
          records.set(g.ref.id, e.record);
          entries[g.ref.id] = hidden(e.record) ? { ...e, files: [] } : e;
          if (!hidden(e.record)) e.files.forEach((f, i) => kept.set(f, sizes[i]!));
          continue;
        }
      }
      jobs.push({
        id: g.ref.id,
        file: g.ref.file,
        bytes: g.bytes,
        snapshots: g.snapshots,
        evidence: g.evidence.map(({ rel, size }) => ({ rel, size })),
        prometheus: g.prometheus,
        drafts: Boolean(o.drafts),
        siteTitle,
        lang,
      });
    }
    jobs.sort((a, b) => a.id.localeCompare(b.id));
    phase('read');

    const pool = early ?? new RenderPool(jobs.length >= MIN_PARALLEL ? o.threads : 1);
    const big = jobs.filter((j) => j.bytes.byteLength >= BIG_DOC);
    const rest = big.length ? jobs.filter((j) => j.bytes.byteLength < BIG_DOC) : jobs;
    let results: JobResult[];
    try {
      results = await pool.run(rest, (d, t) => o.onProgress?.(`rendering ${d}/${t}`));
      for (const j of big) {
        o.onProgress?.(`rendering ${j.id} (${(j.bytes.byteLength / 1024 / 1024).toFixed(1)} MB)`);
        results.push(await renderCapped(j));
      }
    } finally {
      if (!early) await pool.close();
    }
    const failed = results.filter((r) => r.error);
    if (failed.length) {
      const more = failed.length > 1 ? ` (and ${failed.length - 1} more: ${failed.slice(1, 4).map((f) => f.id).join(', ')}${failed.length > 4 ? ', …' : ''})` : '';
      throw new PmError(`${failed[0]!.error}${more}`);
    }

    phase('render');
    // What the site will hold, decided before anything is written.
    const byId = new Map(gathered.map((g) => [g.ref.id, g]));
    const pages = new Map<string, string>();
    for (const r of results) {
      warnings.push(...r.warnings);
      records.set(r.id, r.record!);
      if (r.page) pages.set(pagePath(r.id), r.page);
    }
    const published = [...records.values()].filter((r) => !r.draft || o.drafts).sort(byNewest);
    // Rows of "unknown" are worth a word in the summary (a corpus written elsewhere has many).
    for (const r of published) {
      const missing = [
        r.startedMs === null ? (r.started ? `readable date ("${r.started}")` : 'date (started, start_time or date)') : null,
        !r.severity ? 'severity' : !/^SEV[1-4]$/.test(r.severity) ? `severity SEV1..SEV4 ("${r.severity}")` : null,
      ].filter(Boolean);
      if (missing.length) warnings.push(`${r.id}: no ${missing.join(' and no ')}; the site shows "unknown"`);
    }
    const site = spanningFiles(published, { siteTitle, baseUrl: o.baseUrl ?? '', now });

    const copies: { src: string; rel: string; size: number }[] = [];
    for (const r of results) {
      const g = byId.get(r.id)!;
      const files: string[] = [];
      if (r.page) {
        files.push(pagePath(r.id));
        for (const e of g.evidence) copies.push({ src: e.src, rel: `incidents/${r.id}/${e.rel}`, size: e.size }), files.push(`incidents/${r.id}/${e.rel}`);
      }
      entries[r.id] = { key: g.key, record: r.record!, files };
    }

    phase('pages');
    // Never overwrite a file someone else put there.
    const targets = [...pages.keys(), ...site.keys(), ...copies.map((c) => c.rel)];
    if (!outWasEmpty)
      for (const t of targets)
        if (prev.files[t] === undefined && lstatSync(out.abs(t), { throwIfNoEntry: false }))
          throw new PmError(
            `refusing to overwrite ${path.join(o.out, t)}: the build did not create it${previous ? '' : ` (no record of an earlier build in ${ledger})`}; move it away or pick another --out`,
          );

    await out.prepareRoot();
    try {
      for (const [rel, size] of kept) out.keep(rel, size);
      o.onProgress?.(`writing ${pages.size + site.size} files`);
      for (const [rel, html] of pages) out.write(rel, html);
      for (const [rel, text] of site) out.write(rel, text);
      for (const c of copies) out.copy(c.src, c.rel, c.size);
    } catch (e) {
      // Record what was written so far, so a later build may replace or remove it.
      const files = { ...prev.files, ...Object.fromEntries(out.written) };
      try {
        saveManifest({ ...emptyManifest(realOut), files });
      } catch {
        /* the disk is full: the error below says so */
      }
      throw e;
    }
    phase('write');
    const removed = await out.removeStale(Object.keys(prev.files));
    saveManifest({ ...emptyManifest(realOut), files: Object.fromEntries(out.written), incidents: entries });
    if (legacy) out.removeFile(LEGACY_MANIFEST);

    phase('clean');
    const htmlCount = [...out.written.keys()].filter((f) => f.endsWith('.html')).length;
    return {
      out: out.root,
      incidents: published.length,
      draftsSkipped: records.size - published.length,
      pages: htmlCount,
      files: out.written.size,
      rendered: results.length,
      cached: gathered.length - results.length,
      removed,
      warnings,
      ms: Math.round(performance.now() - t0),
      phases,
    };
  } finally {
    await early?.close();
  }
}
