// `log <text>`: one timeline entry, in time order, straight into the active incident. The hot path
// of an outage: it loads only the line scanner and the front matter reader (chrono-node only for
// --at phrases that are not ISO), takes the lock, splices, writes atomically.
import path from 'node:path';
import type { Globals } from '../context.js';
import { UsageError } from '../errors.js';
import { formatIso, formatStamp } from '../doc/dates.js';
import { addTimelineEntry, oneLine, timelineLine } from '../doc/edit.js';
import { countLines } from '../doc/outline.js';
import { zoneOf, zoneOfFile } from '../doc/timezone.js';
import { updateDocument } from '../doc/update.js';
import { resolveIncident, warningsOf } from '../incidents/store.js';
import { redact, type Redacted } from '../redact/redact.js';

export interface LogArgs {
  text: string;
  at?: string;
  future?: boolean;
}

export interface LogResult {
  id: string;
  file: string;
  at: string;
  stamp: string;
  text: string;
  line: number;
  /** Other incidents' postmortems that could not be read (also warned about on stderr). */
  warnings?: string[];
}

/** Adds a timeline entry to the incident's document (in its `timezone:`); shared by run. */
export async function logEntry(file: string, at: Date, text: Redacted): Promise<{ line: number; zone: string | undefined }> {
  const entry = timelineLine(at, text);
  let line = 0;
  let zone: string | undefined;
  await updateDocument(
    file,
    (source) => {
      zone = zoneOf(source, file);
      const out = addTimelineEntry(source, at, text, file, zone);
      line = countLines(out, firstDifference(source, out));
      return out;
    },
    entry,
  );
  return { line, zone };
}

/** Offset of the first character where two texts differ: where an insertion begins. */
function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The time `--at` names, read in `zone` (the incident's `timezone:`); now without --at. */
export async function whenOf(at: string | undefined, zone: string | undefined, future = false): Promise<Date> {
  if (at === undefined) return new Date();
  const { parseWhen } = await import('../util/when.js');
  return parseWhen(at, { zone, future });
}

export async function run(args: LogArgs, g: Globals): Promise<LogResult> {
  // what the user types may be a pasted log line with a password in it: it passes the gate too
  const text = redact(oneLine(args.text ?? ''));
  if (!text) throw new UsageError('log: expected the text of the entry, e.g. postmortem log "restarted php-fpm"');
  const ref = await resolveIncident(g);
  // The zone is read up front only for --at: a plain `log` reads the document once.
  const at = await whenOf(args.at, args.at === undefined ? undefined : await zoneOfFile(ref.file), args.future);
  const { line, zone } = await logEntry(ref.file, at, text);
  return { id: ref.id, file: ref.file, at: formatIso(at, zone), stamp: formatStamp(at, zone), text, line, ...warningsOf(ref.skipped) };
}

export function format(r: LogResult): string {
  return `${path.relative(process.cwd(), r.file) || r.file}:${r.line}  ${r.stamp} — ${r.text}`;
}
