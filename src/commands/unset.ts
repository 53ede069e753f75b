// `unset <field>`: removes one optional front matter field (a time set by mistake, a timezone, a
// list), editing only that key's lines so every other byte of the document stays.
import path from 'node:path';
import type { Globals } from '../context.js';
import { UsageError } from '../errors.js';
import { removeFrontMatterKey } from '../doc/edit-frontmatter.js';
import { parseFrontMatter } from '../doc/frontmatter.js';
import { updateDocument } from '../doc/update.js';
import { resolveIncident } from '../incidents/store.js';
import { fieldOf, type Field } from './set.js';

export interface UnsetArgs {
  field: string;
}

export interface UnsetResult {
  id: string;
  file: string;
  field: Field;
  /** False when the field was not there. */
  changed: boolean;
}

/** Every postmortem has these (the front-matter lint rule checks them): change them with set. */
const REQUIRED = new Set(['title', 'status', 'severity', 'started']);

export async function run(args: UnsetArgs, g: Globals): Promise<UnsetResult> {
  const field = fieldOf(args.field ?? '', 'unset');
  if (REQUIRED.has(field)) throw new UsageError(`unset: ${field} is required in every postmortem; change it with: postmortem set ${field} <value>`);
  const ref = await resolveIncident(g);
  let changed = false;
  await updateDocument(ref.file, (source) => {
    // A resolved incident without a resolved time would contradict itself.
    if (field === 'resolved' && parseFrontMatter(source, ref.file)?.data.status === 'resolved')
      throw new UsageError('unset resolved: the incident is resolved; set the status first, e.g. postmortem set status mitigated');
    const out = removeFrontMatterKey(source, field, ref.file);
    changed = out !== source;
    return out;
  });
  return { id: ref.id, file: ref.file, field, changed };
}

export function format(r: UnsetResult): string {
  return `${path.relative(process.cwd(), r.file) || r.file}  ${r.field} ${r.changed ? 'removed' : 'was not set'}`;
}
