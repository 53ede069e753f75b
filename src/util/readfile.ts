import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';
import { errnoWords } from './atomic.js';

/** Postmortems and snapshots are small; anything bigger is not what the user meant. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** One line for an errno from open/read: what the user can act on, never "internal error". */
export function readFailure(file: string, e: unknown, expected: string): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError(file, undefined, 'no such file');
  if (code === 'EISDIR') return new InputError(file, undefined, `is a folder; expected ${expected}`);
  return new InputError(file, undefined, `cannot read: ${errnoWords(e)}`);
}

/**
 * Reads a regular file of at most `max` bytes. Refuses devices, FIFOs and folders before reading a
 * byte (`diff /dev/zero` used to read until the allocation failed and the process aborted), and files
 * over the limit, with one line naming the file and `expected` (e.g. "a snapshot (JSON file)").
 */
export function readRegularFile(file: string, expected: string, max = MAX_INPUT_BYTES): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO without a writer must not hang; on regular files it changes nothing.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw readFailure(file, e, expected);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError(file, undefined, `is a folder; expected ${expected}`);
    if (!st.isFile()) throw new InputError(file, undefined, `not a regular file (${kindOf(st)}); expected ${expected}`);
    if (st.size > max) throw new InputError(file, undefined, `too big (${mib(st.size)}, limit ${mib(max)}); expected ${expected}`);
    // Read to the end, but never past the limit (a file may grow while we read it).
    let buf = Buffer.allocUnsafe(Math.min(max + 1, st.size + 1));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > max) break;
        const bigger = Buffer.allocUnsafe(Math.min(max + 1, n * 2));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    if (n > max) throw new InputError(file, undefined, `too big (over ${mib(max)}); expected ${expected}`);
    return buf.subarray(0, n);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw readFailure(file, e, expected);
  } finally {
    closeSync(fd);
  }
}

function kindOf(st: import('node:fs').Stats): string {
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 0)} MiB`;
