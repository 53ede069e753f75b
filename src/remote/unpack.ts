// The local side of a remote capture: the archive becomes a private tree (mode 0700) with the
// statfs answers in statfs.json, the same engine reads it as it reads a fixture tree (`root`), and
// the tree is removed. Nothing of the raw archive is kept: what leaves is the engine's redacted snapshot.
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.js';
import { takeSnapshot, type Snapshot } from '../snapshot/snapshot.js';
import type { IsolatedOp, Isolating } from '../snapshot/isolate.js';
import type { RunOptions } from '../snapshot/run.js';
import type { Isolated } from '../snapshot/types.js';
import { parseArchive, type Archive } from './archive.js';

/**
 * Where captures are unpacked: /dev/shm when it is a writable tmpfs (a capture is thousands of small
 * files, written and removed at once: in memory that takes a fraction of a disk's time), else the
 * temporary folder.
 */
export function unpackBase(): string {
  try {
    if (statfsSync('/dev/shm').type === TMPFS_MAGIC) {
      accessSync('/dev/shm', constants.W_OK);
      return '/dev/shm';
    }
  } catch {
    /* no /dev/shm here */
  }
  return os.tmpdir();
}
const TMPFS_MAGIC = 0x01021994;

/** `abs` under `root`, refusing anything that would climb out of it. */
function inside(root: string, abs: string, name: string): string {
  if (!abs.startsWith('/') || abs.split('/').some((c) => c === '..')) throw new InputError(name, undefined, `path outside the capture: ${abs}`);
  return path.join(root, abs);
}

/** Writes the archive's entries under `root`. */
export function materialize(a: Archive, root: string, name: string): void {
  // thousands of small files: each folder is made once, and only a path listed twice is removed first
  const made = new Set<string>([root]);
  const mkdir = (d: string) => {
    if (made.has(d)) return;
    mkdirSync(d, { recursive: true });
    for (let x = d; x.length > root.length && !made.has(x); x = path.dirname(x)) made.add(x);
  };
  const written = new Set<string>();
  const statfs: Record<string, unknown> = {};
  const fdstat: Record<string, unknown> = {};
  for (const e of a.entries) {
    if (e.kind === 'statfs') {
      statfs[e.path] = e.result;
      continue;
    }
    if (e.kind === 'fdstat') {
      fdstat[e.path] = { dev: e.dev, ino: e.ino, blocks: e.blocks, nlink: e.nlink };
      continue;
    }
    const p = inside(root, e.path, name);
    if (e.kind === 'dir') {
      mkdir(p);
      continue;
    }
    mkdir(path.dirname(p));
    if (written.has(p)) rmSync(p, { force: true }); // a path listed twice (two probes' globs): the last copy wins
    written.add(p);
    if (e.kind === 'file') writeFileSync(p, e.data, { mode: 0o600 });
    else symlinkSync(e.target, p); // readlink is all the probes do with fd links
  }
  writeFileSync(path.join(root, 'statfs.json'), JSON.stringify(statfs));
  // stat through deleted files' fd links, taken on the host (see deleted.ts)
  writeFileSync(path.join(root, 'fdstat.json'), JSON.stringify(fdstat));
}

/**
 * The unpacked tree is plain files of our own: reading them cannot hang, so the reads the engine
 * isolates on a live machine (cmdline, maps) are done here, with no child process per capture
 * (statfs answers come from statfs.json).
 */
const inProcess: Isolating = {
  async call<T>(op: IsolatedOp): Promise<Isolated<T>> {
    try {
      const text = readFileSync(op.path, 'utf8');
      return { ok: (op.op === 'lines' ? text.split('\n').length - 1 : text) as T };
    } catch (e) {
      return { error: (e as NodeJS.ErrnoException).code ?? String(e) };
    }
  },
  all<T>(ops: IsolatedOp[]): Promise<Isolated<T>[]> {
    return Promise.all(ops.map((op) => this.call<T>(op, 0)));
  },
  async close() {},
};

/**
 * A snapshot of the host that wrote `buf`: the same probes and assessment as locally. `source`
 * names the capture in the snapshot's root ("ssh:web-3", "web-3.pmcap").
 */
export async function snapshotFromArchive(buf: Buffer, source: string, o: RunOptions = {}): Promise<Snapshot & { complete: boolean }> {
  const archive = parseArchive(buf, source);
  const root = mkdtempSync(path.join(unpackBase(), 'pm-capture-')); // mkdtemp: mode 0700, ours alone
  try {
    materialize(archive, root, source);
    const snap = await takeSnapshot({ isolator: inProcess, ...o, root });
    return { ...snap, root: source, complete: archive.complete };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
