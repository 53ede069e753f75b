// Issue 10 ("Trust"): bad input from a new user's first hour is reported, never silently accepted.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/doc/parse.js';
import { lint } from '../../src/lint/lint.js';
import { pm, ROOT, tempDir } from '../helpers.js';

const EXAMPLE = readFileSync(path.join(ROOT, 'incidents/2026-03-14-blog-inode-quota/postmortem.md'), 'utf8');
const lineOf = (src: string, needle: string) => src.slice(0, src.indexOf(needle)).split('\n').length;
/** Diagnostics of one rule, as "line severity message". */
const only = (src: string, rule: string) =>
  lint(parseDocument(src, 'p.md')).filter((d) => d.rule === rule).map((d) => `${d.line} ${d.severity} ${d.message}`);
/** Every rule that fires: a broken copy must trip exactly the rule under test. */
const rules = (src: string) => lint(parseDocument(src, 'p.md')).map((d) => d.rule);

const fm = (lines: string) => `---\ntitle: t\nseverity: SEV3\n${lines}\n---\n\n# t\n`;

describe('date-order', () => {
  it('reports resolved before started when detected and mitigated are missing', () => {
    const src = fm('status: resolved\nstarted: 2026-03-11T22:40:00+01:00\nresolved: 2026-03-10T09:00:00+01:00');
    expect(only(src, 'date-order')).toEqual([
      `${lineOf(src, 'resolved: 2026')} error Unexpected resolved 2026-03-10T09:00:00+01:00 before started 2026-03-11T22:40:00+01:00, expected started <= detected <= mitigated <= resolved`,
    ]);
  });

  it('reports resolved before started even when a wrong detected lies between them', () => {
    // detected is before started, resolved after detected: comparing neighbours alone misses resolved.
    const src = fm('status: resolved\nstarted: 2026-03-11T22:40:00+01:00\ndetected: 2026-03-01T00:00:00+01:00\nresolved: 2026-03-05T00:00:00+01:00');
    const found = only(src, 'date-order');
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^\d+ error Unexpected detected .* before started/);
    expect(found[1]).toMatch(new RegExp(`^${lineOf(src, 'resolved: 2026')} error Unexpected resolved 2026-03-05T00:00:00\\+01:00 before started`));
  });

  it('is quiet for a resolved time after started', () => {
    expect(only(fm('status: resolved\nstarted: 2026-03-11T22:40:00+01:00\nresolved: 2026-03-12T09:00:00+01:00'), 'date-order')).toEqual([]);
  });
});

describe('resolved-status', () => {
  it('warns about a resolved time on an incident that is not resolved', () => {
    const broken = EXAMPLE.replace('status: resolved', 'status: mitigated');
    expect(rules(broken)).toEqual(['resolved-status']);
    expect(only(broken, 'resolved-status')).toEqual([
      `${lineOf(broken, 'resolved: 2026')} warning Unexpected resolved time 2026-03-15T14:30:00+01:00 with status "mitigated", expected status resolved ("postmortem close") or no resolved time`,
    ]);
  });
  it('is quiet on an open incident without a resolved time', () => {
    const open = EXAMPLE.replace('status: resolved', 'status: investigating').replace(/^resolved: .*\n/m, '');
    expect(only(open, 'resolved-status')).toEqual([]);
  });
});

describe('duplicate-section', () => {
  it('warns about a second Timeline with both lines, and says its entries are not read', () => {
    const broken = EXAMPLE.replace('## Hypotheses', '## Timeline\n\n- **2026-03-20 10:00 +01:00** — Lost entry.\n\n## Hypotheses');
    const doc = parseDocument(broken, 'p.md');
    expect(doc.timeline.some((e) => e.text === 'Lost entry.')).toBe(false); // the reason for the rule
    expect(rules(broken)).toEqual(['duplicate-section']);
    const first = lineOf(broken, '## Timeline');
    const second = lineOf(broken, '## Timeline\n\n- **2026-03-20');
    expect(second).toBeGreaterThan(first);
    expect(only(broken, 'duplicate-section')).toEqual([
      `${second} warning Unexpected second "Timeline" section (first on line ${first}), expected one: only the first is read`,
    ]);
  });

  it('counts "Action items" and "Prevention" as the same section, but not a sub-heading of it', () => {
    const twice = '# t\n\n## Prevention\n\n- [ ] a — owner: @x\n\n## Action items\n\n- [ ] b — owner: @y\n';
    expect(only(twice, 'duplicate-section')).toEqual([
      '7 warning Unexpected second "Action items" section (first "Prevention" on line 3), expected one: only the first is read',
    ]);
    const nested = '# t\n\n## Prevention\n\n### Action items\n\n- [ ] b — owner: @y\n';
    expect(only(nested, 'duplicate-section')).toEqual([]);
  });

  it('leaves different headings of one kind side by side alone (SRE book: Root Causes, Trigger), not the same heading twice', () => {
    expect(only('# t\n\n## Root Causes\n\nx\n\n## Trigger\n\ny\n', 'duplicate-section')).toEqual([]);
    expect(only('# t\n\n## Impact\n\nx\n\n## Impact\n\ny\n', 'duplicate-section')).toEqual([
      '7 warning Unexpected second "Impact" section (first on line 3), expected one',
    ]);
  });

  it('is quiet on every bundled template', () => {
    for (const t of ['default', 'sre', 'blog']) {
      const src = readFileSync(path.join(ROOT, 'templates', `${t}.md`), 'utf8').replace(/\{\{\w+\}\}/g, 'x');
      expect(only(src, 'duplicate-section'), t).toEqual([]);
    }
  });
});

