// Default sources on a fixture tree, and stdin as a source.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSources } from '../../src/logs/sources.js';
import { pm, tempDir } from '../helpers.js';

describe('default sources', () => {
  it('finds the usual logs with their rotated copies, oldest first, and nothing else', () => {
    const root = tempDir();
    for (const f of ['syslog', 'syslog.1', 'syslog.2.gz', 'auth.log', 'dpkg.log', 'apache2/error.log', 'apache2/error.log.1', 'apache2/blog_error.log', 'apache2/access.log', 'nginx/error.log', 'mysql/error.log', 'php8.2-fpm.log']) {
      mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      writeFileSync(path.join(root, f), '');
    }
    const found = defaultSources(root, false);
    expect(found.warnings).toEqual([]);
    expect(found.sources.map((s) => s.name)).toEqual(['auth.log', 'syslog.2.gz', 'syslog.1', 'syslog', 'apache2/blog_error.log', 'apache2/error.log.1', 'apache2/error.log', 'nginx/error.log', 'mysql/error.log', 'php8.2-fpm.log']);
    expect(defaultSources(root, true).sources[0]).toEqual({ kind: 'journal', name: 'journal' });
  });
});

describe('a broken source', () => {
  it('is one warning naming the file; the others are still read', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'syslog.2.gz'), 'not gzip at all');
    writeFileSync(path.join(dir, 'error.log'), '2026/03/11 22:40:03 [crit] 812#812: *1 socket() failed (24: Too many open files)\n');
    const r = pm(['logs', path.join(dir, 'syslog.2.gz'), path.join(dir, 'error.log'), '--since', '2026-03-11 00:00', '--until', '2026-03-12 00:00']);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([`postmortem: ${path.join(dir, 'syslog.2.gz')}: not valid gzip (truncated?): incorrect header check`]);
    expect(r.stdout).toMatch(/1 error line in 1 shape from 1 of 2 sources/);
    expect(r.stdout).toMatch(/fds-/);
  });
});

describe('stdin', () => {
  it('reads - as a log', () => {
    const r = pm(['logs', '-', '--since', '2026-03-11 00:00', '--until', '2026-03-12 00:00', '--json'], { input: '2026/03/11 22:40:03 [crit] 812#812: *1 open() "/var/www/a.html" failed (28: No space left on device)\n' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.clusters[0]).toMatchObject({ count: 1, first: '2026-03-11T21:40:03.000Z', sources: ['-'] });
  });
});
