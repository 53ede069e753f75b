// `postmortem shell` end to end: a real interactive bash (and zsh where installed) on a
// pseudo-terminal, with the user's rc files in a temp HOME, commands typed at the prompt, `exit`,
// then the incident's timeline read back: entries, exit codes, durations and redaction.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pm, tempDir, tmpfs } from '../helpers.js';
import { session } from './pty.js';

/** A loaded, shared machine: a session of a few commands may take a while to start and end. */
const SLOW = 180_000;

const hasZsh = spawnSync('zsh', ['-c', 'true']).status === 0;
if (!hasZsh) console.log('skipping the zsh session: zsh is not installed (.ci/run installs it)');

/** A temp HOME and an incidents folder with one active incident. */
function setup(rc: Record<string, string>) {
  const home = tempDir('pm-shell-home-');
  for (const [name, text] of Object.entries(rc)) writeFileSync(path.join(home, name), text);
  const dir = path.join(home, 'incidents');
  const r = pm(['--dir', dir, 'new', 'Disk full on web1']);
  expect(r.status).toBe(0);
  return { home, dir, file: r.stdout.trim() };
}

/** The timeline entries the shell added (not "Incident opened"). */
const entries = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => /^- \*\*.*`+ ?\$ /.test(l));

/** Every file in the incident folder, as text. */
function everything(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => readFileSync(path.join(d.parentPath, d.name), 'utf8'))
    .join('\n');
}

describe('shell: bash', () => {
  it('records each command line with exit code and duration, redacted, after loading ~/.bashrc', async () => {
    const { home, dir, file } = setup({
      // the user's rc: a marker, and a PROMPT_COMMAND array of their own that must still run
      '.bashrc': 'echo "BASHRC-MARKER-$((6 * 7))"\nPS1="\\$ "\n_user_pc() { echo ran >> ~/pc-ran; }\nPROMPT_COMMAND=(_user_pc)\n',
    });
    const s = session(['--dir', dir, 'shell', '--shell', 'bash'], { HOME: home, SHELL: '/bin/sh' });
    await s.until('BASHRC-MARKER-42');
    await s.type('df -i /');
    await s.type("sh -c 'exit 3'");
    await s.type("mysql -pHunter2x -e 'select 1'");
    await s.type('export DB_PASSWORD=hunter2x');
    await s.type('echo `echo tick` *none* | cat');
    await s.type('ls /nonexistent-dir | wc -l');
    await s.type('sleep 1.3');
    await s.type(' echo kept-out-by-leading-space');
    await s.type('exit');
    expect(await s.exited).toBe(0);

    const lines = entries(file);
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(/ — `\$ df -i \/` → exit 0, \d+\.\d\d s$/);
    expect(lines[1]).toMatch(/ — `\$ sh -c 'exit 3'` → exit 3, /);
    expect(lines[2]).toMatch(/ — `\$ mysql -p\[redacted\] -e 'select 1'` → exit 127, /);
    expect(lines[3]).toMatch(/ — `\$ export DB_PASSWORD=\[redacted\] ?` → exit 0, /);
    // backticks stay text: a longer code fence around the command
    expect(lines[4]).toMatch(/ — ``\$ echo `echo tick` \*none\* \| cat`` → exit 0, /);
    expect(lines[5]).toMatch(/ — `\$ ls \/nonexistent-dir \| wc -l` → exit 0 \(pipeline: 2, 0\), /);
    const sleep = /→ exit 0, ([\d.]+) s$/.exec(lines[6]!);
    expect(lines[6]).toContain('`$ sleep 1.3`');
    expect(Number(sleep![1])).toBeGreaterThanOrEqual(1.3);
    expect(Number(sleep![1])).toBeLessThan(30);

    expect(everything(dir)).not.toMatch(/hunter2x/i);
    expect(everything(dir)).not.toContain('kept-out-by-leading-space');
    expect(readFileSync(path.join(home, 'pc-ran'), 'utf8').split('\n').length).toBeGreaterThan(3);
    // the summary names the failures, redacted
    const summary = s.output().slice(s.output().indexOf('postmortem: recorded'));
    expect(summary).toMatch(/^postmortem: recorded 7 commands into .*postmortem\.md, 2 failed/);
    expect(summary).toMatch(/exit 3 .*\$ sh -c 'exit 3'/);
    expect(summary).toMatch(/exit 127 .*\$ mysql -p\[redacted\] -e 'select 1'/);
    expect(summary).not.toMatch(/hunter2x/i);
    expect(s.output()).toContain('[pm] $ ');
  }, SLOW);

  it('--quiet-ok keeps only what failed or took a second', async () => {
    // a PROMPT_COMMAND string, and nounset: the hooks must live with both
    const { home, dir, file } = setup({ '.bashrc': 'PS1="\\$ "\nPROMPT_COMMAND="touch ~/pc-string"\nset -u\n' });
    const s = session(['--dir', dir, 'shell', '--shell', 'bash', '--quiet-ok'], { HOME: home });
    await s.type('true');
    await s.type('false');
    await s.type('sleep 1.1');
    await s.type('exit');
    expect(await s.exited).toBe(0);
    const lines = entries(file);
    expect(lines.map((l) => /`\$ ([^`]+)`/.exec(l)![1])).toEqual(['false', 'sleep 1.1']);
    expect(s.output()).toMatch(/recorded 2 commands .*, 1 failed; 1 quick successes left out/);
    expect(existsSync(path.join(home, 'pc-string'))).toBe(true);
    expect(s.output()).not.toMatch(/unbound variable/);
  }, SLOW);

  it('keeps the shell usable when postmortem itself dies', async () => {
    const { home, dir, file } = setup({ '.bashrc': 'PS1="\\$ "\n' });
    const s = session(['--dir', dir, 'shell', '--shell', 'bash'], { HOME: home }, true);
    await s.type('echo before');
    await s.type('echo "$PPID" > ~/parent.pid');
    // the first entry is in the document before the parent goes
    for (let i = 0; i < 300 && entries(file).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    await s.type('kill -9 "$(cat ~/parent.pid)"');
    await s.type('echo "alive-$((2 + 3))"');
    // the hook's write finds no reader: it fails at once, the shell goes on
    await s.until('alive-5', 20_000);
    await s.type('exit');
    s.close();
    expect(entries(file).map((l) => /`\$ ([^`]+)`/.exec(l)![1])).toEqual(['echo before', 'echo "$PPID" > ~/parent.pid']);
  }, SLOW);
  it('on TERM (a shutdown) hangs the shell up and still writes what it recorded', async () => {
    const { home, dir, file } = setup({ '.bashrc': 'PS1="\\$ "\n' });
    const s = session(['--dir', dir, 'shell', '--shell', 'bash'], { HOME: home });
    await s.type('echo "in=$POSTMORTEM_SHELL" "$PPID" > ~/parent.pid');
    await s.type('true');
    await s.until('[pm] '); // its record went out before this prompt
    const [marker, pid] = readFileSync(path.join(home, 'parent.pid'), 'utf8').trim().split(' ');
    expect(marker).toBe(`in=${path.basename(path.dirname(file))}`);
    process.kill(Number(pid), 'SIGTERM');
    expect(await s.exited).toBe(0);
    expect(entries(file).map((l) => /`\$ ([^`]+)`/.exec(l)![1])).toEqual(['echo "in=$POSTMORTEM_SHELL" "$PPID" > ~/parent.pid', 'true']);
    expect(s.output()).toMatch(/postmortem: recorded 2 commands into /);
  }, SLOW);
});

