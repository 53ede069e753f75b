// What `shell` refuses before starting a shell: one line on stderr, exit 2 for usage, 1 otherwise.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pm, tempDir } from '../helpers.js';

describe('shell refuses', () => {
  it('a shell it cannot hook, naming where the name came from (exit 2)', () => {
    const r = pm(['shell'], { env: { SHELL: '/usr/bin/fish' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('postmortem: shell: cannot record fish ($SHELL is /usr/bin/fish); bash and zsh are supported: pass --shell bash or --shell zsh\n');
    expect(pm(['shell', '--shell', 'tcsh']).stderr).toMatch(/^postmortem: shell: cannot record tcsh \(--shell tcsh\);/);
  });

  it('without an incident to record into (exit 1)', () => {
    const r = pm(['--dir', path.join(tempDir(), 'none'), 'shell', '--shell', 'bash']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^postmortem: no incidents yet: .*none does not exist; start one with "postmortem new <title>" or pass --dir\n$/);
  });

  it('without a terminal: a shell reading a pipe shows no prompt, so nothing would be recorded', () => {
    const dir = path.join(tempDir(), 'incidents');
    expect(pm(['--dir', dir, 'new', 'x']).status).toBe(0);
    const r = pm(['--dir', dir, 'shell', '--shell', 'bash'], { input: 'echo hi\n' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('postmortem: shell: needs a terminal: standard input is not one\n');
  });
});
