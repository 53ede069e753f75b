// `set <field> <value>`: one front matter field, validated, edited as text so the rest of the YAML
// block (other keys, their quoting, comments) stays exactly as written.
import path from 'node:path';
import type { Globals } from '../context.js';
import { UsageError } from '../errors.js';
import { formatIso } from '../doc/dates.js';
import { setFrontMatterKey, type FrontMatterValue } from '../doc/edit-frontmatter.js';
import { SEVERITIES, STATUSES } from '../doc/model.js';
import { updateDocument } from '../doc/update.js';
import { zoneOfFile } from '../doc/timezone.js';
import { resolveIncident } from '../incidents/store.js';
import { checkZone } from '../util/zone.js';

export const FIELDS = ['title', 'status', 'severity', 'started', 'detected', 'mitigated', 'resolved', 'timezone', 'services', 'hosts', 'tags', 'authors', 'draft'] as const;
export type Field = (typeof FIELDS)[number];

export interface SetArgs {
  field: string;
  value: string[] | string;
  future?: boolean;
}

export interface SetResult {
  id: string;
  file: string;
  field: Field;
  value: FrontMatterValue;
}

const TIMES = new Set(['started', 'detected', 'mitigated', 'resolved']);
const LISTS = new Set(['services', 'hosts', 'tags', 'authors']);

/** A field name as the user typed it, checked: lower case, one of FIELDS. */
export function fieldOf(field: string, command: string): Field {
  const f = field.toLowerCase();
  if (f === 'id') throw new UsageError(`${command}: the id is the incident folder name and cannot be changed`);
  if (!(FIELDS as readonly string[]).includes(f)) throw new UsageError(`${command}: unknown field "${field}"; expected one of ${FIELDS.join(', ')}`);
  return f as Field;
}

/** The validated value for a field, as it will be stored; times are read and written in `zone`. */
export async function valueFor(field: string, raw: string, opts: { zone?: string; future?: boolean } = {}): Promise<{ field: Field; value: FrontMatterValue }> {
  const f = fieldOf(field, 'set');
  const v = raw.trim();
  // An empty value used to mean "now" for times and [] for lists: too easy to do by accident.
  if (!v) throw new UsageError(`set ${f}: expected a value; to remove the field: postmortem unset ${f}`);
  if (f === 'status') {
    if (!(STATUSES as readonly string[]).includes(v.toLowerCase())) throw new UsageError(`set status: "${raw}" is not one of ${STATUSES.join(', ')}`);
    return { field: f, value: v.toLowerCase() };
  }
  if (f === 'severity') {
    const s = v.toUpperCase().replace(/^(\d)$/, 'SEV$1');
    if (!(SEVERITIES as readonly string[]).includes(s)) throw new UsageError(`set severity: "${raw}" is not one of ${SEVERITIES.join(', ')}`);
    return { field: f, value: s };
  }
  if (TIMES.has(f)) {
    const { parseWhen } = await import('../util/when.js');
    return { field: f, value: formatIso(await parseWhen(v, { what: `set ${f}`, zone: opts.zone, future: opts.future }), opts.zone) };
  }
  if (f === 'timezone') {
    const zone = checkZone(v);
    if (!zone) throw new UsageError(`set timezone: unknown time zone "${raw}"; expected an IANA name such as Europe/Berlin or UTC`);
    return { field: f, value: zone };
  }
  if (LISTS.has(f)) return { field: f as Field, value: v.split(',').map((s) => s.trim()).filter(Boolean) };
  if (f === 'draft') {
    if (!/^(true|false|yes|no)$/i.test(v)) throw new UsageError(`set draft: expected true or false, got "${raw}"`);
    return { field: f, value: /^(true|yes)$/i.test(v) };
  }
  return { field: f as Field, value: v.replace(/\s+/g, ' ') };
}

export async function run(args: SetArgs, g: Globals): Promise<SetResult> {
  const raw = Array.isArray(args.value) ? args.value.join(' ') : (args.value ?? '');
  const ref = await resolveIncident(g);
  const zone = TIMES.has((args.field ?? '').toLowerCase()) ? await zoneOfFile(ref.file) : undefined;
  const { field, value } = await valueFor(args.field ?? '', raw, { zone, future: args.future });
  await updateDocument(ref.file, (source) => setFrontMatterKey(source, field, value, ref.file));
  return { id: ref.id, file: ref.file, field, value };
}

export function format(r: SetResult): string {
  const v = Array.isArray(r.value) ? `[${r.value.join(', ')}]` : String(r.value);
  return `${path.relative(process.cwd(), r.file) || r.file}  ${r.field}: ${v}`;
}
