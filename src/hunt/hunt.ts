// `hunt`: where did the inodes (or bytes) of a tree go.
//
// Counting inodes needs no stat per file: readdir's entry types tell files from directories, so a
// walk costs one readdir per directory (GNU du stats every entry). Staying on one filesystem uses
// the mount table instead of a stat per directory. Bytes do need an lstat per entry; hard links are
// counted once there. Directories are read with bounded parallelism so the thread pool stays busy
// while JavaScript tallies the previous batch.
import fs, { type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { PmError, UsageError } from '../errors.js';
import { readMounts } from '../util/mountinfo.js';
import { gapAt, type HuntGap } from './gap.js';
import { VIRTUAL_FS } from './mounts.js';
import { kernelViewOf } from './refuse.js';
import { selectPlaces } from './select.js';

export type HuntBy = 'inodes' | 'bytes';

export interface HuntProgress {
  dirs: number;
  inodes: number;
  bytes: number | null;
  /** The directory read last. */
  path: string;
  elapsedMs: number;
}

export interface HuntOptions {
  path: string;
  by?: HuntBy;
  /** Leave the filesystem of `path` (kernel views like /proc are still skipped). */
  crossMounts?: boolean;
  /** Stop after this long and return what was counted, marked `complete: false`. */
  maxTimeMs?: number;
  /** How many directories to report (default 10). */
  top?: number;
  onProgress?: (p: HuntProgress) => void;
  /** Directories read at once (default 8). */
  concurrency?: number;
}

export interface HuntEntry {
  path: string;
  /** Inodes in the subtree, the directory itself included (counted per name: a hard-linked file once per link). */
  inodes: number;
  /** Bytes allocated on disk in the subtree (like du); null when counting inodes (no stat per file). */
  bytes: number | null;
}

export interface HuntError {
  path: string;
  code: string;
  message: string;
}

export interface HuntResult {
  root: string;
  by: HuntBy;
  /** False when the time budget ran out: the counts are lower bounds. */
  complete: boolean;
  /** Unreadable directories (each still counted as one inode); at most MAX_ERRORS are kept. */
  errors: HuntError[];
  errorCount: number;
  /** Mount points below the root that were not entered. */
  skippedMounts: string[];
  total: { inodes: number; bytes: number | null; dirs: number };
  elapsedMs: number;
  entries: HuntEntry[];
  /** --by bytes at a mount point: the filesystem's used bytes against what was found, and why they differ. */
  gap?: HuntGap | null;
}

const MAX_ERRORS = 100;
const PROGRESS_EVERY_MS = 200;

export async function hunt(opts: HuntOptions): Promise<HuntResult> {
  const by: HuntBy = opts.by ?? 'inodes';
  if (by !== 'inodes' && by !== 'bytes') throw new PmError(`hunt: expected --by inodes or bytes, got "${by}"`);
  const top = opts.top ?? 10;
  const started = Date.now();
  const root = await realRoot(opts.path);
  // Mount points to stay out of. Without /proc we fall back to comparing st_dev per directory.
  const mounts = readMounts();
  const view = kernelViewOf(root, mounts);
  if (view) {
    const shown = root === opts.path ? root : `${opts.path} (${root})`;
    throw new UsageError(`hunt: refusing ${shown}: ${view} is a kernel view, not files on a disk; hunt a folder on a disk, e.g. /var`);
  }
  const rootStat = await fs.promises.lstat(root);
  const withBytes = by === 'bytes';
  const fence = new Map<string, string>(); // mount point below root -> fs type
  if (mounts) for (const m of mounts) if (m.mountPoint !== root && isBelow(m.mountPoint, root)) fence.set(m.mountPoint, m.fsType);
  const skippedMounts: string[] = [];

  // The tree, one slot per directory; parents come before children (selectPlaces relies on it).
  const parent: number[] = [-1];
  const name: string[] = [root];
  const ownInodes: number[] = [1];
  const ownBytes: number[] = [withBytes ? rootStat.blocks * 512 : 0];
  const seenLinks = new Set<string>(); // dev:ino of multiply linked files already counted
  const errors: HuntError[] = [];
  let errorCount = 0;
  let inodes = 1;
  let bytes = ownBytes[0]!;

  const stackIdx: number[] = [0];
  const stackPath: string[] = [root];
  let active = 0;
  let stopped = false;
  let timedOut = false;
  let lastProgress = started;
  const concurrency = Math.max(1, opts.concurrency ?? 8);

  const fail = (p: string, e: NodeJS.ErrnoException) => {
    errorCount++;
    if (errors.length < MAX_ERRORS) errors.push({ path: p, code: e.code ?? 'EIO', message: e.message });
  };

  const countFile = (dir: number, st: Stats) => {
    // A hard-linked file takes its blocks once, wherever we meet it first.
    if (st.nlink > 1) {
      const key = `${st.dev}:${st.ino}`;
      if (seenLinks.has(key)) return;
      seenLinks.add(key);
    }
    const b = st.blocks * 512;
    ownBytes[dir] = ownBytes[dir]! + b;
    bytes += b;
  };

  const addDir = (dir: number, dirPath: string, entryName: string, st?: Stats) => {
    const p = dirPath === '/' ? `/${entryName}` : `${dirPath}/${entryName}`;
    const fsType = fence.get(p);
    const crossing = mounts ? fsType !== undefined : st !== undefined && st.dev !== rootStat.dev;
    if (crossing && (!opts.crossMounts || (fsType && VIRTUAL_FS.has(fsType)))) {
      skippedMounts.push(p);
      return; // the mount point itself belongs to the other filesystem
    }
    const i = parent.length;
    parent.push(dir);
    name.push(entryName);
    ownInodes.push(1);
    ownBytes.push(withBytes && st ? st.blocks * 512 : 0);
    inodes++;
    if (withBytes && st) bytes += st.blocks * 512;
    stackIdx.push(i);
    stackPath.push(p);
  };

  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      resolve();
    };
    if (opts.maxTimeMs !== undefined)
      timer = setTimeout(() => {
        timedOut = true;
        finish();
      }, Math.max(0, opts.maxTimeMs));

    const pump = () => {
      while (!stopped && active < concurrency && stackIdx.length) {
        active++;
        readOne(stackIdx.pop()!, stackPath.pop()!, () => {
          active--;
          if (stopped) return;
          if (!stackIdx.length && !active) finish();
          else pump();
        });
      }
    };

    // A directory is streamed (opendir, 1024 entries per system call) rather than read whole, so
    // a flat folder of millions of cache files never sits in memory at once.
    const readOne = (dir: number, dirPath: string, done: () => void) => {
      fs.opendir(dirPath, { bufferSize: 1024 }, (err, dh) => {
        if (stopped) return dh?.close(() => {});
        if (err) {
          if (err.code !== 'ENOENT') fail(dirPath, err); // vanished meanwhile: nothing to count
          return done();
        }
        const now = Date.now();
        if (opts.onProgress && now - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = now;
          opts.onProgress({ dirs: parent.length, inodes, bytes: withBytes ? bytes : null, path: dirPath, elapsedMs: now - started });
        }
        let reading = false;
        let ended = false;
        let closed = false;
        let statting = 0;
        const close = () => {
          if (closed) return;
          closed = true;
          dh.close(() => {});
        };
        const maybeDone = () => {
          if (!ended || statting > 0 || closed) return;
          close();
          done();
        };
        const step = (): void => {
          if (stopped) return close();
          if (reading || ended || statting >= 16) return;
          reading = true;
          dh.read((e, d) => {
            reading = false;
            if (stopped) return close();
            if (e || !d) {
              if (e && e.code !== 'ENOENT') fail(dirPath, e);
              ended = true;
              return maybeDone();
            }
            // An lstat is needed for bytes, for DT_UNKNOWN entries, and for directories when there
            // is no mount table to recognise a mount point by.
            if (withBytes || isUnknown(d) || (!mounts && d.isDirectory())) {
              statting++;
              const p = dirPath === '/' ? `/${d.name}` : `${dirPath}/${d.name}`;
              fs.lstat(p, (se, st) => {
                statting--;
                if (stopped) return close();
                if (se) {
                  if (se.code !== 'ENOENT') fail(p, se);
                } else if (st.isDirectory()) addDir(dir, dirPath, d.name, st);
                else {
                  ownInodes[dir]!++;
                  inodes++;
                  if (withBytes) countFile(dir, st);
                }
                maybeDone();
                step();
              });
            } else if (d.isDirectory()) addDir(dir, dirPath, d.name);
            else {
              ownInodes[dir]!++;
              inodes++;
            }
            step();
          });
        };
        step();
      });
    };

    pump();
  });

  const complete = !timedOut;
  const { subInodes, subBytes, chosen } = rankTree(parent, ownInodes, withBytes ? ownBytes : null, top, withBytes ? rootStat.blocks * 512 : 1);
  const n = parent.length;
  const pathOf = (i: number): string => {
    const parts: string[] = [];
    for (let a = i; a > 0; a = parent[a]!) parts.push(name[a]!);
    return parts.length ? path.join(root, ...parts.reverse()) : root;
  };
  // a partial walk is a lower bound by design, one across mounts adds other filesystems: comparing
  // either with df would blame the wrong things
  const gap = withBytes && complete && !opts.crossMounts ? await gapAt(root, mounts, subBytes[0]!, skippedMounts) : undefined;
  return {
    root,
    by,
    complete,
    errors,
    errorCount,
    skippedMounts,
    total: { inodes: subInodes[0]!, bytes: withBytes ? subBytes[0]! : null, dirs: n },
    elapsedMs: Date.now() - started,
    entries: chosen.map((i) => ({ path: pathOf(i), inodes: subInodes[i]!, bytes: withBytes ? subBytes[i]! : null })),
    ...(gap !== undefined && { gap }),
  };
}

