// Episodes into the postmortem: each start and end is one timeline entry (through the redaction gate
// and the byte-preserving edit), the peak snapshot of an episode goes in as evidence. A restart of
// watch never repeats itself: an entry with the same stamp and text is not added twice, and an
// episode whose last entry in the timeline is its start is still open there, so it is not started
// again. When the document cannot be written (disk or inodes full), the entry goes to stdout.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { addTimelineEntry, appendToSection, oneLine } from '../doc/edit.js';
import { formatStamp } from '../doc/dates.js';
import { zoneOf } from '../doc/timezone.js';
import { updateDocument } from '../doc/update.js';
import { writeCaptured } from '../incidents/captured.js';
import type { IncidentRef } from '../incidents/store.js';
import { redact, redactJson } from '../redact/redact.js';
import { evidenceFragment, snapshotName } from '../snapshot/save.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { STARTED } from './text.js';

/** Whether the timeline in `source` already holds this entry, or (for a start) the episode is open there. */
export function alreadyThere(source: string, at: Date, text: string, prefix: string, zone?: string): boolean {
  const stamp = formatStamp(at, zone);
  const line = oneLine(text);
  let last: string | undefined;
  for (const l of source.split('\n')) {
    if (l.includes(stamp) && l.includes(line)) return true;
    if (l.includes(prefix)) last = l;
  }
  return text.includes(STARTED) && last !== undefined && last.includes(STARTED);
}

export class Journal {
  constructor(
    private readonly ref: IncidentRef,
    /** Where what could not be written goes (stdout). */
    private readonly lost: (text: string) => void,
  ) {}

  /** Adds the entry unless it is there; false when it was there already. */
  async entry(at: Date, text: string, prefix: string, evidence?: Snapshot): Promise<boolean> {
    const safe = redact(text);
    let added = false;
    try {
      await updateDocument(this.ref.file, (src) => {
        const zone = zoneOf(src, this.ref.file);
        if (alreadyThere(src, at, safe, prefix, zone)) return src;
        added = true;
        let out = addTimelineEntry(src, at, safe, this.ref.file, zone);
        if (evidence) out = this.withEvidence(out, evidence);
        return out;
      });
    } catch (e) {
      this.lost(`${formatStamp(at)} — ${safe} (not written: ${(e as Error).message})`);
      return false;
    }
    return added;
  }

  /** The peak snapshot of an episode still open when watch ends: evidence without an entry. */
  async evidence(s: Snapshot): Promise<void> {
    try {
      await updateDocument(this.ref.file, (src) => this.withEvidence(src, s));
    } catch (e) {
      this.lost(`snapshot of ${s.takenAt} not saved: ${(e as Error).message}`);
    }
  }

  /** Writes the snapshot's JSON (once per sample) and returns the document with its Evidence summary. */
  private withEvidence(src: string, s: Snapshot): string {
    const name = redact(snapshotName(s.takenAt));
    const rel = `snapshots/${name}`;
    if (!existsSync(path.join(this.ref.dir, rel))) writeCaptured(this.ref, 'snapshots', name, redactJson(s));
    if (src.includes(rel)) return src;
    return appendToSection(src, 'evidence', evidenceFragment(s, rel), this.ref.file);
  }
}
