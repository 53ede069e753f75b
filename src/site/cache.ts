// The incremental cache: one entry per incident keyed by a hash of everything its page is made
// of (the document's bytes, its snapshots, its evidence listing, the site title and the code
// that renders), kept in the build's manifest next to the list of files the build created.
// The manifest lives in the user's cache folder, never in the published one: its entries hold
// every incident's record, drafts included.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
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
  /** 1: kept inside the site by earlier versions (read once, to move it out); 2: in the cache folder. */
  version: 1 | 2;
  /** The site folder (real path) this manifest is for. */
  out?: string;
  /** Every file the build created, relative path -> size in bytes. */
  files: Record<string, number>;
  incidents: Record<string, CacheEntry>;
}

export function emptyManifest(out: string): Manifest {
  return { tool: 'postmortem build', version: 2, out, files: {}, incidents: {} };
}

/** Parses a manifest; null when it is missing, damaged or from another tool. */
export function parseManifest(text: string | null): Manifest | null {
  if (!text) return null;
  try {
    const m = JSON.parse(text) as Manifest;
    if (m?.tool !== 'postmortem build' || (m.version !== 1 && m.version !== 2) || typeof m.files !== 'object' || !m.files || typeof m.incidents !== 'object' || !m.incidents) return null;
    return m;
  } catch {
    return null;
  }
}

/**
 * The manifest file for a site folder (given as its real path): $XDG_CACHE_HOME/postmortem/<hash>/
 * build.json, or ~/.cache/postmortem/... (the XDG base directory rule: a relative
 * XDG_CACHE_HOME is ignored).
 */
/** This tool's folder for one key (a site folder, an incidents folder) in the user's cache. */
export function cacheFolder(key: string, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache');
  return path.join(base, 'postmortem', createHash('sha256').update(key).digest('hex').slice(0, 16));
}

export function manifestFile(realOut: string, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  return path.join(cacheFolder(realOut, env, home), 'build.json');
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
  lang: string;
  bytes: Uint8Array;
  snapshots: { name: string; text: string }[];
  evidence: { rel: string; size: number; mtimeMs: number }[];
}

export function inputKey(k: KeyInput): string {
  const h = createHash('sha1').update(codeHash()).update('\0').update(k.siteTitle).update('\0').update(k.lang).update('\0').update(k.bytes);
  for (const s of k.snapshots) h.update(`\0s${s.name}\0`).update(s.text);
  for (const e of k.evidence) h.update(`\0e${e.rel}\0${e.size}\0${Math.round(e.mtimeMs)}`);
  return h.digest('hex');
}
