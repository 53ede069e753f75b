import { existsSync, lstatSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Globals } from '../context.js';
import { InputError, PmError, UsageError } from '../errors.js';
import { readText } from '../doc/load.js';
import { parseFrontMatter } from '../doc/frontmatter.js';
import { metaFrom } from '../doc/parse.js';
import type { Meta } from '../doc/model.js';
import { parseStamp } from '../doc/dates.js';
import { readFailure } from '../util/readfile.js';

export const DOC_NAME = 'postmortem.md';

export interface IncidentRef {
  id: string;
  /** The incident's folder. */
  dir: string;
  /** Its postmortem.md. */
  file: string;
}

export interface IncidentSummary extends IncidentRef {
  meta: Meta;
}

export function requireDir(dir: string): void {
  let st;
  try {
    st = statSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new PmError(`no incidents yet: ${dir} does not exist; start one with "postmortem new <title>" or pass --dir`);
    throw readFailure(dir, e, 'the incidents folder');
  }
  if (!st.isDirectory()) throw new PmError(`${dir} is not a folder; expected the incidents folder`);
}

/** There is an entry named postmortem.md; one we may not even look at counts, so reading it reports why. */
function hasDoc(file: string): boolean {
  try {
    return lstatSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true;
  }
}

/** Sub-folders of `dir` with a postmortem.md entry, even a dangling symlink (so it can be reported). */
export function incidentFolders(dir: string): IncidentRef[] {
  requireDir(dir);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw readFailure(dir, e, 'the incidents folder');
  }
  return entries
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && hasDoc(path.join(dir, d.name, DOC_NAME)))
    .map((d) => ({ id: d.name, dir: path.join(dir, d.name), file: path.join(dir, d.name, DOC_NAME) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Incident folders: every sub-folder of `dir` holding a postmortem.md, sorted by id (date first). */
export function incidentRefs(dir: string): IncidentRef[] {
  return incidentFolders(dir).filter((r) => existsSync(r.file));
}

/** Reads only what listing needs: the front matter (and the first H1 as a fallback title). */
export async function summarize(ref: IncidentRef): Promise<IncidentSummary> {
  const source = await readText(ref.file);
  const fm = parseFrontMatter(source, ref.file);
  const h1 = /^\uFEFF?# +(.+?)\s*#*\s*$/m.exec(source.slice(fm?.end ?? 0))?.[1] ?? null;
  const meta = metaFrom(fm?.data ?? {}, ref.file, h1);
  return { ...ref, meta: { ...meta, id: ref.id } };
}

/** A postmortem that could not be read: the file, the line where known, and why. */
export interface Skipped {
  id: string;
  file: string;
  line?: number;
  reason: string;
}

export interface IncidentScan {
  /** The readable incidents, sorted by id. */
  incidents: IncidentSummary[];
  /** The unreadable ones (binary, bad YAML, ---js, no permission, dangling symlink), sorted by id. */
  skipped: Skipped[];
}

/** Why a postmortem cannot be read, as one line; other errors (bugs) are not swallowed. */
export function asSkipped(ref: IncidentRef, e: unknown): Skipped {
  let target: string | null = null;
  try {
    if (lstatSync(ref.file).isSymbolicLink() && !existsSync(ref.file)) target = readlinkSync(ref.file);
  } catch {
    /* cannot even look: the read's error says why */
  }
  if (target !== null) return { id: ref.id, file: ref.file, reason: `symbolic link to ${target}, which does not exist` };
  if (e instanceof InputError) return { id: ref.id, file: ref.file, line: e.line, reason: e.reason };
  if (e instanceof PmError) return { id: ref.id, file: ref.file, reason: e.message };
  if ((e as NodeJS.ErrnoException)?.code) return { id: ref.id, file: ref.file, reason: readFailure(ref.file, e, 'a postmortem').reason };
  throw e;
}

/**
 * Every incident in `dir`, readable or not: one broken postmortem never hides the others. Throws
 * only when `dir` itself cannot be listed.
 */
export async function scanIncidents(dir: string): Promise<IncidentScan> {
  const incidents: IncidentSummary[] = [];
  const skipped: Skipped[] = [];
  for (const ref of incidentFolders(dir)) {
    try {
      incidents.push(await summarize(ref));
    } catch (e) {
      skipped.push(asSkipped(ref, e));
    }
  }
  return { incidents, skipped };
}

/** The readable incidents; unreadable ones are warned about on stderr (see warnSkipped). */
export async function listIncidents(dir: string): Promise<IncidentSummary[]> {
  const scan = await scanIncidents(dir);
  warnSkipped(scan.skipped);
  return scan.incidents;
}

const warned = new Set<string>();

/** "skipped <file>:<line>: <reason>", the text of a warning about an unreadable postmortem. */
export const skippedText = (s: Skipped) => `skipped ${s.file}${s.line ? `:${s.line}` : ''}: ${s.reason}`;

/**
 * The one place that tells the user about unreadable postmortems: "postmortem: warning: skipped
 * <file>: <reason>" on stderr, once per file per process (stderr, so --json output on stdout stays
 * valid). Returns the warnings, for a JSON result's `warnings` field.
 */
export function warnSkipped(skipped: Skipped[]): string[] {
  const texts = skipped.map(skippedText);
  for (const [i, s] of skipped.entries()) {
    if (warned.has(s.file)) continue;
    warned.add(s.file);
    process.stderr.write(`postmortem: warning: ${texts[i]}\n`);
  }
  return texts;
}

/** `{ warnings }` for a JSON result when postmortems were skipped, else nothing (the JSON stays as it was). */
export const warningsOf = (skipped: Skipped[]): { warnings?: string[] } => (skipped.length ? { warnings: skipped.map(skippedText) } : {});

const startedMs = (s: IncidentSummary) => (s.meta.started ? (parseStamp(s.meta.started)?.ms ?? 0) : 0);

/** An incident to work on, and the postmortems that were skipped while looking for it. */
export interface ResolvedIncident extends IncidentRef {
  /** Other incidents' postmortems that could not be read (already warned about on stderr). */
  skipped: Skipped[];
}

/**
 * The --incident one (exact id or a unique part of one), else the active one: the newest not resolved.
 * `orNewest`: for read-only commands, fall back to the newest incident when none is active.
 *
 * Never fails because of another incident's broken postmortem: those are skipped, warned about once
 * on stderr (warnSkipped) and returned in `skipped`. The chosen incident's own document is not
 * re-read here: the caller's read or edit reports its problems.
 */
export async function resolveIncident(g: Globals, id = g.incident, orNewest = false): Promise<ResolvedIncident> {
  if (id !== undefined) {
    if (!id || /[/\\]|^\.\.?$/.test(id)) throw new UsageError(`invalid incident id "${id}": expected a folder name inside ${g.dir}`);
    const refs = incidentFolders(g.dir);
    const exact = refs.find((r) => r.id === id);
    if (exact) return { ...exact, skipped: [] };
    const partial = refs.filter((r) => r.id.includes(id));
    if (partial.length === 1) return { ...partial[0]!, skipped: [] };
    if (partial.length > 1) throw new PmError(`incident "${id}" is ambiguous: ${partial.map((r) => r.id).join(', ')}`);
    throw new PmError(`no incident "${id}" in ${g.dir}; "postmortem list" shows the ids`);
  }
  const { incidents, skipped } = await scanIncidents(g.dir);
  warnSkipped(skipped);
  if (incidents.length === 0 && skipped.length === 0) throw new PmError(`no incidents yet in ${g.dir}; start one with "postmortem new <title>"`);
  if (incidents.length === 0)
    throw new PmError(`no readable incident in ${g.dir} (${skipped.length} could not be read, see the warnings above); fix it, pass --incident, or start one with "postmortem new <title>"`);
  let open = incidents.filter((s) => s.meta.status !== 'resolved');
  if (open.length === 0 && orNewest) open = incidents;
  if (open.length === 0) {
    const why = skipped.length ? `the readable ones are resolved, ${skipped.length} could not be read` : 'all resolved';
    throw new PmError(`no active incident in ${g.dir} (${why}); start one with "postmortem new <title>" or pass --incident`);
  }
  open.sort((a, b) => startedMs(a) - startedMs(b) || a.id.localeCompare(b.id));
  const { meta: _meta, ...ref } = open[open.length - 1]!;
  return { ...ref, skipped };
}

/**
 * For commands that must act even when no document can take the result (`run` runs the command
 * anyway and prints the entry): the incident, or the PmError that says why there is none.
 */
export async function resolveIncidentOrError(g: Globals, id = g.incident, orNewest = false): Promise<ResolvedIncident | PmError> {
  try {
    return await resolveIncident(g, id, orNewest);
  } catch (e) {
    if (e instanceof PmError) return e;
    throw e;
  }
}

/** A path inside the incident folder, refusing anything that would land outside it. */
export function insideIncident(ref: IncidentRef, ...parts: string[]): string {
  const p = path.resolve(ref.dir, ...parts);
  if (p !== ref.dir && !p.startsWith(ref.dir + path.sep)) throw new UsageError(`path ${p} is outside the incident folder ${ref.dir}`);
  return p;
}
