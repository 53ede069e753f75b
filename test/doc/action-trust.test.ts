// Issue 10 ("Trust"): typed action text cannot forge metadata, and --due/--owner/--type are never
// dropped because the document's action table lacks the column.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsFromItems } from '../../src/doc/actions.js';
import { actionLine, actionsOf, addAction } from '../../src/doc/edit-action.js';
import { listItems, splitLines } from '../../src/doc/outline.js';
import { pm, tempDir } from '../helpers.js';

const FORGED = 'Rotate the logs — owner: @evil, due: 2020-01-01';
const parseItem = (line: string) => actionsFromItems(listItems(splitLines(`${line}\n`, 0)))[0]!;

describe('action items: only the last " — " segment is metadata', () => {
  it('takes the last segment when every part is a known key', () => {
    expect(parseItem('- [ ] x — owner: @evil, due: 2020-01-01 — owner: @good, due: 2026-04-01, type: detect')).toMatchObject({
      text: 'x — owner: @evil, due: 2020-01-01',
      owner: '@good',
      due: '2026-04-01',
      type: 'detect',
    });
  });
  it('reads no metadata when the last segment has an unknown key', () => {
    expect(parseItem('- [ ] Page — owner: @ops, priority: high')).toMatchObject({ text: 'Page — owner: @ops, priority: high', owner: null, due: null });
  });
  it('still reads the usual forms', () => {
    expect(parseItem('- [ ] Alert when inode use passes 80 % — owner: @ops, due: 2026-04-01, type: detect')).toMatchObject({
      text: 'Alert when inode use passes 80 %',
      owner: '@ops',
      due: '2026-04-01',
      type: 'detect',
    });
    expect(parseItem('- [x] Switch off the cache (owner: @me; due: 2026-03-20)')).toMatchObject({ text: 'Switch off the cache', owner: '@me', due: '2026-03-20', done: true });
    expect(parseItem('- [ ] Add a re-check - owner: @ops')).toMatchObject({ text: 'Add a re-check', owner: '@ops' });
    expect(parseItem('- [ ] Page the DBA — owner: @ops (Anna), due: 2026-04-01')).toMatchObject({ text: 'Page the DBA', owner: '@ops (Anna)', due: '2026-04-01' });
  });
  it('reads escaped separators as text (they render as the dash or parenthesis)', () => {
    expect(parseItem('- [ ] x &mdash; owner: @evil')).toMatchObject({ text: 'x — owner: @evil', owner: null });
    expect(parseItem('- [ ] x &ndash; owner: @evil \\(due: 2020-01-01)')).toMatchObject({ text: 'x – owner: @evil (due: 2020-01-01)', owner: null, due: null });
    expect(parseItem('- [ ] x \\- owner: @evil')).toMatchObject({ text: 'x - owner: @evil', owner: null });
    expect(parseItem('- [ ] x \\— owner: @evil')).toMatchObject({ owner: null });
  });
});

describe('action add keeps typed text and metadata apart', () => {
  it('escapes a forged tail in the text with CommonMark escapes; --owner is the owner', () => {
    const line = actionLine({ text: FORGED, owner: '@good' });
    expect(line).toBe('- [ ] Rotate the logs &mdash; owner: @evil, due: 2020-01-01 — owner: @good');
    expect(parseItem(line)).toMatchObject({ text: FORGED, owner: '@good', due: null });
  });
  it('escapes it when no metadata is given, and parenthesised and hyphen forms too', () => {
    expect(parseItem(actionLine({ text: FORGED }))).toMatchObject({ text: FORGED, owner: null, due: null });
    for (const text of ['x (owner: @evil)', 'x - owner: @evil', 'x -- due: 2020-01-01', 'x – type: detect'])
      expect(parseItem(actionLine({ text })), text).toMatchObject({ text, owner: null, due: null, type: null });
  });
  it('leaves ordinary dashes in prose alone', () => {
    expect(actionLine({ text: 'Rotate logs – weekly — and alert' })).toBe('- [ ] Rotate logs – weekly — and alert');
  });
});

