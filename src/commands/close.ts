// `close [--at]`: the incident is resolved: status and resolved time in the front matter, a timeline
// entry, then the same lint as `check`, so what the write-up still lacks is on screen right away.
import path from 'node:path';
import type { Globals } from '../context.js';
import { formatIso, formatStamp } from '../doc/dates.js';
import { redact } from '../redact/redact.js';
import { addTimelineEntry } from '../doc/edit.js';
import { setFrontMatterKey } from '../doc/edit-frontmatter.js';
import { loadDocument } from '../doc/load.js';
import { zoneOf } from '../doc/timezone.js';
import { updateDocument } from '../doc/update.js';
import { resolveIncident } from '../incidents/store.js';
import { lint } from '../lint/lint.js';
import type { Diagnostic } from '../lint/rule.js';
import { c } from '../util/term.js';
import { format as formatCheck } from './check.js';
import { whenOf } from './log.js';

export interface CloseArgs {
  at?: string;
  future?: boolean;
}

export interface CloseResult {
  id: string;
  file: string;
  resolved: string;
  /** False when it was already resolved and no --at was given. */
  changed: boolean;
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
}

export async function run(args: CloseArgs, g: Globals): Promise<CloseResult> {
  const ref = await resolveIncident(g);
  const before = await loadDocument(ref.file);
  const zone = zoneOf(before.source, ref.file);
  const at = await whenOf(args.at, zone, args.future);
  const already = before.meta.status === 'resolved' && before.meta.resolved !== null && args.at === undefined;
  let resolved = before.meta.resolved ?? formatIso(at, zone);
  if (!already) {
    resolved = formatIso(at, zone);
    const entry = redact('Incident closed: status resolved.');
    await updateDocument(
      ref.file,
      (source) => {
        let out = setFrontMatterKey(source, 'status', 'resolved', ref.file);
        out = setFrontMatterKey(out, 'resolved', resolved, ref.file);
        return addTimelineEntry(out, at, entry, ref.file, zone);
      },
      `status: resolved\nresolved: ${resolved}\n- **${formatStamp(at, zone)}** — ${entry}`,
    );
  }
  const shown = path.relative(process.cwd(), ref.file) || ref.file;
  const diagnostics = lint(await loadDocument(ref.file), shown);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return { id: ref.id, file: ref.file, resolved, changed: !already, diagnostics, errors, warnings: diagnostics.length - errors };
}

export function format(r: CloseResult): string {
  const head = r.changed ? `${c.green('✓')} ${r.id} resolved at ${r.resolved}` : `${r.id} was already resolved at ${r.resolved}`;
  if (r.diagnostics.length === 0) return `${head}\n${c.green('✓ the postmortem is complete: no problems')}`;
  return `${head}\nStill missing or wrong in the postmortem:\n${formatCheck({ files: [r.file], diagnostics: r.diagnostics, errors: r.errors, warnings: r.warnings })}`;
}
