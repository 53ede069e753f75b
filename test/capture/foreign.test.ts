// Byte preservation on postmortems written by others (test/fixtures/foreign, sources in SOURCES.txt):
// every edit may only insert text at one spot, or rewrite the one item it is about.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addAction, actionsOf, markActionDone } from '../../src/doc/edit-action.js';
import { addTimelineEntry } from '../../src/doc/edit.js';
import { setFrontMatterKey } from '../../src/doc/edit-frontmatter.js';
import { addHypothesis, hypothesesOf, setHypothesisStatus } from '../../src/doc/edit-hypothesis.js';
import { parseDocument } from '../../src/doc/parse.js';
import { ROOT } from '../helpers.js';

process.env.TZ = 'Europe/Berlin';
const DIR = path.join(ROOT, 'test', 'fixtures', 'foreign');
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();

/** The one window where `before` and `after` differ: [start, beforeEnd) became [start, afterEnd). */
function changed(before: string, after: string) {
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
  return { start: p, removed: before.slice(p, before.length - s), inserted: after.slice(p, after.length - s) };
}

/** `after` is `before` with text inserted at one spot, except trailing blank lines at the very end. */
function expectInsertion(before: string, after: string): string {
  const d = changed(before, after);
  expect(d.removed.replace(/\s+$/, ''), 'bytes of the original were removed or changed').toBe('');
  if (d.removed) expect(d.start + d.removed.length).toBe(before.length); // only whitespace at EOF
  return d.inserted;
}

/**
 * Like expectInsertion, but an action table lacking a column for what was given (Due, Owner, Type) is
 * widened: each original line must reappear in order, gaining at most table cells at its end, and
 * whole new lines may come in between. Returns the inserted lines.
 */
function expectInsertions(before: string, after: string): string[] {
  const b = before.split('\n'), inserted: string[] = [];
  let i = 0;
  for (const line of after.split('\n')) {
    const old = b[i];
    const core = old?.replace(/\s+$/, '') ?? '';
    const tail = old?.slice(core.length) ?? '';
    const widened = core !== '' && line.startsWith(core) && line.endsWith(tail) && /^(\s*\|?[^|]*\|?)*$/.test(line.slice(core.length, line.length - tail.length || undefined));
    if (old !== undefined && (line === old || widened)) i++;
    else inserted.push(line);
  }
  expect(i, 'bytes of the original were removed or changed').toBe(b.length);
  return inserted;
}

const at = new Date('2026-03-14T09:12:00+01:00');

describe.each(FIXTURES)('%s', (name) => {
  const original = readFileSync(path.join(DIR, name), 'utf8');

  it('is found in SOURCES.txt', () => {
    expect(readFileSync(path.join(DIR, 'SOURCES.txt'), 'utf8')).toContain(name);
  });

  it('log: inserts one timeline entry, nothing else changes', () => {
    const after = addTimelineEntry(original, at, 'pm-test: uptime alarm', name);
    const inserted = expectInsertion(original, after);
    // A list item, or a table row where the document keeps its timeline as a table.
    expect(inserted).toMatch(/^(- \*\*2026-03-14 09:12 \+01:00\*\* — |\| 2026-03-14 09:12 \+01:00 \| ( *\| )*)pm-test: uptime alarm/m);
    expect(parseDocument(after, name).timeline.some((e) => e.text === 'pm-test: uptime alarm' && e.at === '2026-03-14T09:12:00+01:00')).toBe(true);
    // A second entry, earlier, lands before the first.
    const twice = addTimelineEntry(after, new Date('2026-03-14T09:00:00+01:00'), 'pm-test: earlier', name);
    expectInsertion(after, twice);
    expect(twice.indexOf('pm-test: earlier')).toBeLessThan(twice.indexOf('pm-test: uptime alarm'));
  });

  it('hypothesis add and reject: an insertion, then only that item changes', () => {
    const added = addHypothesis(original, 'pm-test: the MTA uses up sockets', name);
    expectInsertion(original, added.source);
    const h = hypothesesOf(added.source, name).find((x) => x.n === added.n)!;
    expect(h).toMatchObject({ status: 'open', text: 'pm-test: the MTA uses up sockets' });
    const rejected = setHypothesisStatus(added.source, added.n, 'rejected', at, 'failures went on with postfix stopped', name).source;
    expect(rejected.slice(0, h.start)).toBe(added.source.slice(0, h.start));
    expect(rejected.endsWith(added.source.slice(h.end))).toBe(true);
    expect(hypothesesOf(rejected, name).find((x) => x.n === added.n)).toMatchObject({ status: 'rejected', reason: 'failures went on with postfix stopped' });
  });

  it('action add: an insertion in the form the document already uses', () => {
    const before = actionsOf(original, name);
    const added = addAction(original, { text: 'pm-test: alert on inode use', owner: '@ops', due: '2026-04-01', type: 'detect' }, name);
    // The new item or row, after a new Prevention heading where the document had none.
    const lines = expectInsertions(original, added.source).filter((l) => l.trim() && !/^#+ Prevention$/.test(l));
    expect(lines).toEqual([expect.stringMatching(/pm-test: alert on inode use/)]);
    const a = actionsOf(added.source, name);
    expect(a).toHaveLength(before.length + 1);
    expect(a.find((x) => x.n === added.n)).toMatchObject({ text: 'pm-test: alert on inode use', done: false });
    // Marking it done touches only its own line.
    const item = a.find((x) => x.n === added.n)!;
    try {
      const done = markActionDone(added.source, added.n, name).source;
      expect(done.slice(0, item.start)).toBe(added.source.slice(0, item.start));
      expect(done.endsWith(added.source.slice(item.end))).toBe(true);
      expect(actionsOf(done, name).find((x) => x.n === added.n)!.done).toBe(true);
    } catch (e) {
      // A table without a status column: refused with a message, never guessed.
      expect((e as Error).message).toMatch(/without a Status column/);
    }
  });

  it('set / close: only the front matter changes, other keys read the same', () => {
    const doc = parseDocument(original, name);
    let after = setFrontMatterKey(original, 'status', 'resolved', name);
    after = setFrontMatterKey(after, 'resolved', '2026-03-15T14:30:00+01:00', name);
    const d = changed(original, after);
    const bodyStart = doc.frontMatter?.end ?? 0;
    expect(d.start).toBeLessThanOrEqual(Math.max(0, (doc.frontMatter?.yamlEnd ?? 0)));
    // The body is byte-identical.
    const again = parseDocument(after, name);
    expect(after.slice(again.frontMatter!.end)).toBe(original.slice(bodyStart));
    expect(again.meta).toMatchObject({ ...doc.meta, status: 'resolved', resolved: '2026-03-15T14:30:00+01:00' });
  });
});

it('has real postmortems to test with', () => {
  expect(FIXTURES.length).toBeGreaterThanOrEqual(5);
});