describe.skipIf(!hasZsh)('shell: zsh', () => {
  it('records through preexec/precmd after loading the user\'s .zshenv and .zshrc', async () => {
    const { home, dir, file } = setup({ '.zshenv': 'export ZSHENV_MARKER=from-zshenv\n', '.zshrc': 'echo "ZSHRC-MARKER-$((6 * 7)) $ZSHENV_MARKER"\nPS1="%# "\nsetopt ksh_arrays nounset\n' });
    const s = session(['--dir', dir, 'shell'], { HOME: home, SHELL: '/usr/bin/zsh' });
    await s.until('ZSHRC-MARKER-42 from-zshenv');
    await s.type('false');
    await s.type('export DB_PASSWORD=hunter2x');
    await s.type('echo `echo tick`');
    await s.type('sleep 1.2');
    await s.type('false | true');
    await s.type('exit');
    expect(await s.exited).toBe(0);
    const lines = entries(file);
    expect(lines, s.output()).toHaveLength(5);
    expect(lines[4]).toMatch(/`\$ false \| true` → exit 0 \(pipeline: 1, 0\), /);
    expect(lines[0]).toMatch(/`\$ false` → exit 1, /);
    expect(lines[1]).toMatch(/`\$ export DB_PASSWORD=\[redacted\] ?` → exit 0, /);
    expect(lines[2]).toMatch(/`` \$ echo `echo tick` `` → exit 0, /);
    expect(Number(/([\d.]+) s$/.exec(lines[3]!)![1])).toBeGreaterThanOrEqual(1.2);
    expect(everything(dir)).not.toMatch(/hunter2x/i);
  }, SLOW);
});

describe.skipIf(process.getuid?.() !== 0)('shell: the document cannot be written (tmpfs, root)', () => {
  it('prints each entry on stderr when it happens, lists them in the summary, exits 1', async () => {
    const home = tempDir('pm-shell-home-');
    writeFileSync(path.join(home, '.bashrc'), 'PS1="\\$ "\n');
    const mnt = tmpfs('size=1m,nr_inodes=64', 'pm-shell-full-');
    const dir = path.join(mnt, 'incidents');
    const file = pm(['--dir', dir, 'new', 'Inodes full']).stdout.trim();
    mkdirSync(path.join(mnt, 'fill'));
    for (let i = 0; ; i++) {
      try {
        writeFileSync(path.join(mnt, 'fill', String(i)), '');
      } catch {
        break;
      }
    }
    const before = readFileSync(file, 'utf8');
    const s = session(['--dir', dir, 'shell', '--shell', 'bash'], { HOME: home });
    await s.type('false');
    await s.until(/postmortem: not saved \(.*out of inodes.*\): - \*\*.*\*\* — `\$ false` → exit 1, /);
    await s.type('exit');
    expect(await s.exited).toBe(1);
    expect(s.output()).toMatch(/recorded 1 command into .*, 1 failed\r?\n.*\r?\n1 entry could not be written; add them by hand:\r?\n- \*\*.*\*\* — `\$ false` → exit 1, /);
    expect(readFileSync(file, 'utf8')).toBe(before);
  }, SLOW);
});
