import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { updateDocument } from '../../src/doc/update.js';
import { tempDir } from '../helpers.js';

it('updateDocument writes the edit and removes temporary files left by killed writers', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'postmortem.md');
  writeFileSync(file, '# x\n');
  const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  const dead = path.join(dir, `.postmortem.md.${deadPid}.abc.tmp`);
  const live = path.join(dir, `.postmortem.md.${process.ppid}.abc.tmp`);
  const other = path.join(dir, '.other.md.1.abc.tmp');
  for (const f of [dead, live, other]) writeFileSync(f, 'torn');
  await updateDocument(file, (s) => s + 'more\n');
  expect(readFileSync(file, 'utf8')).toBe('# x\nmore\n');
  expect([existsSync(dead), existsSync(live), existsSync(other)]).toEqual([false, true, true]);
  expect(existsSync(`${file}.lock`)).toBe(false);
});
