import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { WriteError } from '../errors.js';
import { explainNoSpace } from './fsinfo.js';

/** Turns an errno from a write into a one-line WriteError; ENOSPC/EDQUOT say bytes or inodes. */
export function writeFailure(file: string, e: unknown, fallback?: string): WriteError {
  const err = e as NodeJS.ErrnoException;
  const why =
    err.code === 'ENOSPC' || err.code === 'EDQUOT'
      ? explainNoSpace(path.dirname(file), err.code)
      : err.code === 'EROFS'
        ? `filesystem is read-only`
        : (err.message ?? String(e));
  return new WriteError(`cannot write ${file}: ${why}`, fallback);
}

/**
 * Writes a file atomically: temporary file in the same folder, fsync, rename, fsync the folder.
 * A crash at any point leaves the old file or the new one, never a torn one.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, opts: { fallback?: string; mkdir?: boolean } = {}): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    if (opts.mkdir) mkdirSync(dir, { recursive: true });
    fd = openSync(tmp, 'wx', 0o644);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    throw writeFailure(file, e, opts.fallback);
  }
  try {
    const dfd = openSync(dir, 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    /* some filesystems refuse fsync on folders; the rename is done */
  }
}

/**
 * Removes temporary files that writers of `file` left when they were killed mid-write (their pid is
 * gone). Call it while holding the file's lock, so no live writer's temporary file is touched.
 */
export function removeStaleTemps(file: string): void {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(prefix) && name.endsWith('.tmp') ? Number(name.slice(prefix.length).split('.')[0]) : NaN;
    if (!(pid > 0) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') {
        try {
          unlinkSync(path.join(dir, name));
        } catch {
          /* gone already */
        }
      }
    }
  }
}
