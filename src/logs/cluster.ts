// Lines grouped by signature: how often, first and last seen, where, one example, counts per hour.
import { signature } from './signature.js';

export interface Cluster {
  signature: string;
  count: number;
  first: number;
  last: number;
  sources: Set<string>;
  /** The first occurrence as logged (raw: redacted before it leaves the process). */
  example: string;
  /** The example's message, without its time stamp. */
  exampleMessage: string;
  exampleSource: string;
  /** Occurrences per hour, keyed by the hour's start (epoch ms). */
  hours: Map<number, number>;
  /** The first lines (raw), for the evidence file; the rest are counted only. */
  lines: { ms: number; source: string; text: string }[];
}

const HOUR = 3_600_000;
/** Keeps memory flat whatever the input: the evidence holds this many lines per cluster. */
export const LINES_KEPT = 50;
/** Beyond this many shapes, new shapes are counted together (a log of random garbage). */
export const MAX_CLUSTERS = 5000;
export const OTHER = '<other shapes>';

export class Clusters {
  readonly by = new Map<string, Cluster>();
  /** Many error lines repeat word for word ("sudo: unable to create sockets"): masked once. */
  private readonly seen = new Map<string, string>();

  add(ms: number, source: string, message: string, line: string): void {
    let sig = this.seen.get(message);
    if (sig === undefined) {
      if (this.seen.size >= 10_000) this.seen.clear();
      this.seen.set(message, (sig = signature(message)));
    }
    let c = this.by.get(sig);
    if (!c && this.by.size >= MAX_CLUSTERS) c = this.by.get((sig = OTHER));
    if (!c) {
      c = { signature: sig, count: 0, first: ms, last: ms, sources: new Set(), example: line, exampleMessage: message, exampleSource: source, hours: new Map(), lines: [] };
      this.by.set(sig, c);
    }
    c.count++;
    if (ms < c.first) {
      // files are read one after the other (rotated ones too): the earliest may come later
      c.first = ms;
      c.example = line;
      c.exampleMessage = message;
      c.exampleSource = source;
    }
    if (ms > c.last) c.last = ms;
    c.sources.add(source);
    const h = Math.floor(ms / HOUR) * HOUR;
    c.hours.set(h, (c.hours.get(h) ?? 0) + 1);
    if (c.lines.length < LINES_KEPT) c.lines.push({ ms, source, text: line });
  }
}

/** Counts over [since, until) in `width` equal bins. */
export function bins(hours: Map<number, number>, since: number, until: number, width: number): number[] {
  const out = new Array<number>(width).fill(0);
  const span = Math.max(until - since, 1);
  for (const [h, count] of hours) {
    const mid = Math.max(since, Math.min(h, until - 1));
    out[Math.min(width - 1, Math.floor(((mid - since) / span) * width))]! += count;
  }
  return out;
}

const BARS = '▁▂▃▄▅▆▇█';
/** One character per bin: blank for none, then eight heights relative to the busiest bin. */
export function sparkline(counts: number[]): string {
  const max = Math.max(...counts, 0);
  return counts.map((c) => (c === 0 ? ' ' : BARS[Math.max(0, Math.ceil((c / max) * 8) - 1)])).join('');
}
