import { describe, expect, it } from 'vitest';
import { addAction, actionsOf, markActionDone } from '../../src/doc/edit-action.js';
import { findKey, setFrontMatterKey, yamlScalar } from '../../src/doc/edit-frontmatter.js';
import { addHypothesis, hypothesesOf, setHypothesisStatus } from '../../src/doc/edit-hypothesis.js';
import { parseDocument } from '../../src/doc/parse.js';

process.env.TZ = 'Europe/Berlin';
const t = (s: string) => new Date(s);

describe('setFrontMatterKey: one key, edited as text', () => {
  const doc = [
    '---',
    'id: x',
    'title: "Blog down" # keep this comment',
    'status: investigating   # set by hand',
    'tags:',
    '  - inodes',
    '  - container',
    '# a comment line between keys',
    'services: [blog]',
    '---',
    '',
    '# Body',
    '',
  ].join('\n');

  it('replaces a scalar and keeps its trailing comment and every other line', () => {
    const out = setFrontMatterKey(doc, 'status', 'resolved');
    expect(out).toBe(doc.replace('status: investigating   # set by hand', 'status: resolved   # set by hand'));
  });

  it('replaces a block list by a flow list, leaving the comment line after it', () => {
    const out = setFrontMatterKey(doc, 'tags', ['a b', 'c,d']);
    expect(out).toBe(doc.replace('tags:\n  - inodes\n  - container', 'tags: [a b, "c,d"]'));
    expect(parseDocument(out, 'x.md').meta.tags).toEqual(['a b', 'c,d']);
  });

  it('appends a missing key at the end of the block', () => {
    const out = setFrontMatterKey(doc, 'resolved', '2026-03-15T14:30:00+01:00');
    expect(out).toBe(doc.replace('services: [blog]\n---', 'services: [blog]\nresolved: 2026-03-15T14:30:00+01:00\n---'));
    expect(parseDocument(out, 'x.md').meta.resolved).toBe('2026-03-15T14:30:00+01:00');
  });

  it('quotes values YAML would read differently', () => {
    expect(yamlScalar('resolved')).toBe('resolved');
    expect(yamlScalar('true')).toBe('"true"');
    expect(yamlScalar('SEV2')).toBe('SEV2');
    expect(yamlScalar('a: b')).toBe('"a: b"');
    expect(yamlScalar('# not a comment')).toBe('"# not a comment"');
    expect(yamlScalar('@ops')).toBe('"@ops"');
    const out = setFrontMatterKey(doc, 'title', 'Blog: down # again');
    expect(parseDocument(out, 'x.md').meta.title).toBe('Blog: down # again');
  });

  it('creates a front matter block when there is none, and keeps CRLF line ends', () => {
    expect(setFrontMatterKey('# T\n', 'status', 'mitigated')).toBe('---\nstatus: mitigated\n---\n# T\n');
    const crlf = '---\r\nid: x\r\nstatus: investigating\r\n---\r\n# T\r\n';
    expect(setFrontMatterKey(crlf, 'status', 'resolved')).toBe(crlf.replace('investigating', 'resolved'));
    expect(setFrontMatterKey(crlf, 'severity', 'SEV1')).toBe('---\r\nid: x\r\nstatus: investigating\r\nseverity: SEV1\r\n---\r\n# T\r\n');
  });

  it('finds only top-level keys', () => {
    const src = '---\nmeta:\n  status: nested\nstatus: top\n---\n';
    const span = findKey(src, 4, src.indexOf('---', 4), 'status')!;
    expect(src.slice(span.valueStart, span.valueEnd)).toBe(' top');
  });

  it('refuses to produce front matter that changes other keys', () => {
    // A duplicate key: changing one would silently change what the other means.
    expect(() => setFrontMatterKey('---\nstatus: a\nstatus: b\n---\n', 'status', 'resolved')).toThrow();
  });
});

