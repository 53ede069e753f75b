// The incremental cache: one entry per incident keyed by a hash of everything its page is made
// of (the document's bytes, its snapshots, its evidence listing, the site title and the code
// that renders). It lives in the manifest in the output folder, next to the list of files the
// build created, so deleting the site also drops the cache.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { IncidentRecord } from './record.js';

export interface CacheEntry {
  key: string;
  record: IncidentRecord;
  /** Files this incident put in the site (page, copied evidence and snapshots), relative to it. */
  files: string[];
}

export interface Manifest {
  tool: 'postmortem build';
  version: 1;
  /** Every file the build created, relative path -> size in bytes. */
  files: Record<string, number>;
  incidents: Record<string, CacheEntry>;
}

export function emptyManifest(): Manifest {
  return { tool: 'postmortem build', version: 1, files: {}, incidents: {} };
}

/** Parses a manifest; null when it is missing, damaged or from another tool. */
export function parseManifest(text: string | null): Manifest | null {
  if (!text) return null;
  try {
    const m = JSON.parse(text) as Manifest;
    if (m?.tool !== 'postmortem build' || m.version !== 1 || typeof m.files !== 'object' || typeof m.incidents !== 'object') return null;
    return m;
  } catch {
    return null;
  }
}

let codeHashMemo: string | undefined;
/** Hash of the rendering code (this folder and the document model): a new version re-renders. */
export function codeHash(): string {
  if (codeHashMemo) return codeHashMemo;
  const h = createHash('sha1');
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, path.join(here, '..', 'doc')]) {
    let names: string[] = [];
    try {
      names = (readdirSync(dir, { recursive: true }) as string[]).filter((n) => /\.(js|ts)$/.test(n)).sort();
    } catch {
      /* running from a bundle: fall back to what is hashed so far */
    }
    for (const n of names) h.update(n).update(readFileSync(path.join(dir, n)));
  }
  return (codeHashMemo = h.digest('hex'));
}

export interface KeyInput {
  siteTitle: string;
  bytes: Uint8Array;
  snapshots: { name: string; text: string }[];
  evidence: { rel: string; size: number; mtimeMs: number }[];
}

export function inputKey(k: KeyInput): string {
  const h = createHash('sha1').update(codeHash()).update('\0').update(k.siteTitle).update('\0').update(k.bytes);
  for (const s of k.snapshots) h.update(`\0s${s.name}\0`).update(s.text);
  for (const e of k.evidence) h.update(`\0e${e.rel}\0${e.size}\0${Math.round(e.mtimeMs)}`);
  return h.digest('hex');
}
