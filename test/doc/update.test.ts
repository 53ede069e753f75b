import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addAction } from '../../src/doc/edit-action.js';
import { addHypothesis } from '../../src/doc/edit-hypothesis.js';
import { addTimelineEntry } from '../../src/doc/edit.js';
import { keepLineEnds, updateDocument } from '../../src/doc/update.js';
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

describe('keepLineEnds: editors write "\\n", a CRLF document gets "\\r\\n"', () => {
  const at = new Date('2026-03-14T10:00:00+01:00');
  const crlf = (s: string) => s.replace(/\n/g, '\r\n');
  const docs = {
    'empty timeline section': '# T\n\n## Timeline\n\n## Fix\n\nx\n',
    'empty timeline at the end': '# T\n\n## Timeline\n',
    'no timeline': '# T\n\nSome prose.\n',
    'no trailing line break': '# T\n\n## Timeline\n\n- **2026-03-14 09:00 +01:00** — a',
    'table timeline': '## Timeline\n\n| Time | Event |\n|---|---|\n| 2026-03-14 09:00 +01:00 | a |\n\n## Fix\n',
    'BOM and front matter': '\ufeff---\ntitle: x\n---\n\n## Timeline\n\n- **2026-03-14 11:00 +01:00** — later\n',
  };
  for (const [name, lf] of Object.entries(docs))
    it(name, () => {
      const edit = (s: string) => addAction(addHypothesis(addTimelineEntry(s, at, 'entry'), 'idea').source, { text: 'do it' }).source;
      const out = keepLineEnds(crlf(lf), edit(crlf(lf)));
      expect(out).toBe(crlf(edit(lf)));
      expect(/(?<!\r)\n/.test(out)).toBe(false);
    });

  it('leaves LF and mixed-mostly-LF documents alone, and keeps bytes outside the edit', () => {
    const mixed = '# T\r\n\n## Timeline\n\n';
    expect(keepLineEnds(mixed, addTimelineEntry(mixed, at, 'e'))).toBe(addTimelineEntry(mixed, at, 'e'));
    const src = 'a\r\nb\n\r\nc\r\n'; // one bare "\n" the user wrote stays bare
    expect(keepLineEnds(src, src.replace('c\r\n', 'c\r\nd\n'))).toBe('a\r\nb\n\r\nc\r\nd\r\n');
  });
});
