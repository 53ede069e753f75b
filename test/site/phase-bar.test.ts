import { afterEach, describe, expect, it } from 'vitest';
import { useLang } from '../../src/site/i18n/labels.js';
import { phaseBar, phases } from '../../src/site/phase-bar.js';

const MIN = 60_000;
const H = 60 * MIN;
const stamps = { started: '2026-03-11T22:40:00+01:00', detected: '2026-03-12T07:55:00+01:00', mitigated: '2026-03-15T11:05:00+01:00', resolved: '2026-03-15T14:30:00+01:00' };
// the seed's incident: 9 h 15 min unnoticed, 3 d 3 h to mitigate, 3 h 25 min more to resolve
const seed = { toDetect: 9 * H + 15 * MIN, toMitigate: 84 * H + 25 * MIN, toResolve: 87 * H + 50 * MIN };

describe('phases', () => {
  it('splits started → detected → mitigated → resolved to scale', () => {
    const p = phases(seed, stamps)!;
    expect(p.totalMs).toBe(seed.toResolve);
    expect(p.segments.map((s) => `${s.from}→${s.to}`)).toEqual(['started→detected', 'detected→mitigated', 'mitigated→resolved']);
    expect(p.segments.map((s) => s.endMs - s.startMs)).toEqual([9 * H + 15 * MIN, 75 * H + 10 * MIN, 3 * H + 25 * MIN]);
    expect(p.segments.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 10);
    expect(p.segments[1]!.share).toBeCloseTo((75 * H + 10 * MIN) / seed.toResolve, 10);
    expect(p.skipped).toEqual([]);
  });

  it('joins the neighbours of a missing mark', () => {
    const p = phases({ toDetect: null, toMitigate: 30 * MIN, toResolve: 2 * H }, { ...stamps, detected: null })!;
    expect(p.segments.map((s) => `${s.from}→${s.to} ${s.share}`)).toEqual(['started→mitigated 0.25', 'mitigated→resolved 0.75']);
  });

  it('leaves out a mark that is before the one before it, and says so', () => {
    // detected typed a day early: time would run backwards
    const p = phases({ toDetect: -24 * H, toMitigate: H, toResolve: 2 * H }, stamps)!;
    expect(p.segments.map((s) => s.to)).toEqual(['mitigated', 'resolved']);
    expect(p.skipped).toEqual(['detected']);
    const q = phases({ toDetect: 2 * H, toMitigate: H, toResolve: 3 * H }, stamps)!;
    expect(q.segments.map((s) => `${s.from}→${s.to}`)).toEqual(['started→detected', 'detected→resolved']);
    expect(q.skipped).toEqual(['mitigated']);
  });

  it('draws nothing without a start, without a later mark, or when all is one instant', () => {
    expect(phases(seed, { ...stamps, started: null })).toBeNull();
    expect(phases({ toDetect: null, toMitigate: null, toResolve: null }, { started: stamps.started, detected: null, mitigated: null, resolved: null })).toBeNull();
    expect(phases({ toDetect: 0, toMitigate: 0, toResolve: 0 }, stamps)).toBeNull();
    expect(phaseBar(seed, { ...stamps, started: null })).toBe('');
  });
});

describe('phaseBar', () => {
  afterEach(() => {
    useLang('en');
  });

  it('draws rects whose widths follow the durations, with the words as a list', () => {
    const html = phaseBar(seed, stamps);
    const widths = [...html.matchAll(/<rect class="phase-(\w+)" x="([\d.]+)" width="([\d.]+)"/g)].map((m) => [m[1], Number(m[2]), Number(m[3])] as const);
    expect(widths.map((w) => w[0])).toEqual(['detected', 'mitigated', 'resolved']);
    expect(widths.reduce((a, w) => a + w[2], 0)).toBeCloseTo(1000, 0);
    // 9 h 15 of 87 h 50: a tenth of the bar; the rects touch
    expect(widths[0]![2]).toBeCloseTo((1000 * (9 * H + 15 * MIN)) / seed.toResolve, 0);
    expect(widths[1]![1]).toBeCloseTo(widths[0]![2], 1);
    // the SVG is hidden from assistive technology; the list says the same in words
    expect(html).toContain('aria-hidden="true"');
    const words = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(words).toContain('Detected after 9 h 15 min');
    expect(words).toContain('Mitigated 3 d 3 h later');
    expect(words).toContain('Resolved 3 h 25 min later');
    expect(words).toContain('3 d 15 h from start');
    // CSP (style-src 'self') drops inline styles: the bar must not need them
    expect(html).not.toMatch(/style=/);
  });

  it('gives a phase of seconds in a long incident a sliver the eye can find', () => {
    const html = phaseBar({ toDetect: 5000, toMitigate: 10 * 24 * H, toResolve: 10 * 24 * H + 1000 }, stamps);
    const widths = [...html.matchAll(/width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(5);
  });

  it('names the left-out mark, and speaks German with --lang de', () => {
    expect(phaseBar({ toDetect: -H, toMitigate: H, toResolve: 2 * H }, stamps)).toContain('Not drawn (set, but not after the phase before): Detected');
    useLang('de');
    const words = phaseBar(seed, stamps).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(words).toContain('Phasen');
    expect(words).toContain('Erkannt nach 9 h 15 min');
    expect(words).toContain('Behoben 3 h 25 min später');
  });
});
