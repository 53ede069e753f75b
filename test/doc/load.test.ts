import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/doc/load.js';

describe('decodeText', () => {
  it('decodes UTF-8 with umlauts', () => {
    expect(decodeText(Buffer.from('Überlauf\n', 'utf8'), 'f.md')).toBe('Überlauf\n');
  });
  it('refuses empty, binary and Latin-1 input naming file and line', () => {
    expect(() => decodeText(Buffer.alloc(0), 'e.md')).toThrow(/^e\.md: file is empty/);
    expect(() => decodeText(Buffer.from('a\nb\0c'), 'b.md')).toThrow(/^b\.md:2: binary file/);
    expect(() => decodeText(Buffer.from('ok\nok\n\xdcberlauf', 'latin1'), 'l.md')).toThrow(/^l\.md:3: not valid UTF-8/);
  });
});
