// One broken postmortem never blocks the live incident: every command that looks across incidents
// warns once, on stderr, naming the broken file, and goes on. End to end through the built CLI.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, pm, ROOT, tempDir } from '../helpers.js';

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('skipping the "no permission" case: it runs the CLI as nobody, which needs root (CI runs it as root)');

const ACTIVE = '2026-03-14-blog-down';
const BROKEN = '2026-03-20-broken';

interface Variant {
  name: string;
  /** Makes `file` broken. */
  make: (file: string) => void;
  /** The warning's "<file>[:line]: <reason>" after "skipped ". */
  reason: (file: string) => string;
  asNobody?: boolean;
}

const variants: Variant[] = [
  { name: 'binary', make: (f) => writeFileSync(f, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x00, 0x00])), reason: (f) => `${f}:2: binary file (NUL byte); expected UTF-8 Markdown text` },
  { name: 'bad YAML', make: (f) => writeFileSync(f, '---\ntitle: x\nstatus: [investigating\n---\n# X\n'), reason: (f) => `${f}:4: invalid YAML front matter: deficient indentation` },
  { name: '---js front matter', make: (f) => writeFileSync(f, "---js\n{ title: require('fs').writeFileSync('/tmp/pwned', '') }\n---\n"), reason: (f) => `${f}:1: front matter in "js" is not allowed (it would run as code); expected YAML after "---"` },
  { name: 'a folder named postmortem.md', make: (f) => mkdirSync(f), reason: (f) => `${f}: is a folder; expected a postmortem (Markdown file)` },
  { name: 'a dangling symlink', make: (f) => symlinkSync('gone.md', f), reason: (f) => `${f}: symbolic link to gone.md, which does not exist` },
  { name: 'a symlink to /dev/zero', make: (f) => symlinkSync('/dev/zero', f), reason: (f) => `${f}: not a regular file (a character device); expected a postmortem (Markdown file)` },
  {
    name: 'no read permission (run as nobody)',
    make: (f) => {
      writeFileSync(f, '---\ntitle: secret\n---\n');
      chmodSync(f, 0o600); // root's; nobody may not read it
    },
    reason: (f) => `${f}: cannot read: permission denied (EACCES)`,
    asNobody: true,
  },
];

/** An incidents folder with the active incident (older) and one broken postmortem (newer). */
function setup(v: Variant) {
  const root = tempDir('pm-broken-');
  const dir = path.join(root, 'incidents');
  const r = pm(['--dir', dir, 'new', 'Blog down', '--started', '2026-03-14 09:00']);
  expect(r.status).toBe(0);
  mkdirSync(path.join(dir, BROKEN));
  const broken = path.join(dir, BROKEN, 'postmortem.md');
  v.make(broken);
  if (v.asNobody) {
    chmodSync(root, 0o755);
    chownSync(path.join(dir, ACTIVE), 65534, 65534);
    chownSync(path.join(dir, ACTIVE, 'postmortem.md'), 65534, 65534);
  }
  const run = (args: string[]) => {
    const p = spawnSync(process.execPath, [CLI, '--dir', dir, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', TZ: 'Europe/Berlin' },
      encoding: 'utf8',
      ...(v.asNobody ? { uid: 65534, gid: 65534 } : {}),
    });
    return { status: p.status, stdout: p.stdout, stderr: p.stderr };
  };
  return { dir, broken, active: path.join(dir, ACTIVE, 'postmortem.md'), run };
}

for (const v of variants) {
  describe.skipIf(v.asNobody && !isRoot)(`another incident's postmortem is ${v.name}`, () => {
    it('list, show, action list --all, log, hypothesis, run and snapshot go on, warning once', () => {
      const { broken, active, run } = setup(v);
      const warning = (stderr: string) => {
        const lines = stderr.split('\n').filter(Boolean);
        expect(lines).toHaveLength(1);
        const m = /^postmortem: warning: skipped (.+)$/.exec(lines[0]!);
        expect(m, stderr).not.toBeNull();
        expect(m![1]).toEqual(v.reason(broken));
      };

      // list: the broken one is a row marked unreadable, in the JSON too; no warning needed.
      const list = run(['list']);
      expect(list.status).toBe(0);
      expect(list.stderr).toBe('');
      expect(list.stdout).toMatch(new RegExp(`^${BROKEN} +unreadable +\\? +— +\\S`, 'm'));
      expect(list.stdout).toMatch(new RegExp(`^${ACTIVE} +investigating`, 'm'));
      const rows = JSON.parse(run(['list', '--json']).stdout);
      expect(rows.map((r: { id: string; unreadable: unknown }) => [r.id, r.unreadable === null])).toEqual([[BROKEN, false], [ACTIVE, true]]);

      for (const args of [
        ['show'],
        ['action', 'list', '--all'],
        ['log', 'php-fpm restarted', '--at', '2026-03-14 10:00'],
        ['hypothesis', 'add', 'inode quota full', '--at', '2026-03-14 10:05'],
        ['run', '--', 'echo', 'df says 100 %'],
        ['snapshot', '--probe', 'load'],
      ]) {
        const r = run(args);
        expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
        if (args[0] === 'run' || args[0] === 'snapshot') {
          // Their summary goes to stderr too; the warning comes first, once.
          const warnings = r.stderr.split('\n').filter((l) => l.startsWith('postmortem: warning:'));
          expect(warnings).toEqual([`postmortem: warning: skipped ${v.reason(broken)}`]);
        } else warning(r.stderr);
      }
      const text = readFileSync(active, 'utf8');
      expect(text).toContain('— php-fpm restarted');
      expect(text).toContain('**H1** open — inode quota full');
      expect(text).toContain('Ran `echo');
      expect(text).toMatch(/Snapshot/);

      // --json: stdout stays one JSON document, and carries the warning.
      const j = run(['log', 'again', '--json']);
      expect(j.status).toBe(0);
      expect(JSON.parse(j.stdout).warnings).toEqual([`skipped ${v.reason(broken)}`]);
    });
  });
}

describe('no incidents, or none readable', () => {
  it('log with no incidents at all says so, not "all resolved"', () => {
    const root = tempDir('pm-broken-');
    const dir = path.join(root, 'incidents');
    mkdirSync(dir);
    const missing = path.join(root, 'missing');
    for (const [d, message] of [
      [dir, `no incidents yet in ${dir}; start one with "postmortem new <title>"`],
      [missing, `no incidents yet: ${missing} does not exist; start one with "postmortem new <title>" or pass --dir`],
    ]) {
      const r = pm(['--dir', d!, 'log', 'x']);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`postmortem: ${message}\n`);
    }
  });

  it('when the only postmortem is broken, log names it and says none is readable', () => {
    const root = tempDir('pm-broken-');
    const dir = path.join(root, 'incidents');
    mkdirSync(path.join(dir, BROKEN), { recursive: true });
    const file = path.join(dir, BROKEN, 'postmortem.md');
    writeFileSync(file, 'bin\0ary');
    const r = pm(['--dir', dir, 'log', 'x']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `postmortem: warning: skipped ${file}:1: binary file (NUL byte); expected UTF-8 Markdown text\n` +
        `postmortem: no readable incident in ${dir} (1 could not be read, see the warnings above); fix it, pass --incident, or start one with "postmortem new <title>"\n`,
    );
    expect(r.stdout).toBe('');
  });
});
