// The one write path for captured files in an incident: evidence/<name> (run's output, later log
// excerpts and remote captures) and snapshots/<name>.json. Name and body must come through the
// redaction gate (the Redacted type): the name too, since a slug of a command line can carry its
// password into a published URL.
import type { Redacted } from '../redact/redact.js';
import { writeFileAtomic } from '../util/atomic.js';
import { insideIncident, type IncidentRef } from './store.js';

export type CapturedFolder = 'evidence' | 'snapshots';

/** Writes `folder/name` atomically and returns its absolute path; throws WriteError with `fallback`. */
export function writeCaptured(ref: IncidentRef, folder: CapturedFolder, name: Redacted, body: Redacted, fallback?: string): string {
  const file = insideIncident(ref, folder, name);
  writeFileAtomic(file, body, { mkdir: true, fallback });
  return file;
}
