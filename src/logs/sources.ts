// Where the logs are: the journal and the usual files of a Debian/RHEL server with Apache or
// nginx, MySQL/MariaDB and PHP-FPM, each with its rotated copies (.1, .2.gz, ...). A source that is
// missing or unreadable is one warning; the others are still read.
import { spawn } from 'node:child_process';
import { accessSync, constants, createReadStream, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { ERRORISH_ERE } from './signature.js';

export interface FileSource {
  kind: 'file';
  /** As shown: relative to /var/log for the default ones ("apache2/error.log"), else as given. */
  name: string;
  path: string;
  /** Last written: RFC 3164 lines (no year) are placed at or before it. */
  mtime: number;
}
export interface JournalSource {
  kind: 'journal';
  name: string;
  /** A copied journal file (--journal-file), else the system journal. */
  file?: string;
}
/** The kernel's ring buffer (/dev/kmsg): where a machine with no journal and no kern.log keeps OOM kills and refused forks. */
export interface KmsgSource {
  kind: 'kmsg';
  name: string;
}

export type Source = FileSource | JournalSource | KmsgSource;

export const KMSG: KmsgSource = { kind: 'kmsg', name: 'kernel (/dev/kmsg)' };

/** Default log files as data: a folder under the root and the names of the live logs in it. */
export const DEFAULT_LOGS: [dir: string, name: RegExp][] = [
  ['', /^(?:syslog|messages|kern\.log|daemon\.log|mail\.log|auth\.log)$/],
  ['apache2', /error.*\.log$/],
  ['httpd', /error_log$/],
  ['nginx', /error\.log$/],
  ['mysql', /^(?:error\.log|mysql\.err|mysqld\.log)$/],
  ['', /^(?:mysql\.err|mysql\.log|mysqld\.log)$/],
  ['mariadb', /^mariadb\.log$/],
  ['', /^php[\d.]*-fpm\.log$/],
  ['php-fpm', /error\.log$/],
];

const ROTATED = /^(.*?)(?:\.(\d+)|-\d{8})?(\.gz)?$/;

/** The live logs and their rotated copies in one folder, each oldest first (.3.gz, .2.gz, .1, live). */
export function withRotated(dir: string, names: string[], live: RegExp): string[] {
  const out: { name: string; base: string; age: number }[] = [];
  for (const name of names) {
    const m = ROTATED.exec(name)!;
    if (!live.test(m[1]!)) continue;
    out.push({ name, base: m[1]!, age: m[2] ? Number(m[2]) : /-\d{8}/.test(name) ? 1e9 - Number(name.match(/-(\d{8})/)![1]) / 1e8 : 0 });
  }
  // each log's copies together, oldest first
  return out.sort((a, b) => a.base.localeCompare(b.base) || b.age - a.age || a.name.localeCompare(b.name)).map((x) => path.join(dir, x.name));
}

export interface Found {
  sources: Source[];
  warnings: string[];
}

/** The default sources under `root` (/var/log), those present and readable. */
export function defaultSources(root = '/var/log', journal = true): Found {
  const found: Found = { sources: journal ? [{ kind: 'journal', name: 'journal' }] : [], warnings: [] };
  const listed = new Map<string, string[] | null>();
  for (const [sub, live] of DEFAULT_LOGS) {
    const dir = path.join(root, sub);
    if (!listed.has(dir)) {
      try {
        listed.set(dir, readdirSync(dir));
      } catch {
        listed.set(dir, null); // no Apache here: not worth a warning
      }
    }
    const names = listed.get(dir);
    if (!names) continue;
    for (const file of withRotated(dir, names, live)) {
      const f = fileSource(file, path.relative(root, file));
      if (typeof f === 'string') found.warnings.push(f);
      else if (!found.sources.some((s) => s.kind === 'file' && s.path === f.path)) found.sources.push(f);
    }
  }
  // no syslog file with the kernel's lines (a container, a minimal VM): read its ring buffer, if we may
  const kernelFile = found.sources.some((s) => s.kind === 'file' && /^(kern\.log|messages|syslog)/.test(path.basename(s.path)));
  if (!kernelFile && kmsgReadable()) found.sources.push(KMSG);
  return found;
}

function kmsgReadable(): boolean {
  try {
    accessSync('/dev/kmsg', constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** A file to read, or the one-line warning why it cannot be. */
export function fileSource(file: string, name = file): FileSource | string {
  try {
    const st = statSync(file);
    if (!st.isFile()) return `${file}: not a file, skipped`;
    accessSync(file, constants.R_OK);
    return { kind: 'file', name, path: file, mtime: st.mtimeMs };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}, skipped`;
  }
}

export const stdinSource = (): FileSource => ({ kind: 'file', name: '-', path: '-', mtime: Date.now() });

/** The bytes of a file, gunzipped when compressed (by name). */
export function openFile(src: FileSource): AsyncIterable<Buffer> {
  if (src.path === '-') return process.stdin;
  const raw = createReadStream(src.path, { highWaterMark: 1 << 20 });
  if (!src.path.endsWith('.gz')) return raw;
  return raw.pipe(createGunzip({ chunkSize: 1 << 20 }));
}

/** grep(1) on PATH, looked up once; null where there is none (then the JS prefilter does it all). */
let grepPath: string | null | undefined;
export function findGrep(): string | null {
  if (grepPath !== undefined) return grepPath;
  grepPath = null;
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    try {
      accessSync(path.join(dir || '.', 'grep'), constants.X_OK);
      return (grepPath = path.join(dir || '.', 'grep'));
    } catch {
      /* next */
    }
  }
  return grepPath;
}

/**
 * Only the error-like lines of a file (a superset: the JS prefilter still decides), through grep:
 * in the C locale grep scans bytes several times faster than any JS regex, on another core, so
 * Node sees a few percent of a big log. `-a` keeps invalid UTF-8 and NUL bytes as text.
 */
export function openFiltered(src: FileSource, grep: string): { lines: AsyncIterable<Buffer>; done: Promise<string | null> } {
  const gz = src.path.endsWith('.gz');
  const args = ['-a', '-i', '-E', '-e', ERRORISH_ERE];
  if (!gz) args.push('--', src.path);
  const child = spawn(grep, args, { stdio: [gz ? 'pipe' : 'ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-1000)));
  let gzError: string | null = null;
  if (gz) {
    const unzip = createReadStream(src.path, { highWaterMark: 1 << 20 }).pipe(createGunzip({ chunkSize: 1 << 20 }));
    unzip.on('error', (e) => {
      gzError = 'not valid gzip (truncated?): ' + e.message;
      child.stdin!.end();
    });
    child.stdin!.on('error', () => {}); // grep gone: its exit says why
    unzip.pipe(child.stdin!);
  }
  const done = new Promise<string | null>((resolve) => {
    child.on('error', (e) => resolve(e.message));
    // grep: 0 lines found, 1 none, 2 trouble
    child.on('close', (code) => resolve(gzError ?? (code === 0 || code === 1 ? null : `grep failed: ${err.trim().split('\n').pop() ?? code}`)));
  });
  return { lines: child.stdout!, done };
}