/**
 * Subtree totals of a tree given as parent links (parents before children, index 0 the root) and
 * each directory's own weight, and the heaviest places in it: the ranking the local walk and the
 * remote hunt (remote.ts) share. `ownBytes` null: ranked by inodes.
 */
export function rankTree(parent: number[], ownInodes: number[], ownBytes: number[] | null, top: number, rootSelf: number) {
  // children come after their parent, so one backward pass adds each into its parent
  const n = parent.length;
  const subInodes = Float64Array.from(ownInodes);
  const subBytes = ownBytes ? Float64Array.from(ownBytes) : new Float64Array(n);
  for (let i = n - 1; i > 0; i--) {
    const p = parent[i]!;
    subInodes[p] = subInodes[p]! + subInodes[i]!;
    subBytes[p] = subBytes[p]! + subBytes[i]!;
  }
  const chosen = selectPlaces(parent, ownBytes ? subBytes : subInodes, top, rootSelf);
  return { subInodes, subBytes, chosen };
}

/** Dirent whose type the filesystem did not report (DT_UNKNOWN): every is*() is false. */
function isUnknown(d: Dirent): boolean {
  return !(d.isFile() || d.isDirectory() || d.isSymbolicLink() || d.isFIFO() || d.isSocket() || d.isCharacterDevice() || d.isBlockDevice());
}

function isBelow(p: string, dir: string): boolean {
  return dir === '/' ? p.startsWith('/') : p.startsWith(dir + '/');
}

/** The starting folder, symlinks resolved once (like du -H for its argument), and it must be a directory. */
async function realRoot(p: string): Promise<string> {
  try {
    const real = await fs.promises.realpath(path.resolve(p));
    const st = await fs.promises.stat(real);
    if (!st.isDirectory()) throw new PmError(`hunt: ${p} is not a directory`);
    return real;
  } catch (e) {
    if (e instanceof PmError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new PmError(`hunt: cannot read ${p}: ${err.code === 'ENOENT' ? 'no such file or directory' : (err.code ?? err.message)}`);
  }
}