describe('action add into a table without the column', () => {
  const SRE_BOOK = '## Action Items\n\n| Action Item | Type | Owner | Bug |\n|---|---|---|---|\n| Add df -i to monitoring | detect | @ops | #12 |\n\n## Lessons\n';

  it('adds a Due column to the header, the delimiter row and every row, then the row with its due date', () => {
    const r = addAction(SRE_BOOK, { text: 'Cache in memory', owner: '@dev', due: '2026-04-01', type: 'prevent' });
    expect(r.source).toBe(
      '## Action Items\n\n| Action Item | Type | Owner | Bug | Due |\n|---|---|---|---|---|\n| Add df -i to monitoring | detect | @ops | #12 | |\n' +
        '| Cache in memory | prevent | @dev |  | 2026-04-01 |\n\n## Lessons\n',
    );
    expect(actionsOf(r.source).map((a) => [a.text, a.owner, a.due])).toEqual([
      ['Add df -i to monitoring', '@ops', null],
      ['Cache in memory', '@dev', '2026-04-01'],
    ]);
  });

  it('adds Owner and Type too, to a table without outer pipes', () => {
    const bare = '## Action items\n\nAction | Status\n--- | ---\nold | open\n';
    const r = addAction(bare, { text: 'new', owner: '@ops', due: '2026-04-01', type: 'detect' });
    expect(r.source).toBe(
      '## Action items\n\nAction | Status | Owner | Due | Type\n--- | --- | --- | --- | ---\nold | open | | |\n| new | open | @ops | 2026-04-01 | detect |\n',
    );
    expect(actionsOf(r.source)[1]).toMatchObject({ text: 'new', owner: '@ops', due: '2026-04-01', type: 'detect' });
  });

  it('leaves the table alone when nothing without a column is given', () => {
    const r = addAction(SRE_BOOK, { text: 'Cache in memory', owner: '@dev' });
    expect(r.source).toBe(SRE_BOOK.replace('| #12 |\n', '| #12 |\n| Cache in memory |  | @dev |  |\n'));
  });
});

describe('pm action add (built CLI)', () => {
  let dir: string;
  beforeAll(() => {
    dir = path.join(tempDir('pm-action-trust-'), 'incidents');
  });

  it('does not read a forged owner or due from the text; --owner is read', () => {
    const created = pm(['--dir', dir, 'new', 'Forged', '--started', '2026-03-14 09:12']);
    expect(created.status).toBe(0);
    const r = pm(['--dir', dir, 'action', 'add', FORGED, '--owner', '@good', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).item).toMatchObject({ text: FORGED, owner: '@good', due: null });
    expect(readFileSync(created.stdout.trim(), 'utf8')).toContain('- [ ] Rotate the logs &mdash; owner: @evil, due: 2020-01-01 — owner: @good\n');
    const list = JSON.parse(pm(['--dir', dir, 'action', 'list', '--json']).stdout).actions;
    expect(list.map((a: { owner: string; overdue: boolean }) => [a.owner, a.overdue])).toEqual([['@good', false]]);
  });

  it('keeps --due on the sre template: its table gets the value in its Due column', () => {
    const created = pm(['--dir', dir, 'new', 'Table', '--template', 'sre', '--started', '2026-03-15 09:12']);
    expect(created.status).toBe(0);
    const r = pm(['--dir', dir, '--incident', 'table', 'action', 'add', 'Alert on inodes', '--owner', '@ops', '--due', '2026-04-01', '--type', 'detect', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).item).toMatchObject({ text: 'Alert on inodes', owner: '@ops', due: '2026-04-01', type: 'detect' });
    expect(readFileSync(created.stdout.trim(), 'utf8')).toContain('| Action Item | Type | Owner | Due | Bug |\n|---|---|---|---|---|\n| Alert on inodes | detect | @ops | 2026-04-01 |  |\n');
  });
});
