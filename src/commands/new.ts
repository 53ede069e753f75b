import { existsSync, mkdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Globals } from '../context.js';
import { PmError, UsageError } from '../errors.js';
import { formatDate, formatIso, formatStamp } from '../doc/dates.js';
import { SEVERITIES } from '../doc/model.js';
import { DOC_NAME, insideIncident } from '../incidents/store.js';
import { writeFailure, writeFileAtomic } from '../util/atomic.js';
import { slugify } from '../util/slug.js';
import { parseWhen } from '../util/when.js';

export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export interface NewArgs {
  title: string;
  template?: string;
  severity?: string;
  tags?: string;
  started?: string;
  future?: boolean;
}

export interface NewResult {
  id: string;
  dir: string;
  file: string;
  template: string;
}

/** Fills {{name}} placeholders; JSON strings are valid YAML scalars, so *Yaml values are JSON. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (all, key: string) => values[key] ?? all);
}

export async function run(args: NewArgs, g: Globals): Promise<NewResult> {
  const title = args.title.replace(/\s+/g, ' ').trim();
  if (!title) throw new UsageError('new: expected a title, e.g. postmortem new "Blog down: inode quota full"');
  const template = args.template ?? 'default';
  if (!/^[a-z0-9-]+$/.test(template) || !existsSync(path.join(TEMPLATES_DIR, `${template}.md`))) {
    throw new UsageError(`new: unknown template "${template}"; expected one of default, sre, blog`);
  }
  const severity = (args.severity ?? 'SEV3').toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(severity)) throw new UsageError(`new: --severity "${args.severity}" is not one of ${SEVERITIES.join(', ')}`);
  const tags = (args.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const started = await parseWhen(args.started ?? 'now', { what: '--started', future: args.future });

  const created = makeIncidentsDir(g.dir);
  const base = `${formatDate(started)}-${slugify(title)}`;
  const text = (id: string) =>
    fillTemplate(readFileSync(path.join(TEMPLATES_DIR, `${template}.md`), 'utf8'), {
      id,
      title,
      titleYaml: JSON.stringify(title),
      severity,
      started: formatIso(started),
      stamp: formatStamp(started),
      tagsYaml: JSON.stringify(tags),
    });
  let ref: { id: string; dir: string; file: string } | undefined;
  try {
    // mkdir without -p claims the id: a concurrent `new` with the same title gets the next number.
    for (let n = 1; !ref; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      const r = { id, dir: path.join(g.dir, id), file: '' };
      r.file = insideIncident(r, DOC_NAME); // the id is a slug, but never trust a path
      try {
        mkdirSync(r.dir);
        ref = r;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw writeFailure(r.dir, e);
      }
    }
    writeFileAtomic(ref.file, text(ref.id));
  } catch (e) {
    // Nothing half-made stays behind: not the incident folder, not an incidents folder made for it.
    for (const d of [ref?.dir, ...created]) {
      try {
        if (d) rmdirSync(d);
      } catch {
        /* not empty or gone: not ours to remove */
      }
    }
    throw e;
  }
  return { ...ref, template };
}

/**
 * Creates the incidents folder when missing; returns the folders it created, deepest first (to remove
 * them again if the incident cannot be written). Refuses a path that is not a folder.
 */
function makeIncidentsDir(dir: string): string[] {
  let st;
  try {
    st = statSync(dir);
  } catch {
    /* missing: create it */
  }
  if (st && !st.isDirectory()) throw new PmError(`${dir} is not a folder; expected the incidents folder (--dir or $POSTMORTEM_DIR)`);
  if (st) return [];
  let first: string | undefined;
  try {
    first = mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') throw new PmError(`${dir}: a part of the path is not a folder; expected the incidents folder (--dir or $POSTMORTEM_DIR)`);
    throw writeFailure(dir, e);
  }
  const made: string[] = [];
  for (let d = dir; first && d.length >= first.length; d = path.dirname(d)) made.push(d);
  return made;
}

export function format(r: NewResult): string {
  return path.relative(process.cwd(), r.file) || r.file;
}
