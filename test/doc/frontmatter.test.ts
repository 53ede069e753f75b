import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../src/doc/frontmatter.js';
import { InputError } from '../../src/errors.js';
import { tempDir } from '../helpers.js';

const err = (fn: () => unknown): InputError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
};

describe('front matter', () => {
  it('keeps timestamps as written, with their offset', () => {
    const fm = parseFrontMatter('---\nstarted: 2026-03-14T09:12:00+01:00\ntags: [a, b]\n---\n# x\n', 'f.md')!;
    expect(fm.data.started).toBe('2026-03-14T09:12:00+01:00');
    expect(fm.data.tags).toEqual(['a', 'b']);
  });

  it('gives the offsets of the YAML text and of the body', () => {
    const src = '---\ntitle: x\n---\nbody\n';
    const fm = parseFrontMatter(src, 'f.md')!;
    expect(src.slice(fm.yamlStart, fm.yamlEnd)).toBe('title: x\n');
    expect(src.slice(fm.end)).toBe('body\n');
  });

  it('never evaluates ---js or ---javascript front matter', () => {
    const dir = tempDir();
    const marker = path.join(dir, 'evaluated');
    for (const lang of ['js', 'javascript', ' js ']) {
      const src = `---${lang}\n{ title: require('fs').writeFileSync(${JSON.stringify(marker)}, 'x') }\n---\nbody\n`;
      const e = err(() => parseFrontMatter(src, 'evil.md'));
      expect(e.message).toMatch(/^evil\.md:1: front matter in "(js|javascript)" is not allowed/);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('reports invalid YAML with the file line, every time (no parser cache returns {} the second time)', () => {
    const src = '---\ntitle: ok\ntags: [a, b\nstatus: x\n---\n';
    for (let i = 0; i < 2; i++) {
      const e = err(() => parseFrontMatter(src, 'bad.md'));
      expect(e.line).toBeGreaterThanOrEqual(3);
      expect(e.message).toMatch(/^bad\.md:\d+: invalid YAML front matter/);
    }
  });

  it('refuses an unclosed block and a non-mapping', () => {
    expect(err(() => parseFrontMatter('---\ntitle: x\n', 'u.md')).message).toMatch(/not closed/);
    expect(err(() => parseFrontMatter('---\n- a\n- b\n---\n', 'l.md')).message).toMatch(/must be a mapping/);
  });

  it('treats a document without front matter, and a thematic break, as none', () => {
    expect(parseFrontMatter('# Title\n', 'f.md')).toBeNull();
    expect(parseFrontMatter('----\ntext\n', 'f.md')).toBeNull();
  });
});
