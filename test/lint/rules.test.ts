import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/doc/parse.js';
import { lint } from '../../src/lint/lint.js';
import { ROOT } from '../helpers.js';

const EXAMPLE = readFileSync(path.join(ROOT, 'incidents/2026-03-14-blog-inode-quota/postmortem.md'), 'utf8');
const check = (src: string) => lint(parseDocument(src, 'p.md')).map((d) => `${d.line} ${d.rule}: ${d.message}`);
const lineOf = (src: string, needle: string) => src.slice(0, src.indexOf(needle)).split('\n').length;

describe('lint on the worked example', () => {
  it('passes untouched', () => expect(check(EXAMPLE)).toEqual([]));

  // Each broken copy must produce exactly the expected diagnostic, at the right line.
  const cases: [string, (s: string) => string, string, RegExp][] = [
    ['required-sections', (s) => s.replace('## Fix\n', '## Repairs done\n'), '', /Missing section "Fix"/],
    ['no-placeholder', (s) => s.replace(/## TL;DR\n[\s\S]*?## Impact/, '## TL;DR\n\n<!-- write me -->\n\n## Impact'), '## TL;DR', /"TL;DR" is empty/],
    ['no-placeholder', (s) => s.replace(/## Fix\n[\s\S]*?## Prevention/, '## Fix\n\nTODO\n\n## Prevention'), '## Fix', /template placeholder/],
    ['front-matter', (s) => s.replace('severity: SEV2', 'severity: high'), 'severity:', /Unexpected severity "high", expected one of SEV1/],
    ['front-matter', (s) => s.replace('status: resolved', 'status: done'), 'status:', /Unexpected status "done"/],
    ['front-matter', (s) => s.replace(/^title: .*\n/m, ''), '', /Missing front matter field "title"/],
    ['date-format', (s) => s.replace('detected: 2026-03-12T07:55:00+01:00', 'detected: 2026-03-12 07:55'), 'detected:', /lacks a UTC offset/],
    ['date-order', (s) => s.replace('mitigated: 2026-03-15T11:05:00+01:00', 'mitigated: 2026-03-11T11:05:00+01:00'), 'mitigated:', /^Unexpected mitigated 2026-03-11T11:05:00\+01:00 before started 2026-03-11T22:40:00\+01:00, expected started <= detected/],
    ['timeline-dates', (s) => s.replace('- **2026-03-13 18:45 +01:00**', '- **18:45**'), '- **18:45**', /lacks a full date/],
    ['timeline-order', (s) => s.replace('- **2026-03-14 11:40 +01:00**', '- **2026-03-13 11:40 +01:00**'), '- **2026-03-13 11:40', /earlier than the one before/],
    ['hypothesis-status', (s) => s.replace('- **H3** confirmed —', '- **H3** —').replace(/\n  Confirmed 2026-03-15[^\n]*/, ''), '- **H3**', /H3 has no status/],
    ['hypothesis-status', (s) => s.replace(/\n  Rejected 2026-03-14 11:40[^\n]*/, ''), '- **H2**', /H2 is rejected without a reason/],
    ['action-owner', (s) => s.replace(' — owner: @heimwerker, due: 2026-05-01, type: prevent', ''), 'On the new host', /item 4 has no owner/],
  ];
  it.each(cases)('%s', (rule, breakIt, at, message) => {
    const broken = breakIt(EXAMPLE);
    expect(broken).not.toBe(EXAMPLE);
    const found = lint(parseDocument(broken, 'p.md'));
    expect(found.map((d) => d.rule)).toEqual([rule]);
    expect(found[0]!.message).toMatch(message);
    if (at) expect(found[0]!.line).toBe(lineOf(broken, at));
  });

  it('resolved-has-cause: a resolved incident with neither a confirmed hypothesis nor a root cause', () => {
    const broken = EXAMPLE.replace('- **H3** confirmed —', '- **H3** open —').replace(/## Root cause\n[\s\S]*?## Fix/, '## Root cause\n\n## Fix');
    const rules = lint(parseDocument(broken, 'p.md')).map((d) => d.rule);
    expect(rules).toContain('resolved-has-cause');
  });
});

describe('lint on foreign documents', () => {
  it('gives messages, not a crash, for a document with other front matter and headings', () => {
    const src = '---\nlayout: post\ndate: 2019-01-01\n---\n\n## Background\n\nSomething.\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| 14:51 UTC | Alarm |\n';
    const d = lint(parseDocument(src, 'f.md'));
    expect(d.map((x) => x.rule)).toEqual(expect.arrayContaining(['front-matter', 'required-sections', 'timeline-dates']));
  });
  it('handles a document with no front matter and no headings', () => {
    expect(lint(parseDocument('just text\n', 'f.md')).length).toBeGreaterThan(0);
  });
});
