import { accessSync, closeSync, constants, linkSync, fchmodSync, fchownSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import path from 'node:path';
import { WriteError } from '../errors.js';
import { explainNoSpace } from './fsinfo.js';

const ERRNO_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'already exists',
  EISDIR: 'is a folder',
  ENOTDIR: 'not a folder, or a part of its path is not',
  ENOENT: 'no such file or folder',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error (failing disk?)',
  EMFILE: 'too many open files (this process)',
  ENFILE: 'too many open files (the whole system)',
  EFBIG: 'file too large',
  EMLINK: 'too many links',
  EROFS: 'filesystem is read-only',
};

/** An errno as words the user can act on ("permission denied (EACCES)"), never Node's "EACCES: ..., open '/x'". */
export function errnoWords(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const words = err?.code ? ERRNO_WORDS[err.code] : undefined;
  return words ? `${words}${err.code === 'EROFS' ? '' : ` (${err.code})`}` : (err?.message ?? String(e));
}

/** Turns an errno from a write into a one-line WriteError; ENOSPC/EDQUOT say bytes or inodes. */
export function writeFailure(file: string, e: unknown, fallback?: string): WriteError {
  const err = e as NodeJS.ErrnoException;
  let why = err.code === 'ENOSPC' || err.code === 'EDQUOT' ? explainNoSpace(path.dirname(file), err.code) : errnoWords(e);
  // Denied on the temporary or lock file next to it: the folder is what needs the permission.
  if ((err.code === 'EACCES' || err.code === 'EPERM') && err.path && err.path !== file) why += `: folder ${path.dirname(err.path)} is not writable`;
  return new WriteError(`cannot write ${file}: ${why}`, fallback);
}

/** The file's stat, or null when there is none yet (then the new file gets today's default mode). */
function existing(file: string): Stats | null {
  try {
    return statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * A rename replaces a file whatever its permissions, so a read-only file would silently be rewritten:
 * refuse instead. Root passes every permission check, so for root the mode bits decide: a file
 * nobody may write (chmod 444) was made read-only on purpose.
 */
function refuseReadOnly(file: string, st: Stats, fallback?: string): void {
  let ok: boolean;
  if (process.getuid?.() === 0) ok = (st.mode & 0o222) !== 0;
  else {
    try {
      accessSync(file, constants.W_OK);
      ok = true;
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new WriteError(`cannot write ${file}: it is read-only (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}); make it writable to let postmortem edit it`, fallback);
}

/**
 * The replacement keeps the old file's owner, group and mode (a root `log` into a www-data 0640 file
 * leaves it www-data 0640). chown first: it may clear set-id bits that chmod then restores. Only
 * root may give a file away; others keep at least the group when they are in it.
 */
function keepProperties(fd: number, st: Stats): void {
  try {
    fchownSync(fd, st.uid, st.gid);
  } catch {
    try {
      fchownSync(fd, -1, st.gid);
    } catch {
      /* not ours to give away; the file becomes ours, as with any editor */
    }
  }
  fchmodSync(fd, st.mode & 0o7777);
}

/**
 * Writes a file atomically: temporary file in the same folder, fsync, rename, fsync the folder.
 * A crash at any point leaves the old file or the new one, never a torn one. An existing file keeps
 * its mode, owner and group; a read-only one is refused. `file` is replaced, not followed: callers
 * that edit through symlinks pass the target (see doc/update.ts).
 */
/** The name is taken: thrown by writeFileAtomic with `exclusive`, so the caller can pick the next name. */
export class NameTaken extends Error {}

export function writeFileAtomic(file: string, data: string | Uint8Array, opts: { fallback?: string; mkdir?: boolean; exclusive?: boolean } = {}): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    if (opts.mkdir) mkdirSync(dir, { recursive: true });
    const old = existing(file);
    if (old) refuseReadOnly(file, old, opts.fallback);
    fd = openSync(tmp, 'wx', 0o644);
    if (old) keepProperties(fd, old);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    // exclusive: link() fails where the name exists, where rename() would replace a file another
    // writer made a moment ago (two `run`s of the same command in the same second)
    if (opts.exclusive) {
      try {
        linkSync(tmp, file);
      } catch (e) {
        throw (e as NodeJS.ErrnoException).code === 'EEXIST' ? new NameTaken(file) : e;
      }
      unlinkSync(tmp);
    } else renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    if (e instanceof WriteError || e instanceof NameTaken) throw e;
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
