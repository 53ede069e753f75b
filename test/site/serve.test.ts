import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileFor, isLoopback, withReload } from '../../src/site/serve.js';
import { tempDir } from '../helpers.js';

describe('the preview server', () => {
  it('adds the reload script to HTML as served, before </head>', () => {
    expect(withReload('<html><head><title>x</title></head><body></body></html>')).toBe(
      '<html><head><title>x</title><script src="/__postmortem/reload.js" defer></script></head><body></body></html>',
    );
  });
  it('warns for every address but loopback', () => {
    expect(['127.0.0.1', '127.0.0.2', '::1', 'localhost'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '::', '192.168.1.5', 'example.org'].map(isLoopback)).toEqual([false, false, false, false]);
  });
  it('serves only files inside the site: no traversal, no NUL, no symlink out', () => {
    const root = tempDir('pm-serve-');
    const site = path.join(root, 'site');
    mkdirSync(path.join(site, 'tags'), { recursive: true });
    writeFileSync(path.join(site, 'index.html'), 'home');
    writeFileSync(path.join(site, 'tags', 'index.html'), 'tags');
    writeFileSync(path.join(root, 'secret.txt'), 'secret');
    symlinkSync(path.join(root, 'secret.txt'), path.join(site, 'link.txt'));
    expect(fileFor(site, '/')).toBe(path.join(site, 'index.html'));
    expect(fileFor(site, '/tags/')).toBe(path.join(site, 'tags', 'index.html'));
    expect(fileFor(site, '/tags/index.html?x=1#top')).toBe(path.join(site, 'tags', 'index.html'));
    for (const bad of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/link.txt', '/index.html%00.txt', '/%E0%A4%A', '/nothing.html'])
      expect(fileFor(site, bad), bad).toBeNull();
  });
});
