// The captured-file writer never overwrites: a name already taken, also by a writer a moment ago,
// gets the next number.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCaptured } from '../../src/incidents/captured.js';
import { redact } from '../../src/redact/redact.js';
import { tempDir } from '../helpers.js';

describe('writeCaptured', () => {
  it('numbers a taken name (_2, _3) instead of replacing the file', () => {
    const dir = tempDir('pm-captured-');
    const ref = { id: 'x', dir, file: path.join(dir, 'postmortem.md') };
    const names = [1, 2, 3].map((k) => writeCaptured(ref, 'evidence', redact('2026-03-14T09-12-03Z-df-i.txt'), redact(`run ${k}\n`)).name);
    expect(names).toEqual(['2026-03-14T09-12-03Z-df-i.txt', '2026-03-14T09-12-03Z-df-i_2.txt', '2026-03-14T09-12-03Z-df-i_3.txt']);
    expect(readdirSync(path.join(dir, 'evidence')).sort()).toEqual(names.slice().sort());
    names.forEach((n, k) => expect(readFileSync(path.join(dir, 'evidence', n), 'utf8')).toBe(`run ${k + 1}\n`));
  });
});
