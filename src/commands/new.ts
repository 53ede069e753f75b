import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Globals } from '../context.js';
import { UsageError } from '../errors.js';
import { formatDate, formatIso, formatStamp } from '../doc/dates.js';
import { SEVERITIES } from '../doc/model.js';
import { DOC_NAME, insideIncident } from '../incidents/store.js';
import { writeFileAtomic } from '../util/atomic.js';
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

  mkdirSync(g.dir, { recursive: true });
  const base = `${formatDate(started)}-${slugify(title)}`;
  let id = base;
  for (let n = 2; existsSync(path.join(g.dir, id)); n++) id = `${base}-${n}`;
  const ref = { id, dir: path.join(g.dir, id), file: '' };
  ref.file = insideIncident(ref, DOC_NAME); // the id is a slug, but never trust a path

  const text = fillTemplate(readFileSync(path.join(TEMPLATES_DIR, `${template}.md`), 'utf8'), {
    id,
    title,
    titleYaml: JSON.stringify(title),
    severity,
    started: formatIso(started),
    stamp: formatStamp(started),
    tagsYaml: JSON.stringify(tags),
  });
  mkdirSync(ref.dir, { recursive: true });
  writeFileAtomic(ref.file, text);
  return { ...ref, template };
}

export function format(r: NewResult): string {
  return path.relative(process.cwd(), r.file) || r.file;
}
