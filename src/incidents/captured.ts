// The one write path for captured files in an incident: evidence/<name> (run's output, log
// excerpts) and snapshots/<name>.json. Name and body must come through the redaction gate (the
// Redacted type): the name too, since a slug of a command line can carry its password into a
// published URL. A name already taken gets _2, _3, ... (which sorts after it): never overwritten.
import path from 'node:path';
import { redact, type Redacted } from '../redact/redact.js';
import { NameTaken, writeFileAtomic } from '../util/atomic.js';
import { insideIncident, type IncidentRef } from './store.js';

export type CapturedFolder = 'evidence' | 'snapshots';

/**
 * Writes `folder/name` (or the next free `name_N`) atomically; throws WriteError with `fallback`.
 * `replace`: the file is one capture kept up to date (logs --save rewrites evidence/logs.md).
 */
export function writeCaptured(ref: IncidentRef, folder: CapturedFolder, name: Redacted, body: Redacted, fallback?: string, replace = false): { file: string; name: Redacted } {
  if (replace) {
    const file = insideIncident(ref, folder, name);
    writeFileAtomic(file, body, { mkdir: true, fallback });
    return { file, name };
  }
  const ext = path.extname(name);
  for (let k = 1; ; k++) {
    const taken = k === 1 ? name : redact(`${name.slice(0, name.length - ext.length)}_${k}${ext}`);
    const file = insideIncident(ref, folder, taken);
    try {
      writeFileAtomic(file, body, { mkdir: true, fallback, exclusive: true });
      return { file, name: taken };
    } catch (e) {
      if (!(e instanceof NameTaken) || k >= 1000) throw e;
    }
  }
}