describe('list-string', () => {
  it('warns about tags: "a,b" and still reads it as a list for publishing', () => {
    const broken = EXAMPLE.replace('tags: [inodes, container, virtuozzo, wordpress, cache]', 'tags: "inodes,container"');
    expect(parseDocument(broken, 'p.md').meta.tags).toEqual(['inodes', 'container']);
    expect(rules(broken)).toEqual(['list-string']);
    expect(only(broken, 'list-string')).toEqual([
      `${lineOf(broken, 'tags:')} warning Unexpected string "inodes,container" for tags, expected a list like tags: [inodes, container]`,
    ]);
  });
  it('warns about a single bare value too, and not about lists or empty values', () => {
    expect(only(fm('hosts: web1\nservices: [blog]\nauthors:\ntags: []'), 'list-string')).toEqual([
      '4 warning Unexpected string "web1" for hosts, expected a list like hosts: [web1]',
    ]);
  });
});

describe('pm check (built CLI)', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('pm-check-trust-');
  });

  it('reports the new rules with file:line, as warnings (exit 0 when nothing else is wrong)', () => {
    const inc = path.join(dir, 'incidents', '2026-03-14-blog-inode-quota');
    mkdirSync(inc, { recursive: true });
    const broken = EXAMPLE.replace('status: resolved', 'status: mitigated')
      .replace('tags: [inodes, container, virtuozzo, wordpress, cache]', 'tags: "inodes,container"')
      .replace('## Hypotheses', '## Timeline\n\n- **2026-03-20 10:00 +01:00** — Lost entry.\n\n## Hypotheses');
    writeFileSync(path.join(inc, 'postmortem.md'), broken);
    const r = pm(['check', path.join(dir, 'incidents')], { cwd: dir });
    const file = 'incidents/2026-03-14-blog-inode-quota/postmortem.md';
    expect(r.stdout.split('\n')).toEqual([
      `${file}:${lineOf(broken, 'resolved: 2026')}:1  warning  Unexpected resolved time 2026-03-15T14:30:00+01:00 with status "mitigated", expected status resolved ("postmortem close") or no resolved time  resolved-status`,
      `${file}:${lineOf(broken, 'tags:')}:1  warning  Unexpected string "inodes,container" for tags, expected a list like tags: [inodes, container]  list-string`,
      expect.stringMatching(new RegExp(`^${file}:${lineOf(broken, '## Timeline\n\n- **2026-03-20')}:1  warning  Unexpected second "Timeline" section .* duplicate-section$`)),
      '⚠ 1 file checked: 0 errors, 3 warnings',
      '',
    ]);
    expect(r.status).toBe(0);
  });

  it('reports resolved before started as an error, exit 1', () => {
    const inc = path.join(dir, 'order', '2026-03-14-x');
    mkdirSync(inc, { recursive: true });
    writeFileSync(path.join(inc, 'postmortem.md'), EXAMPLE.replace('resolved: 2026-03-15T14:30:00+01:00', 'resolved: 2026-03-10T14:30:00+01:00'));
    const r = pm(['check', inc]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/postmortem\.md:9:1 {2}error {2}Unexpected resolved 2026-03-10T14:30:00\+01:00 before started .* date-order/);
  });

  it('refuses a folder with no postmortem in it: exit 1, one line naming it', () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(path.join(empty, 'notes'), { recursive: true });
    writeFileSync(path.join(empty, 'notes', 'README.md'), '# notes\n');
    const r = pm(['check', empty]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`postmortem: ${empty}: no postmortem here; expected a postmortem.md, an incident folder or an incidents folder\n`);
  });
});

describe('check: which files', () => {
  it('filesFrom refuses a folder with no postmortem, and takes incidents folders, incident folders and files', async () => {
    const { filesFrom } = await import('../../src/commands/check.js');
    const { PmError } = await import('../../src/errors.js');
    const root = tempDir('pm-check-files-');
    const inc = path.join(root, 'incidents', '2026-03-14-x');
    mkdirSync(inc, { recursive: true });
    writeFileSync(path.join(inc, 'postmortem.md'), EXAMPLE);
    mkdirSync(path.join(root, 'other'));
    const g = { dir: path.join(root, 'incidents') } as Parameters<typeof filesFrom>[1];
    const doc = path.join(inc, 'postmortem.md');
    expect(filesFrom([path.join(root, 'incidents')], g)).toEqual([doc]);
    expect(filesFrom([inc], g)).toEqual([doc]);
    expect(filesFrom([doc], g)).toEqual([doc]);
    expect(() => filesFrom([path.join(root, 'other')], g)).toThrow(PmError);
    expect(() => filesFrom([path.join(root, 'other')], g)).toThrow(/other: no postmortem here; expected a postmortem\.md, an incident folder or an incidents folder$/);
  });
});
