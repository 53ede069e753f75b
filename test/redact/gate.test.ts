// The gate is structural: only src/redact makes a Redacted, and the low-level writers are reached
// only through the paths that demand one. A new capture path that writes captured text some other
// way fails here, not in a published postmortem.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const SRC = path.join(ROOT, 'src');
const sources = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f.split(path.sep).join('/'), text: readFileSync(path.join(SRC, f), 'utf8') }));

describe('the redaction gate', () => {
  it('is the only module that makes a Redacted', () => {
    const forging = sources.filter((s) => !s.file.startsWith('redact/') && /\bas\s+Redacted\b|\bas unknown as Redacted\b/.test(s.text)).map((s) => s.file);
    expect(forging).toEqual([]);
  });

  it('guards every writer of captured text with the Redacted type', () => {
    const signature = (file: string, fn: string) => new RegExp(`export function ${fn}\\([^)]*:\\s*Redacted`).test(sources.find((s) => s.file === file)!.text);
    expect(signature('incidents/captured.ts', 'writeCaptured')).toBe(true);
    expect(signature('doc/edit.ts', 'addTimelineEntry')).toBe(true);
    expect(signature('doc/edit.ts', 'appendToSection')).toBe(true);
    expect(sources.find((s) => s.file === 'commands/log.ts')!.text).toMatch(/export async function logEntry\([^)]*text: Redacted/);
    // export --textfile: label values are the machine's words (commands, cgroups, destinations)
    expect(signature('prom/textfile.ts', 'writeTextfile')).toBe(true);
  });

  it('leaves the atomic writer to the gated paths, the document update, the template copy and the build state', () => {
    const users = sources.filter((s) => /\bwriteFileAtomic\b/.test(s.text) && s.file !== 'util/atomic.ts').map((s) => s.file).sort();
    // site/build.ts writes the build's own state (hashes, file names) to the user's cache folder
    expect(users).toEqual(['commands/new.ts', 'doc/update.ts', 'incidents/captured.ts', 'prom/textfile.ts', 'site/build.ts']);
  });

  it('sits at the snapshot engine\'s exit: every probe\'s data and findings', () => {
    expect(sources.find((s) => s.file === 'snapshot/run.ts')!.text).toMatch(/return redactValue\(\{ findings/);
  });
});
