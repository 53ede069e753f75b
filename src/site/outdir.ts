// The output folder is handled as if it held someone's files: it must not be /, the home folder,
// the incidents folder or one of its parents (nor inside it); the build never writes through a
// symlink, never overwrites a file it did not create, and removes only files it created (listed
// in its manifest, kept in the cache folder: see cache.ts).
import { constants, copyFileSync, existsSync, lstatSync, mkdirSync, realpathSync, unlinkSync, writeFileSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rmdir, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { PmError, UsageError } from '../errors.js';
import { writeFailure } from '../util/atomic.js';

/** Where versions before issue 10 kept the manifest: inside the site. Read once, then removed. */
export const LEGACY_MANIFEST = '.postmortem-build.json';

/** Real path of `p`, resolving the part that exists (the rest may not be created yet). */
export function realish(p: string): string {
  const abs = path.resolve(p);
  let head = abs;
  const tail: string[] = [];
  while (!existsSync(head)) {
    const parent = path.dirname(head);
    if (parent === head) break;
    tail.unshift(path.basename(head));
    head = parent;
  }
  try {
    return path.join(realpathSync(head), ...tail);
  } catch {
    return abs;
  }
}

const within = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/** Throws UsageError when writing the site to `out` could harm the incidents or the user's files. */
export function checkOut(out: string, incidentsDir: string, home = homedir()): void {
  const o = realish(out);
  const inc = realish(incidentsDir);
  if (o === path.parse(o).root) throw new UsageError(`refusing --out ${out}: it is the filesystem root`);
  if (home && o === realish(home)) throw new UsageError(`refusing --out ${out}: it is your home folder; pick a folder for the site, e.g. --out site`);
  if (o === inc) throw new UsageError(`refusing --out ${out}: it is the incidents folder`);
  if (within(inc, o)) throw new UsageError(`refusing --out ${out}: it contains the incidents folder ${incidentsDir}`);
  if (within(o, inc)) throw new UsageError(`refusing --out ${out}: it is inside the incidents folder ${incidentsDir}`);
}

/** Writes below one root folder, creating folders as needed and refusing symlinks on the way. */
export class OutDir {
  readonly root: string;
  private dirs = new Set<string>();
  /** Files written in this build, relative path -> size. */
  readonly written = new Map<string, number>();

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Absolute path of a relative one, refusing anything that would leave the root. */
  abs(rel: string): string {
    const p = path.resolve(this.root, rel);
    if (!within(p, this.root) || p === this.root) throw new PmError(`refusing to write ${rel}: outside ${this.root}`);
    return p;
  }

  // Synchronous file operations: a build writes thousands of small files and nothing else runs on
  // this thread meanwhile; a promise and a thread-pool hop per call would cost more than the write.
  private ensureDir(relDir: string): void {
    if (relDir === '.' || relDir === '' || this.dirs.has(relDir)) return;
    this.ensureDir(path.dirname(relDir));
    const p = this.abs(relDir);
    // mkdir first: a new folder (every incident's, on a cold build) needs no lstat; mkdir never
    // follows a symlink, and what is already there is checked below
    try {
      mkdirSync(p);
      return void this.dirs.add(relDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw writeFailure(p, e);
    }
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st?.isSymbolicLink()) throw new PmError(`refusing to write into ${p}: it is a symlink (the build never writes through links)`);
    if (st && !st.isDirectory()) throw new PmError(`cannot create folder ${p}: a file is in the way`);
    this.dirs.add(relDir);
  }

  async prepareRoot(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
    } catch (e) {
      throw writeFailure(this.root, e);
    }
  }

  /** Runs an exclusive create; false when the file (or a link) is already there. */
  private tryExclusive(create: () => void): boolean {
    try {
      create();
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  }

  /** Replaces a symlink sitting where a file goes by the file: never writes to the link's target. */
  private unlinkIfLink(p: string): void {
    if (lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink()) unlinkSync(p);
  }

  write(rel: string, data: string | Uint8Array): void {
    this.ensureDir(path.dirname(rel));
    const p = this.abs(rel);
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    try {
      // A new file (a cold build, a new page) is created exclusively: O_EXCL never follows a
      // symlink, so the lstat below is needed only when something is already there.
      if (!this.tryExclusive(() => writeFileSync(p, buf, { flag: 'wx' }))) {
        this.unlinkIfLink(p);
        writeFileSync(p, buf);
      }
    } catch (e) {
      throw writeFailure(p, e);
    }
    this.written.set(rel, buf.length);
  }

  copy(src: string, rel: string, size: number): void {
    this.ensureDir(path.dirname(rel));
    const p = this.abs(rel);
    try {
      if (!this.tryExclusive(() => copyFileSync(src, p, constants.COPYFILE_EXCL))) {
        this.unlinkIfLink(p);
        copyFileSync(src, p);
      }
    } catch (e) {
      throw writeFailure(p, e);
    }
    this.written.set(rel, size);
  }

  /** Keeps a file from an earlier build without rewriting it. */
  keep(rel: string, size: number): void {
    this.written.set(rel, size);
  }

  /** Size of a file as it is now, or null when it is missing or not a plain file. */
  sizeOfSync(rel: string): number | null {
    const st = lstatSync(this.abs(rel), { throwIfNoEntry: false });
    return st?.isFile() ? st.size : null;
  }

  /** Size of a file as it is now, or null when it is missing or not a plain file. */
  async sizeOf(rel: string): Promise<number | null> {
    const st = await lstat(this.abs(rel)).catch(() => null);
    return st?.isFile() ? st.size : null;
  }

  /**
   * Removes files an earlier build created that this one did not write, then their folders when
   * they became empty. Files someone else put in the folder are never touched.
   */
  async removeStale(previous: Iterable<string>): Promise<number> {
    let removed = 0;
    const dirs = new Set<string>();
    for (const rel of previous) {
      if (this.written.has(rel)) continue;
      let p: string;
      try {
        p = this.abs(rel);
      } catch {
        continue; // a manifest pointing outside the folder is ignored, never followed
      }
      const st = await lstat(p).catch(() => null);
      if (!st || st.isDirectory()) continue;
      await unlink(p).catch(() => undefined);
      removed++;
      for (let d = path.dirname(rel); d !== '.' && d !== ''; d = path.dirname(d)) dirs.add(d);
    }
    for (const d of [...dirs].sort((a, b) => b.length - a.length)) await rmdir(this.abs(d)).catch(() => undefined);
    return removed;
  }

  /** Names in the root (to tell an empty folder from someone's folder). */
  async entries(): Promise<string[]> {
    return readdir(this.root).catch(() => []);
  }

  async readText(rel: string): Promise<string | null> {
    return readFile(this.abs(rel), 'utf8').catch(() => null);
  }

  /** Removes one file (a plain file, never a folder or through a link); false when it was not there. */
  removeFile(rel: string): boolean {
    const p = this.abs(rel);
    if (!lstatSync(p, { throwIfNoEntry: false })?.isFile()) return false;
    try {
      unlinkSync(p);
    } catch (e) {
      throw writeFailure(p, e);
    }
    return true;
  }
}
