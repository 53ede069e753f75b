// Episodes, not noise: a resource that crosses into warning or critical and back is one episode
// (start, end, peak, samples); a failure counter that rises in consecutive samples is one episode
// with the failures summed. Pure: samples in, start and end events out (watch and history share it).
import { SEVERITY_RANK, type Severity } from '../snapshot/types.js';
import type { Increment, Sample } from './types.js';

export interface Episode {
  key: string;
  kind: 'level' | 'counter';
  /** "inodes /mnt/cache", or the counter's description. */
  label: string;
  /** First alarming sample; for a counter the start of the window of its first increment. */
  start: number;
  /** First sample back to normal; null while it lasts. */
  end: number | null;
  /** The last sample that still showed it. */
  last: number;
  peak: { at: number; severity: Severity; utilization: number | null };
  samples: number;
  /** Counter episodes: the increments summed. */
  failures: number;
  /** Counter episodes: the newest kernel log line. */
  example?: string;
}

export type EpisodeEvent = { type: 'start' | 'end'; at: number; episode: Episode };

/** Higher severity wins, then higher utilization. */
const higher = (a: Episode['peak'], b: Episode['peak']) =>
  SEVERITY_RANK[a.severity] < SEVERITY_RANK[b.severity] || (a.severity === b.severity && (a.utilization ?? -1) > (b.utilization ?? -1));

export class EpisodeTracker {
  readonly open = new Map<string, Episode>();
  readonly closed: Episode[] = [];
  /** Open episodes not seen in the latest samples: since when, and in how many samples. */
  private readonly quietSince = new Map<string, { at: number; samples: number }>();

  /**
   * `quiet`: samples in a row without the resource alarming (or the counter rising) that end an
   * episode. 2 keeps a resource that hovers at its threshold, dipping below for one sample, one
   * episode instead of a stream of them; the end is the first of those quiet samples.
   */
  constructor(private readonly quiet = 2) {}

  /** Feeds one sample; returns the episodes it ended, then those it started. */
  push(s: Sample): EpisodeEvent[] {
    const seen = new Set<string>();
    const started: EpisodeEvent[] = [];
    for (const l of s.levels) {
      if (l.severity === 'info') continue;
      seen.add(l.key);
      const peak = { at: s.at, severity: l.severity, utilization: l.utilization };
      const e = this.open.get(l.key);
      if (e) {
        e.samples++;
        e.last = s.at;
        if (higher(peak, e.peak)) e.peak = peak;
      } else {
        const ep: Episode = { key: l.key, kind: 'level', label: `${l.resource} ${l.subject}`, start: s.at, end: null, last: s.at, peak, samples: 1, failures: 0 };
        this.open.set(l.key, ep);
        started.push({ type: 'start', at: s.at, episode: ep });
      }
    }
    for (const i of mergeIncrements(s.increments)) {
      seen.add(i.key);
      const e = this.open.get(i.key);
      if (e) {
        e.samples++;
        e.last = s.at;
        e.failures += i.delta;
        e.example = i.example ?? e.example;
      } else {
        const ep: Episode = { key: i.key, kind: 'counter', label: i.what, start: i.from, end: null, last: s.at, peak: { at: s.at, severity: 'critical', utilization: null }, samples: 1, failures: i.delta, example: i.example };
        this.open.set(i.key, ep);
        started.push({ type: 'start', at: s.at, episode: ep });
      }
    }
    const ended: EpisodeEvent[] = [];
    for (const [key, e] of this.open) {
      if (seen.has(key)) {
        this.quietSince.delete(key);
        continue;
      }
      const q = this.quietSince.get(key) ?? { at: s.at, samples: 0 };
      q.samples++;
      this.quietSince.set(key, q);
      if (q.samples >= this.quiet) ended.push(this.close(key, e, q.at, s.at));
    }
    return [...ended, ...started];
  }

  /** At the end of the samples: episodes already quiet end where the quiet began; the rest stay open. */
  finish(at: number): EpisodeEvent[] {
    return [...this.quietSince].map(([key, q]) => this.close(key, this.open.get(key)!, q.at, at));
  }

  private close(key: string, e: Episode, end: number, at: number): EpisodeEvent {
    e.end = end;
    this.open.delete(key);
    this.quietSince.delete(key);
    this.closed.push(e);
    return { type: 'end', at, episode: e };
  }

  /** Every episode, the finished first, in order of start. */
  all(): Episode[] {
    return [...this.closed, ...this.open.values()].sort((a, b) => a.start - b.start);
  }
}

/** One increment per key (two readers of the same counter never count twice). */
function mergeIncrements(incs: Increment[]): Increment[] {
  const by = new Map<string, Increment>();
  for (const i of incs) {
    const e = by.get(i.key);
    by.set(i.key, e ? { ...e, delta: e.delta + i.delta, example: i.example ?? e.example } : i);
  }
  return [...by.values()];
}
