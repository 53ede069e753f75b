import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { InputError, PmError } from '../errors.js';
import { removeStaleTemps, writeFileAtomic, writeFailure } from '../util/atomic.js';
import { withLock } from '../util/lock.js';
import { readText } from './load.js';

/**
 * Read-modify-write of a postmortem under its lock. `edit` gets the current text (re-read inside the
 * lock, so concurrent writers never lose each other's entries) and returns the new text.
 * On failure (disk or inodes full) nothing is changed and `fallback` is printed to stdout by the CLI.
 *
 * The file stays what it is: a symlink is edited through (never replaced by a copy), the mode, owner
 * and group stay (writeFileAtomic), and so do a BOM and CRLF line ends (editors write "\n"; the
 * inserted text gets the file's own line end here, in one place, so no editor can forget it).
 */
export async function updateDocument(file: string, edit: (source: string) => string, fallback?: string): Promise<string> {
  try {
    const target = editTarget(file);
    return await withLock(target, async () => {
      removeStaleTemps(target);
      const before = await readText(target);
      const after = keepLineEnds(before, edit(before));
      if (after !== before) writeFileAtomic(target, after, { fallback });
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

/**
 * The file to rewrite for `file` (an incident's postmortem.md): itself, or, when it is a symlink, its
 * target, as long as that lies inside the incidents folder (`file`'s grandparent). A rename onto the
 * link itself would turn it into a regular copy; writing through to a target elsewhere would let a
 * planted link make us rewrite any file.
 */
export function editTarget(file: string, root = path.dirname(path.dirname(path.resolve(file)))): string {
  let isLink = false;
  try {
    isLink = lstatSync(file).isSymbolicLink();
  } catch {
    return file; // missing: readText says so
  }
  if (!isLink) return file;
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    throw new InputError(file, undefined, `symbolic link to ${readlinkSync(file)}, which does not exist`);
  }
  const realRoot = realpathSync(root);
  if (!real.startsWith(realRoot + path.sep))
    throw new PmError(`${file}: refusing to edit through a symbolic link to ${real}, outside the incidents folder ${realRoot}`);
  return real;
}

/** True when most line breaks in `text` are CRLF. */
export function usesCrlf(text: string): boolean {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf;
}

/**
 * `after` with the text an edit inserted written in `before`'s line ends (CRLF files stay CRLF) and
 * its BOM kept. Only the changed span (between the common prefix and suffix) is touched, so every
 * byte outside the edit stays as it was.
 */
export function keepLineEnds(before: string, after: string): string {
  if (before.charCodeAt(0) === 0xfeff && after.charCodeAt(0) !== 0xfeff) after = `\ufeff${after}`;
  if (after === before || !usesCrlf(before)) return after;
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  // An inserted "item\n" can end in a bare "\n" that the suffix matched against the "\n" of a CRLF
  // pair ("item\n|\r\n## Next" against "\r\n|\r\n## Next"): that "\n" is ours, so take it back.
  if (s > 0 && after.charCodeAt(after.length - s) === 10 && after.charCodeAt(after.length - s - 1) !== 13 && before.charCodeAt(before.length - s - 1) === 13) s--;
  const mid = after.slice(p, after.length - s);
  let out = '';
  for (let i = 0; i < mid.length; i++) {
    const prev = i > 0 ? mid.charCodeAt(i - 1) : after.charCodeAt(p - 1);
    out += mid[i] === '\n' && prev !== 13 ? '\r\n' : mid[i];
  }
  return after.slice(0, p) + out + after.slice(after.length - s);
}
