import { describe, expect, it } from 'vitest';
import { addTimelineEntry, appendToSection, ensureSection } from '../../src/doc/edit.js';
import { parseDocument } from '../../src/doc/parse.js';

process.env.TZ = 'Europe/Berlin';

/** The edit only inserted: what is before and after the inserted text is the original, byte for byte. */
function expectInsertionOnly(before: string, after: string): string {
  let i = 0;
  while (i < before.length && before[i] === after[i]) i++;
  let j = 0;
  while (j < before.length - i && before[before.length - 1 - j] === after[after.length - 1 - j]) j++;
  expect(before.slice(0, i) + before.slice(before.length - j)).toBe(before);
  return after.slice(i, after.length - j);
}

const DOC = `---
title: x # a comment that must survive
---
# x

Some *prose*   with odd  spacing.\r
## Timeline

- **2026-03-14 09:00 +01:00** — first
- **2026-03-14 10:00 +01:00** — third

## Fix
`;

describe('addTimelineEntry', () => {
  it('inserts in time order and changes nothing else', () => {
    const after = addTimelineEntry(DOC, new Date('2026-03-14T08:30:00Z'), 'second\nline');
    expect(after).toBe(DOC.replace('- **2026-03-14 10:00', '- **2026-03-14 09:30 +01:00** — second line\n- **2026-03-14 10:00'));
    expect(parseDocument(after, 'f.md').timeline.map((t) => t.text)).toEqual(['first', 'second line', 'third']);
  });

  it('appends after the last entry when it is the latest', () => {
    const after = addTimelineEntry(DOC, new Date('2026-03-14T12:00:00Z'), 'fourth');
    expect(parseDocument(after, 'f.md').timeline.map((t) => t.text)).toEqual(['first', 'third', 'fourth']);
    expectInsertionOnly(DOC, after);
  });

  it('creates a Timeline section in canonical order when there is none', () => {
    const src = '# T\n\n## TL;DR\n\nShort.\n\n## Root cause\n\nInodes.\n';
    const after = addTimelineEntry(src, new Date('2026-03-14T08:00:00Z'), 'alarm');
    const doc = parseDocument(after, 'f.md');
    expect(doc.sections.map((s) => s.id)).toEqual([null, 'tldr', 'timeline', 'root-cause']);
    expect(doc.timeline).toHaveLength(1);
    expectInsertionOnly(src, after);
  });

  it('works on a file without a trailing newline', () => {
    const src = '## Timeline\n\n- **2026-03-14 09:00 +01:00** — first';
    const after = addTimelineEntry(src, new Date('2026-03-14T09:00:00Z'), 'later');
    expect(after).toBe(src + '\n- **2026-03-14 10:00 +01:00** — later');
  });
});

describe('addTimelineEntry on a timeline kept as a table', () => {
  it('adds a row in time order in the table\'s columns', () => {
    const src = '## Timeline\n\n| Time | Event |\n|---|---|\n| 2026-03-14 09:00 +01:00 | first |\n| 2026-03-14 10:00 +01:00 | third |\n\nAfter.\n';
    const after = addTimelineEntry(src, new Date('2026-03-14T08:30:00Z'), 'second | piped');
    expect(after).toBe(src.replace('| 2026-03-14 10:00', '| 2026-03-14 09:30 +01:00 | second \\| piped |\n| 2026-03-14 10:00'));
    expect(parseDocument(after, 'f.md').timeline.map((t) => t.at)).toEqual(['2026-03-14T09:00:00+01:00', '2026-03-14T09:30:00+01:00', '2026-03-14T10:00:00+01:00']);
  });

  it('splits date and time into their own columns when the table has them', () => {
    const src = '## Timeline\n\n| Date | Time | Who | What |\n|---|---|---|---|\n| 2026-03-14 | 09:00 +01:00 | me | first |\n';
    const after = addTimelineEntry(src, new Date('2026-03-14T09:00:00Z'), 'later');
    expect(after).toBe(src + '| 2026-03-14 | 10:00 +01:00 |  | later |\n');
  });
});

describe('appendToSection and ensureSection', () => {
  it('appends a block after existing content with a blank line', () => {
    const after = appendToSection(DOC, 'fix', 'Deleted the cache.');
    expect(after.endsWith('## Fix\n\nDeleted the cache.\n')).toBe(true);
    expectInsertionOnly(DOC, after);
  });

  it('creates the Evidence section at the end when missing', () => {
    const { source } = ensureSection(DOC, 'evidence');
    expect(source.endsWith('## Fix\n\n## Evidence\n')).toBe(true);
  });
});
