import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pm, ROOT, tempDir } from '../helpers.js';

describe('postmortem new / list / show / check (built CLI)', () => {
  let dir: string;
  beforeAll(() => {
    dir = path.join(tempDir(), 'incidents');
  });

  it('new creates a dated, ASCII-slugged incident from each template and prints its path', () => {
    for (const template of ['default', 'sre', 'blog']) {
      const r = pm(['--dir', dir, 'new', 'Blog down: Überlauf der Inode-Quota', '--template', template, '--severity', 'sev2', '--tags', 'inodes, container', '--started', '2026-03-14 09:12']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toMatch(/2026-03-14-blog-down-ueberlauf-der-inode-quota(-\d)?\/postmortem\.md$/);
      const text = readFileSync(r.stdout.trim(), 'utf8');
      expect(text).toContain('title: "Blog down: Überlauf der Inode-Quota"');
      expect(text).toContain('started: 2026-03-14T09:12:00+01:00');
      expect(text).toContain('tags: ["inodes","container"]');
      expect(text).not.toMatch(/\{\{/);
    }
    expect(readdirSync(dir).sort()).toEqual([
      '2026-03-14-blog-down-ueberlauf-der-inode-quota',
      '2026-03-14-blog-down-ueberlauf-der-inode-quota-2',
      '2026-03-14-blog-down-ueberlauf-der-inode-quota-3',
    ]);
  });

  it('no title places a file outside the incidents folder', () => {
    const r = pm(['--dir', dir, 'new', '../../../etc/evil', '--started', '2026-01-01 00:00']);
    expect(r.status).toBe(0);
    expect(path.dirname(path.dirname(path.resolve(r.stdout.trim())))).toBe(dir);
    expect(r.stdout).toContain('2026-01-01-etc-evil');
  });

  it('list and show report the model as JSON', () => {
    const list = JSON.parse(pm(['--dir', dir, 'list', '--json']).stdout);
    expect(list).toHaveLength(4);
    expect(list[0]).toMatchObject({ status: 'investigating', severity: 'SEV2' });
    const show = JSON.parse(pm(['--dir', dir, 'show', '2026-03-14-blog-down-ueberlauf-der-inode-quota-3', '--json']).stdout);
    expect(show.meta.title).toBe('Blog down: Überlauf der Inode-Quota');
    expect(show.sections.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['tldr', 'timeline', 'hypotheses', 'root-cause', 'fix', 'prevention']));
    expect(show.timeline[0]).toMatchObject({ at: '2026-03-14T09:12:00+01:00', line: expect.any(Number) });
    expect(show.durations).toEqual({ toDetect: 0, toMitigate: null, toResolve: null });
  });

  it('the active incident is the newest not resolved', () => {
    const show = JSON.parse(pm(['--dir', dir, 'show', '--json']).stdout);
    expect(show.id).toBe('2026-03-14-blog-down-ueberlauf-der-inode-quota-3');
  });

  it('check passes on the bundled worked example and fails a fresh template with exit 1', () => {
    const ok = pm(['check', 'incidents']);
    expect(ok.stdout).toContain('no problems');
    expect(ok.status).toBe(0);
    const bad = pm(['--dir', dir, 'check', '--json']);
    expect(bad.status).toBe(1);
    const report = JSON.parse(bad.stdout);
    expect(report.errors).toBeGreaterThan(0);
    expect(report.diagnostics[0]).toMatchObject({ file: expect.stringContaining('postmortem.md'), line: expect.any(Number), column: 1, severity: 'error', rule: expect.any(String) });
    const text = pm(['--dir', dir, 'check']).stdout;
    expect(text).toMatch(/postmortem\.md:\d+:1  error  .+  no-placeholder/);
  });
});

describe('bad input: one line, exit code, nothing written', () => {
  const mk = (content: string | Buffer) => {
    const d = path.join(tempDir(), 'incidents', '2026-01-01-x');
    mkdirSync(d, { recursive: true });
    writeFileSync(path.join(d, 'postmortem.md'), content);
    return path.dirname(d);
  };
  const oneLine = (r: { stderr: string }) => {
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  };

  it.each([
    ['invalid YAML', '---\ntitle: [x\n---\n# x\n', /postmortem\.md:[23]: invalid YAML/],
    ['---js front matter', '---js\n{ title: process.exit(7) }\n---\n', /postmortem\.md:1: front matter in "js" is not allowed/],
    ['empty file', '', /postmortem\.md: file is empty/],
    ['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), /postmortem\.md:1: binary file/],
    ['Latin-1', Buffer.from('---\ntitle: \xdcberlauf\n---\n', 'latin1'), /postmortem\.md:2: not valid UTF-8/],
  ])('%s: show exits 1 naming file and line', (_n, content, message) => {
    const dir = mk(content);
    const r = pm(['--dir', dir, 'show', '2026-01-01-x']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    oneLine(r);
  });

  it('check reports unreadable files as errors and goes on', () => {
    const dir = mk('---js\n{}\n---\n');
    const r = pm(['--dir', dir, 'check']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/postmortem\.md:1:1  error  front matter in "js" is not allowed.*parse/);
  });

  it('missing incidents folder, unknown id, bad id, unknown template, bad severity, unknown command', () => {
    const nowhere = path.join(tempDir(), 'none');
    let r = pm(['--dir', nowhere, 'list']);
    expect([r.status, r.stderr]).toEqual([1, expect.stringMatching(/^postmortem: no incidents yet: .*none does not exist/)]);
    oneLine(r);
    const dir = mk('---\ntitle: x\n---\n');
    r = pm(['--dir', dir, 'show', 'nope']);
    expect([r.status, r.stderr]).toEqual([1, expect.stringMatching(/no incident "nope"/)]);
    r = pm(['--dir', dir, '--incident', '../x', 'show']);
    expect(r.status).toBe(2);
    r = pm(['--dir', dir, 'new', 'x', '--template', 'nope']);
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/unknown template "nope"/)]);
    r = pm(['--dir', dir, 'new', 'x', '--severity', 'SEV9']);
    expect(r.status).toBe(2);
    expect(existsSync(path.join(dir, 'x'))).toBe(false);
    r = pm(['frobnicate']);
    expect(r.status).toBe(2);
  });
});

it('README quick start commands exist in package.json', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.scripts.start).toBeTruthy();
  expect(pkg.scripts.test).toContain('vitest run');
});
