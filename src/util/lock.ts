import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { PmError } from '../errors.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An owner writes its pid right after creating the lock; an empty lock older than this is a crash's. */
const EMPTY_STALE_MS = 2000;

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** A lock is stale when its owner on this host is gone, or it is older than `staleMs` (crashed elsewhere). */
function isStale(content: string, staleMs: number): boolean {
  const [pid, host, time] = content.split('\n');
  if (host === hostname() && Number(pid) > 0) return !alive(Number(pid));
  return Date.now() - Number(time) > staleMs;
}

function tryBreak(lockFile: string, staleMs: number): void {
  // Move the lock aside first so two breakers cannot both remove a fresh lock.
  const aside = `${lockFile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    renameSync(lockFile, aside);
  } catch {
    return;
  }
  try {
    const content = readFileSync(aside, 'utf8');
    const stale = content ? isStale(content, staleMs) : ageMs(aside) > EMPTY_STALE_MS;
    if (!stale) linkSync(aside, lockFile); // not ours to break: put it back
  } catch {
    /* someone else took the lock meanwhile: theirs stands */
  }
  unlinkSync(aside);
}

/**
 * Runs `fn` holding an exclusive lock file next to `file` (O_EXCL create).
 * Stale locks (dead owner) are recovered; waits up to `timeoutMs`.
 */
export async function withLock<T>(file: string, fn: () => Promise<T>, timeoutMs = 15000, staleMs = 30000): Promise<T> {
  const lockFile = `${file}.lock`;
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    try {
      const fd = openSync(lockFile, 'wx');
      try {
        writeSync(fd, `${process.pid}\n${hostname()}\n${Date.now()}\n`);
      } catch (e) {
        // Disk full: the lock file got an inode but no bytes. Never leave it behind: an empty
        // lock would stall the next writer, and the write we are failing is what it should report.
        closeSync(fd);
        unlinkSync(lockFile);
        throw e;
      }
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let content = '';
      try {
        content = readFileSync(lockFile, 'utf8');
      } catch {
        continue; // released between our open and read
      }
      // An empty lock is one whose owner died between creating and writing it (kill -9).
      if (content ? isStale(content, staleMs) : ageMs(lockFile) > EMPTY_STALE_MS) {
        tryBreak(lockFile, staleMs);
        continue;
      }
      if (Date.now() > deadline) throw new PmError(`${file}: locked by another postmortem process (${lockFile}); try again`);
      await sleep(delay + Math.random() * delay);
    }
  }
  try {
    return await fn();
  } finally {
    try {
      unlinkSync(lockFile);
    } catch {
      /* already gone */
    }
  }
}
