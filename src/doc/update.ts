import { PmError } from '../errors.js';
import { removeStaleTemps, writeFileAtomic, writeFailure } from '../util/atomic.js';
import { withLock } from '../util/lock.js';
import { readText } from './load.js';

/**
 * Read-modify-write of a postmortem under its lock. `edit` gets the current text (re-read inside the
 * lock, so concurrent writers never lose each other's entries) and returns the new text.
 * On failure (disk or inodes full) nothing is changed and `fallback` is printed to stdout by the CLI.
 */
export async function updateDocument(file: string, edit: (source: string) => string, fallback?: string): Promise<string> {
  try {
    return await withLock(file, async () => {
      removeStaleTemps(file);
      const before = await readText(file);
      const after = edit(before);
      if (after !== before) writeFileAtomic(file, after, { fallback });
      return after;
    });
  } catch (e) {
    if (e instanceof PmError) {
      e.stdoutFallback ??= fallback;
      throw e;
    }
    throw writeFailure(file, e, fallback);
  }
}