describe('hypotheses: the seed story', () => {
  const start = '# Blog flaky\n\n## Timeline\n\n- **2026-03-12 07:55 +01:00** — Uptime alarm.\n\n## Root cause\n\nTBD\n';

  it('adds H1..H3, rejects two with reasons and confirms the third', () => {
    let src = start;
    for (const text of ["The hoster's announced maintenance broke something.", 'The MTA is choking on spam and uses up sockets.', 'A container resource limit is exhausted.'])
      src = addHypothesis(src, text).source;
    expect(hypothesesOf(src).map((h) => [h.n, h.status])).toEqual([[1, 'open'], [2, 'open'], [3, 'open']]);
    // The section is created in canonical order: after Timeline, before Root cause.
    expect(src.indexOf('## Hypotheses')).toBeGreaterThan(src.indexOf('## Timeline'));
    expect(src.indexOf('## Hypotheses')).toBeLessThan(src.indexOf('## Root cause'));

    src = setHypothesisStatus(src, 1, 'rejected', t('2026-03-13T18:20:00+01:00'), 'maintenance ends within hours; this went on for days').source;
    src = setHypothesisStatus(src, 2, 'rejected', t('2026-03-14T11:40:00+01:00'), 'the failures went on with postfix stopped').source;
    src = setHypothesisStatus(src, 3, 'confirmed', t('2026-03-15T09:50:00+01:00'), null).source;

    expect(src).toContain(
      [
        '- **H1** rejected — The hoster\'s announced maintenance broke something.',
        '  Rejected 2026-03-13 18:20 +01:00: maintenance ends within hours; this went on for days',
        '- **H2** rejected — The MTA is choking on spam and uses up sockets.',
        '  Rejected 2026-03-14 11:40 +01:00: the failures went on with postfix stopped',
        '- **H3** confirmed — A container resource limit is exhausted.',
        '  Confirmed 2026-03-15 09:50 +01:00',
      ].join('\n'),
    );
    const hs = parseDocument(src, 'x.md').hypotheses;
    expect(hs.map((h) => [h.n, h.status, h.reason, h.at])).toEqual([
      [1, 'rejected', 'maintenance ends within hours; this went on for days', '2026-03-13 18:20 +01:00'],
      [2, 'rejected', 'the failures went on with postfix stopped', '2026-03-14 11:40 +01:00'],
      [3, 'confirmed', null, '2026-03-15 09:50 +01:00'],
    ]);
  });

  it('handles hypotheses written by hand: no status, numbered list, plain items', () => {
    const src = '## Investigation\n\n1. **H1**: spam flood\n2. **H2** — DNS\n\n## Fix\n';
    let out = setHypothesisStatus(src, 1, 'rejected', t('2026-03-14T11:40:00+01:00'), 'MTA stopped, still failing').source;
    out = setHypothesisStatus(out, 2, 'confirmed', t('2026-03-14T12:00:00+01:00'), 'dig fails').source;
    expect(out).toBe(
      '## Investigation\n\n1. **H1**: rejected — spam flood\n   Rejected 2026-03-14 11:40 +01:00: MTA stopped, still failing\n2. **H2** confirmed — DNS\n   Confirmed 2026-03-14 12:00 +01:00: dig fails\n\n## Fix\n',
    );
    const plain = '## Theories\n\n- hoster maintenance\n- spam';
    const p = setHypothesisStatus(plain, 2, 'rejected', t('2026-03-14T11:40:00+01:00'), 'no').source;
    expect(p).toBe('## Theories\n\n- hoster maintenance\n- **H2** rejected — spam\n  Rejected 2026-03-14 11:40 +01:00: no');
    expect(hypothesesOf(p)[1]).toMatchObject({ n: 2, status: 'rejected', reason: 'no' });
  });

  it('a change of mind keeps the earlier reason line', () => {
    let src = addHypothesis('## Hypotheses\n', 'disk full').source;
    src = setHypothesisStatus(src, 1, 'rejected', t('2026-03-14T10:00:00+01:00'), 'df shows 50 %').source;
    src = setHypothesisStatus(src, 1, 'confirmed', t('2026-03-15T10:00:00+01:00'), 'df -i shows 100 %').source;
    expect(src).toContain('- **H1** confirmed — disk full\n  Rejected 2026-03-14 10:00 +01:00: df shows 50 %\n  Confirmed 2026-03-15 10:00 +01:00: df -i shows 100 %\n');
    expect(hypothesesOf(src)[0]).toMatchObject({ status: 'confirmed', reason: 'df -i shows 100 %' });
  });

  it('names the hypothesis that does not exist', () => {
    expect(() => setHypothesisStatus('## Hypotheses\n', 4, 'rejected', new Date(), 'x', 'pm.md')).toThrow(/no hypothesis H4/);
  });
});

describe('actions', () => {
  it('adds task items with owner, due and type, and ticks them off', () => {
    let src = '# X\n\n## Prevention\n\n- [x] Switch off the object cache — owner: @me\n';
    const added = addAction(src, { text: 'Alert when inode use passes 80 %', owner: '@ops', due: '2026-04-01', type: 'detect' });
    expect(added.n).toBe(2);
    src = added.source;
    expect(src).toBe('# X\n\n## Prevention\n\n- [x] Switch off the object cache — owner: @me\n- [ ] Alert when inode use passes 80 % — owner: @ops, due: 2026-04-01, type: detect\n');
    expect(actionsOf(src)[1]).toMatchObject({ n: 2, done: false, owner: '@ops', due: '2026-04-01', type: 'detect' });
    const done = markActionDone(src, 2);
    expect(done.source).toBe(src.replace('- [ ] Alert', '- [x] Alert'));
    expect(markActionDone(done.source, 2).source).toBe(done.source); // already done: unchanged
  });

  it('adds a row to an action-item table (Google SRE template) and marks a status column done', () => {
    const src = '## Action Items\n\n| Action Item | Type | Owner | Status |\n|---|---|---|---|\n| Add df -i to monitoring | detect | @ops | open |\n\n## Lessons\n';
    const added = addAction(src, { text: 'Cache | in memory', owner: '@dev', type: 'prevent' });
    expect(added.source).toBe(src.replace('| open |\n', '| open |\n| Cache \\| in memory | prevent | @dev | open |\n'));
    expect(added.n).toBe(2);
    const done = markActionDone(added.source, 1).source;
    expect(done).toContain('| Add df -i to monitoring | detect | @ops | done |');
    expect(actionsOf(done).map((a) => a.done)).toEqual([true, false]);
  });

  it('fills an empty template table and creates the section when missing', () => {
    const empty = '## Action Items\n\n| Action Item | Type | Owner | Bug |\n|---|---|---|---|\n\n## Lessons Learned\n';
    expect(addAction(empty, { text: 'Alert on inodes', owner: '@ops', type: 'detect' }).source).toContain('|---|---|---|---|\n| Alert on inodes | detect | @ops |  |\n\n## Lessons');
    const none = addAction('# T\n\n## Lessons learned\n\nx\n', { text: 'Alert on inodes' }).source;
    expect(none).toBe('# T\n\n## Prevention\n\n- [ ] Alert on inodes\n\n## Lessons learned\n\nx\n');
  });
});
