// The phase bar: started → detected → mitigated → resolved drawn to scale, so a reader sees at a
// glance where the time went (days unnoticed, minutes to fix, or the other way round). The widths
// are SVG attributes, not inline styles: the site's CSP (style-src 'self') drops style attributes.
// The bar is decoration for the eye; the list under it says the same in words for everyone else.
import type { Durations } from '../doc/model.js';
import { duration } from './format.js';
import { esc } from './html.js';
import { L } from './i18n/labels.js';

export type Mark = 'started' | 'detected' | 'mitigated' | 'resolved';

export interface PhaseStamps {
  started: string | null;
  detected: string | null;
  mitigated: string | null;
  resolved: string | null;
}

export interface Segment {
  /** The mark the segment ends at; its phase is named by it ("until detected"). */
  to: Exclude<Mark, 'started'>;
  from: Mark;
  /** Milliseconds from `started`. */
  startMs: number;
  endMs: number;
  /** Share of the whole bar, 0..1. */
  share: number;
}

export interface Phases {
  totalMs: number;
  segments: Segment[];
  /** Stamps that are set but could not be placed (before the previous one, or unreadable). */
  skipped: Mark[];
}

const ORDER = ['detected', 'mitigated', 'resolved'] as const;
const OFFSET: Record<(typeof ORDER)[number], keyof Durations> = { detected: 'toDetect', mitigated: 'toMitigate', resolved: 'toResolve' };

/**
 * The segments between the known marks, in order. A missing mark is skipped (its neighbours join);
 * a mark that is not after the one before (a typo in a stamp) is left out and reported, so the bar
 * never draws time running backwards. Null when there is nothing to draw: no start, or no mark
 * after it.
 */
export function phases(d: Durations, stamps: PhaseStamps): Phases | null {
  if (!stamps.started) return null;
  const segments: Omit<Segment, 'share'>[] = [];
  const skipped: Mark[] = [];
  let from: Mark = 'started';
  let at = 0;
  for (const mark of ORDER) {
    const ms = d[OFFSET[mark]];
    if (!stamps[mark]) continue;
    if (ms === null || !Number.isFinite(ms) || ms < at) {
      skipped.push(mark);
      continue;
    }
    segments.push({ from, to: mark, startMs: at, endMs: ms });
    from = mark;
    at = ms;
  }
  // everything at one instant has no scale to draw; the duration tiles already say "0 s"
  if (!segments.length || at <= 0) return null;
  return { totalMs: at, segments: segments.map((s) => ({ ...s, share: (s.endMs - s.startMs) / at })), skipped };
}

/** The bar and its words; '' when there is nothing to draw. */
export function phaseBar(d: Durations, stamps: PhaseStamps): string {
  const B = L.phaseBar;
  const p = phases(d, stamps);
  if (!p) return '';
  const W = 1000;
  // a phase of a few seconds in a multi-day incident still gets a sliver the eye can find
  const MIN = 6;
  const widths = p.segments.map((s) => Math.max(MIN, s.share * W));
  const scale = W / widths.reduce((a, b) => a + b, 0);
  let x = 0;
  const rects = p.segments
    .map((s, i) => {
      const w = widths[i]! * scale;
      const r = `<rect class="phase-${s.to}" x="${x.toFixed(1)}" width="${w.toFixed(1)}" height="12"/>`;
      x += w;
      return r;
    })
    .join('');
  // the stamps themselves are in the summary's list right below; the legend says how long each took
  const items = p.segments
    .map((s) => `<li class="phase-${s.to}"><span class="phase-key" aria-hidden="true"></span><span class="phase-name">${esc(L.phase[s.to])}</span> <span class="phase-after">${esc(B.after(duration(s.endMs - s.startMs), s.from === 'started'))}</span></li>`)
    .join('');
  return `<figure class="phase-bar">
<figcaption class="phase-title">${esc(B.title)} <span class="muted">· ${esc(B.total(duration(p.totalMs)))}</span></figcaption>
<svg class="phase-track" viewBox="0 0 ${W} 12" preserveAspectRatio="none" aria-hidden="true" focusable="false">${rects}</svg>
<ol class="phase-list">${items}</ol>
${p.skipped.length ? `<p class="phase-skipped muted">${esc(B.skipped(p.skipped.map((m) => L.phase[m]).join(', ')))}</p>` : ''}
</figure>`;
}
