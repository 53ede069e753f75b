import { describe, expect, it } from 'vitest';
import { selectPlaces } from '../../src/hunt/select.js';

/** Builds parent/total arrays from "path weight" pairs (own weight; totals are summed here). */
function tree(own: Record<string, number>) {
  const paths = Object.keys(own).sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  const index = new Map(paths.map((p, i) => [p, i]));
  const parent = paths.map((p) => (p === '' ? -1 : index.get(p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '')!));
  const total = paths.map((p) => own[p]!);
  for (let i = paths.length - 1; i > 0; i--) total[parent[i]!]! += total[i]!;
  const pick = (top: number) => selectPlaces(parent, total, top).map((i) => paths[i]);
  return { pick };
}

describe('selectPlaces', () => {
  it('skips corridors and lists the folder where the files spread out', () => {
    const own: Record<string, number> = { '': 1, var: 1, 'var/www': 1, 'var/www/blog': 1, 'var/www/blog/cache': 1, 'var/www/blog/cache/object': 1, 'var/log': 200, etc: 50 };
    for (let i = 0; i < 16; i++) own[`var/www/blog/cache/object/${i}`] = 1000;
    const { pick } = tree(own);
    expect(pick(3)).toEqual(['var/www/blog/cache/object', 'var/log', 'etc']);
  });

  it('comes back to a parent for the weight outside what is already listed', () => {
    // tmp holds 500 files itself and a sub-folder of 600 spread over many folders
    const own: Record<string, number> = { '': 1, tmp: 500, 'tmp/sub': 0 };
    for (let i = 0; i < 6; i++) own[`tmp/sub/${i}`] = 100;
    const { pick } = tree(own);
    expect(pick(5)).toEqual(['tmp/sub', 'tmp']);
  });

  it('ranks a parent by the weight it adds beyond its listed child', () => {
    const own: Record<string, number> = { '': 0, p: 0, 'p/c': 0, 'p/c/sp': 0 };
    for (let i = 0; i < 10; i++) own[`p/c/sp/${i}`] = 100;
    for (let i = 0; i < 9; i++) own[`p/c/o${i}`] = 100;
    for (let i = 0; i < 9; i++) own[`p/q${i}`] = 120;
    expect(tree(own).pick(3)).toEqual(['p', 'p/c/sp', 'p/c']);
  });

  it('never lists anything below a listed folder, and stops at noise', () => {
    const own: Record<string, number> = { '': 0 };
    for (let i = 0; i < 4; i++) own[`a${i}`] = 10_000;
    own['a0/x'] = 3; // below a listed place and under the 0.1 % floor
    const { pick } = tree(own);
    const got = pick(10);
    expect(got.sort()).toEqual(['a0', 'a1', 'a2', 'a3']);
  });

  it('honours top', () => {
    const own: Record<string, number> = { '': 0 };
    for (let i = 0; i < 9; i++) own[`d${i}`] = 100 + i;
    expect(tree(own).pick(2)).toEqual(['d8', 'd7']);
  });
});
