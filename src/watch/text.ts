// Words for events and episodes, shared by the terminal, the timeline and history. Pure.
import { pct } from '../snapshot/format.js';
import type { Episode, EpisodeEvent } from './episodes.js';
import type { Increment } from './types.js';

/** "09:12:03" in `zone` (default the local zone). */
export function clock(ms: number, zone?: string): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false, timeZone: zone });
}

/** "12 s", "4 min 10 s", "2 h 5 min". */
export function span(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
}

const peakText = (e: Episode, zone?: string) => `${e.peak.severity}${e.peak.utilization !== null ? ` ${pct(e.peak.utilization)}` : ''} at ${clock(e.peak.at, zone)}`;

/** "between 09:12:10 and 09:12:20: 14 forks refused (pids.max) in cgroup /app" */
export function incrementText(i: Increment, zone?: string): string {
  return `between ${clock(i.from, zone)} and ${clock(i.to, zone)}: ${i.delta} ${i.what}${i.example ? ` — "${i.example}"` : ''}`;
}

/** The prefix every timeline entry of an episode starts with; restarts look for it. */
export const entryPrefix = (e: Episode) => `watch: ${e.label}:`;
export const STARTED = 'episode started';

/** One line per start and end, for the terminal and the timeline. */
export function eventText(ev: EpisodeEvent, zone?: string): string {
  const e = ev.episode;
  if (ev.type === 'start') {
    if (e.kind === 'counter') return `${entryPrefix(e)} ${STARTED}, ${e.failures} between ${clock(e.start, zone)} and ${clock(e.last, zone)}`;
    return `${entryPrefix(e)} ${STARTED}, ${e.peak.severity}${e.peak.utilization !== null ? ` (${pct(e.peak.utilization)})` : ''}`;
  }
  if (e.kind === 'counter') return `${entryPrefix(e)} stopped; ${e.failures} in all between ${clock(e.start, zone)} and ${clock(e.last, zone)} (${samples(e.samples)})`;
  return `${entryPrefix(e)} back to normal after ${span((e.end ?? e.last) - e.start)}; peak ${peakText(e, zone)} (${samples(e.samples)})`;
}

const samples = (n: number) => `${n} sample${n === 1 ? '' : 's'}`;

/** The summary line of one episode: "09:12:10–09:12:40 inodes /mnt/x: peak critical 100 % at 09:12:13, 4 samples". */
export function episodeLine(e: Episode, zone?: string): string {
  const until = e.end === null ? 'still going' : clock(e.end, zone);
  const what = e.kind === 'counter' ? `${e.failures} ${e.label}` : `${e.label}: peak ${peakText(e, zone)}`;
  return `${clock(e.start, zone)}–${until}  ${what} (${samples(e.samples)})`;
}
