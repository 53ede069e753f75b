// Writes the recorded commands into the incident's timeline, one at a time, in the order they came
// (each through logEntry: under the document's lock, so `pm log` in another terminal interleaves
// safely). A write that fails (disk or inodes full) is printed on stderr at once and kept for the
// summary: an entry is never lost silently. The next command is tried again: space may come back.
import { formatStamp } from '../doc/dates.js';
import { timelineLine } from '../doc/edit.js';
import { zoneOfFile } from '../doc/timezone.js';
import { redact, type Redacted } from '../redact/redact.js';
import { logEntry } from '../commands/log.js';
import { entryText, isQuietOk, shownCommand } from './entry.js';
import type { ShellRecord } from './records.js';

export interface Recorded {
  command: Redacted;
  at: string;
  exitCode: number;
  durationMs: number;
  /** The document line, or null when it could not be written. */
  line: number | null;
}

export interface Recorder {
  add(r: ShellRecord): void;
  /** Resolves when every entry so far was written (or failed). */
  flush(): Promise<void>;
  recorded: Recorded[];
  /** Entries left out by --quiet-ok. */
  skipped: number;
  /** Timeline lines that could not be written, as they would have been (redacted). */
  unsaved: Redacted[];
}

export function recorder(file: string, opts: { quietOk: boolean; warn: (line: string) => void }): Recorder {
  let chain = Promise.resolve();
  let zone: Promise<string | undefined> | undefined;
  const rec: Recorder = {
    recorded: [],
    skipped: 0,
    unsaved: [],
    add(r) {
      if (opts.quietOk && isQuietOk(r)) {
        rec.skipped++;
        return;
      }
      const item: Recorded = { command: shownCommand(r.command), at: '', exitCode: r.exitCode, durationMs: Math.round(r.durationMs), line: null };
      rec.recorded.push(item);
      const text = entryText(r);
      chain = chain.then(async () => {
        try {
          const { line, zone: z } = await logEntry(file, r.start, text);
          item.line = line;
          item.at = formatStamp(r.start, z);
        } catch (e) {
          // the zone is read once, only when needed for a line that could not be written
          zone ??= zoneOfFile(file).catch(() => undefined);
          const z = await zone;
          item.at = formatStamp(r.start, z);
          const lost = redact(timelineLine(r.start, text, z));
          rec.unsaved.push(lost);
          opts.warn(redact(`postmortem: not saved (${(e as Error).message}): ${lost}`));
        }
      });
    },
    flush: () => chain,
  };
  return rec;
}
