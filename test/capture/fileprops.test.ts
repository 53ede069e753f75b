// Edits keep what the file is: mode, owner and group, a symlink, a BOM and CRLF line ends; a
// read-only postmortem is refused, never replaced. End to end through the built CLI.
import { chmodSync, chownSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { pm, tempDir } from '../helpers.js';

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('skipping the owner test: giving a file to nobody:nogroup needs root (CI runs it as root)');

let dir: string;
let file: string;
beforeEach(() => {
  const root = tempDir('pm-props-');
  dir = path.join(root, 'incidents');
  const r = pm(['--dir', dir, 'new', 'Blog down', '--started', '2026-03-14 09:00']);
  expect(r.status).toBe(0);
  file = path.resolve(r.stdout.trim());
});

const log = (text: string, extra: string[] = []) => pm(['--dir', dir, ...extra, 'log', text, '--at', '2026-03-14 10:00']);

describe('mode, owner, read-only', () => {
  it.skipIf(!isRoot)('a log keeps mode 0640 and the owner nobody:nogroup', () => {
    chmodSync(file, 0o640);
    chownSync(file, 65534, 65534);
    const r = log('php-fpm restarted');
    expect(r.status).toBe(0);
    const st = statSync(file);
    expect(readFileSync(file, 'utf8')).toContain('— php-fpm restarted');
    expect((st.mode & 0o7777).toString(8)).toBe('640');
    expect([st.uid, st.gid]).toEqual([65534, 65534]);
  });

  it('a new file gets the default mode, an edited one keeps an unusual one (0600)', () => {
    expect(statSync(file).mode & 0o7777).toBe(0o644 & ~process.umask());
    chmodSync(file, 0o600);
    expect(log('x').status).toBe(0);
    expect(statSync(file).mode & 0o7777).toBe(0o600);
  });

  it('a read-only postmortem (chmod 444) is refused, not replaced: one line, exit 1, entry on stdout', () => {
    chmodSync(file, 0o444);
    const before = readFileSync(file);
    const ino = statSync(file).ino;
    const r = log('sudo: unable to create sockets');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`postmortem: cannot write ${file}: it is read-only (mode 0444); make it writable to let postmortem edit it\n`);
    expect(r.stdout).toContain('— sudo: unable to create sockets');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).ino).toBe(ino); // the same file, not a replacement
    expect(readdirSync(path.dirname(file))).toEqual(['postmortem.md']); // no temp or lock left
  });
});

describe('symlinks', () => {
  it('a postmortem.md linking inside the incidents folder is edited through; the link stays a link', () => {
    const shared = path.join(dir, '.shared');
    mkdirSync(shared);
    const target = path.join(shared, 'blog.md');
    renameSync(file, target);
    symlinkSync('../.shared/blog.md', file);
    const r = log('edited through the link');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readlinkSync(file)).toBe('../.shared/blog.md');
    expect(readFileSync(target, 'utf8')).toContain('— edited through the link');
    expect(readdirSync(shared)).toEqual(['blog.md']);
  });

  it('a postmortem.md linking outside the incidents folder is refused, and neither file changes', () => {
    const outside = path.join(path.dirname(dir), 'elsewhere.md');
    renameSync(file, outside);
    symlinkSync(outside, file);
    const before = readFileSync(outside);
    const r = log('must not land outside');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`postmortem: ${file}: refusing to edit through a symbolic link to ${outside}, outside the incidents folder ${dir}\n`);
    expect(readFileSync(outside).equals(before)).toBe(true);
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
  });
});

describe('BOM and CRLF', () => {
  const at = ['--at', '2026-03-14 10:00'];
  /** The same edits on an LF copy and on a BOM + CRLF copy of one document. */
  const edits = [
    ['log', 'php-fpm restarted', ...at],
    ['hypothesis', 'add', 'the MTA uses up sockets', ...at],
    ['hypothesis', 'add', 'inode quota full', ...at],
    ['hypothesis', 'reject', '1', '--because', 'postfix stopped, still failing', ...at],
    ['hypothesis', 'confirm', '2', ...at],
    ['action', 'add', 'Alert on inode use', '--owner', '@ops', '--due', '2026-04-01'],
    ['action', 'done', '1'],
    ['set', 'severity', 'SEV1'],
    ['set', 'tags', 'inodes,container'],
  ];

  it('every edit writes CRLF into a CRLF file, keeps the BOM, and changes nothing else', () => {
    const lfId = path.basename(path.dirname(file));
    const crlfDir = path.join(dir, `${lfId}-crlf`);
    mkdirSync(crlfDir);
    const crlfFile = path.join(crlfDir, 'postmortem.md');
    const original = readFileSync(file, 'utf8');
    writeFileSync(crlfFile, `\ufeff${original.replace(/\n/g, '\r\n')}`);
    for (const e of edits) {
      for (const id of [lfId, `${lfId}-crlf`]) {
        const r = pm(['--dir', dir, '--incident', id, ...e]);
        expect(r.stderr, `${e.join(' ')} on ${id}`).toBe('');
        expect(r.status).toBe(0);
      }
      const lf = readFileSync(file, 'utf8');
      const crlf = readFileSync(crlfFile, 'utf8');
      expect(crlf, e.join(' ')).toBe(`\ufeff${lf.replace(/\n/g, '\r\n')}`);
      expect(/(?<!\r)\n/.test(crlf)).toBe(false);
    }
    // The edits did happen, and the CRLF document reads the same as the LF one.
    const show = (id: string) => JSON.parse(pm(['--dir', dir, 'show', id, '--json']).stdout);
    const a = show(lfId), b = show(`${lfId}-crlf`);
    expect(b.hypotheses.map((h: { status: string }) => h.status)).toEqual(['rejected', 'confirmed']);
    expect(b.actions).toEqual(a.actions);
    expect(b.timeline.map((t: { text: string }) => t.text)).toEqual(a.timeline.map((t: { text: string }) => t.text));
    expect(b.meta.severity).toBe('SEV1');
  });

  it('a BOM file without front matter: the first heading is found and the BOM stays first', () => {
    writeFileSync(file, '\ufeff# Blog down\r\n\r\n## Timeline\r\n\r\n- **2026-03-14 09:00 +01:00** — opened\r\n');
    const r = log('later', ['--incident', path.basename(path.dirname(file))]);
    expect(r.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('\ufeff# Blog down\r\n\r\n## Timeline\r\n\r\n- **2026-03-14 09:00 +01:00** — opened\r\n- **2026-03-14 10:00 +01:00** — later\r\n');
    const shown = JSON.parse(pm(['--dir', dir, 'show', '--json']).stdout);
    expect(shown.meta.title).toBe('Blog down');
  });
});
