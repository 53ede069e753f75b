import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Globals } from '../context.js';
import { PmError, UsageError } from '../errors.js';
import { readText } from '../doc/load.js';
import { parseFrontMatter } from '../doc/frontmatter.js';
import { metaFrom } from '../doc/parse.js';
import type { Meta } from '../doc/model.js';
import { parseStamp } from '../doc/dates.js';

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
  if (!existsSync(dir)) throw new PmError(`incidents folder ${dir} does not exist; create an incident with "postmortem new <title>" or pass --dir`);
  if (!statSync(dir).isDirectory()) throw new PmError(`${dir} is not a folder; expected the incidents folder`);
}

/** Incident folders: every sub-folder of `dir` holding a postmortem.md, sorted by id (date first). */
export function incidentRefs(dir: string): IncidentRef[] {
  requireDir(dir);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && existsSync(path.join(dir, d.name, DOC_NAME)))
    .map((d) => ({ id: d.name, dir: path.join(dir, d.name), file: path.join(dir, d.name, DOC_NAME) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Reads only what listing needs: the front matter (and the first H1 as a fallback title). */
export async function summarize(ref: IncidentRef): Promise<IncidentSummary> {
  const source = await readText(ref.file);
  const fm = parseFrontMatter(source, ref.file);
  const h1 = /^# +(.+?)\s*#*\s*$/m.exec(source.slice(fm?.end ?? 0))?.[1] ?? null;
  const meta = metaFrom(fm?.data ?? {}, ref.file, h1);
  return { ...ref, meta: { ...meta, id: ref.id } };
}

export async function listIncidents(dir: string): Promise<IncidentSummary[]> {
  return Promise.all(incidentRefs(dir).map(summarize));
}

const startedMs = (s: IncidentSummary) => (s.meta.started ? (parseStamp(s.meta.started)?.ms ?? 0) : 0);

/**
 * The --incident one (exact id or a unique part of one), else the active one: the newest not resolved.
 * `orNewest`: for read-only commands, fall back to the newest incident when none is active.
 */
export async function resolveIncident(g: Globals, id = g.incident, orNewest = false): Promise<IncidentRef> {
  const refs = incidentRefs(g.dir);
  if (id !== undefined) {
    if (!id || /[/\\]|^\.\.?$/.test(id)) throw new UsageError(`invalid incident id "${id}": expected a folder name inside ${g.dir}`);
    const exact = refs.find((r) => r.id === id);
    if (exact) return exact;
    const partial = refs.filter((r) => r.id.includes(id));
    if (partial.length === 1) return partial[0]!;
    if (partial.length > 1) throw new PmError(`incident "${id}" is ambiguous: ${partial.map((r) => r.id).join(', ')}`);
    throw new PmError(`no incident "${id}" in ${g.dir}; "postmortem list" shows the ids`);
  }
  const all = await Promise.all(refs.map(summarize));
  let open = all.filter((s) => s.meta.status !== 'resolved');
  if (open.length === 0 && orNewest) open = all;
  if (open.length === 0) throw new PmError(`no active incident in ${g.dir} (all resolved); start one with "postmortem new <title>" or pass --incident`);
  open.sort((a, b) => startedMs(a) - startedMs(b) || a.id.localeCompare(b.id));
  const { meta: _meta, ...ref } = open[open.length - 1]!;
  return ref;
}

/** A path inside the incident folder, refusing anything that would land outside it. */
export function insideIncident(ref: IncidentRef, ...parts: string[]): string {
  const p = path.resolve(ref.dir, ...parts);
  if (p !== ref.dir && !p.startsWith(ref.dir + path.sep)) throw new UsageError(`path ${p} is outside the incident folder ${ref.dir}`);
  return p;
}
