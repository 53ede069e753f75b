import type { ParsedComponents, ParsedResult } from 'chrono-node';
import { UsageError } from '../errors.js';
import { formatDate, formatStamp, parseStamp } from '../doc/dates.js';
import { offsetAt, wallToInstant } from './zone.js';

export interface WhenOptions {
  now?: Date;
  /** The option or field the time came from, for messages ("--at", "mitigated"). */
  what?: string;
  /** IANA zone that local-time inputs are read in (default: the local zone, $TZ). */
  zone?: string;
  /** Accept times later than now (due dates, --future). */
  future?: boolean;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
/** Clocks of the machines that log disagree a little; a minute ahead is still "now". */
const SKEW_MS = 60_000;
const EXAMPLES = 'expected e.g. "2026-03-14 09:12", "2026-03-14T09:12:00+01:00", "20 minutes ago", "yesterday 14:00" or "gestern 14:00"';
/** What may stand around a time without changing it: "at 14:00", "um 14:00", "yesterday, 14:00". */
const FILLER = /^(?:[\s,.;]|\b(?:at|on|um|am)\b)*$/i;

/**
 * A point in time from the command line: "now", ISO 8601 with or without offset, or a phrase in
 * English or German ("20 minutes ago", "gestern 14:00") through chrono-node, which is loaded only
 * for phrases because it is slow to import. Strict: the whole input must be understood, the
 * date must exist, and it must not be in the future unless `future`. Times without an offset are
 * read in `zone`.
 */
export async function parseWhen(text: string, opts: WhenOptions = {}): Promise<Date> {
  const { now = new Date(), what = '--at', zone, future = false } = opts;
  const t = text.trim();
  if (!t) throw new UsageError(`${what}: expected a time, got an empty string; ${EXAMPLES}`);
  const d = /^now$/i.test(t) ? now : (fromIso(t, zone) ?? (await fromWords(t, now, zone, what)));
  if (!future && d.getTime() > now.getTime() + SKEW_MS)
    throw new UsageError(`${what}: "${t}" is ${formatStamp(d, zone)}, in the future (now ${formatStamp(now, zone)}); pass --future if you mean it`);
  return d;
}

/** Wall-clock fields as if UTC, or null when they name no real time (Feb 30, 25:00). */
function wallOf(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const w = new Date(wall);
  const same = w.getUTCFullYear() === y && w.getUTCMonth() === mo - 1 && w.getUTCDate() === d && w.getUTCHours() === h && w.getUTCMinutes() === mi && w.getUTCSeconds() === s;
  return same ? wall : null;
}

/** "2026-03-14 09:12" (in `zone`) or ISO 8601 with an offset; null for anything else. */
function fromIso(t: string, zone: string | undefined): Date | null {
  const local = LOCAL.exec(t);
  if (local) {
    const [y, mo, d, h = 0, mi = 0, s = 0] = local.slice(1).map((x) => (x === undefined ? undefined : Number(x))) as number[];
    const wall = wallOf(y!, mo!, d!, h, mi, s);
    return wall === null ? null : new Date(wallToInstant(wall, zone));
  }
  const st = parseStamp(t);
  return st ? new Date(st.ms) : null;
}

/** The instant chrono understood; wall-clock results are placed in `zone` with its offset on that day. */
function instantOf(c: ParsedComponents, zone: string | undefined): Date | null {
  const fields = (['year', 'month', 'day', 'hour', 'minute', 'second'] as const).map((k) => c.get(k) ?? 0) as [number, number, number, number, number, number];
  const wall = wallOf(...fields);
  if (wall === null) return null;
  // An explicit offset ("14:00 UTC") or a relative time ("20 minutes ago") fixes the instant itself.
  return c.isCertain('timezoneOffset') ? c.date() : new Date(wallToInstant(wall, zone));
}

async function fromWords(t: string, now: Date, zone: string | undefined, what: string): Promise<Date> {
  const chrono = await import('chrono-node');
  // chrono reads "yesterday" in the reference zone; its offset at `now` only picks the calendar day,
  // the offset of the day itself comes from wallToInstant (DST).
  const ref = { instant: now, timezone: offsetAt(now.getTime(), zone) };
  let best: { r: ParsedResult; whole: boolean } | undefined;
  for (const parser of [chrono.casual, chrono.de.casual]) {
    const results = parser.parse(t, ref, { forwardDate: false });
    const r = results[0];
    if (!r) continue;
    const whole = results.length === 1 && FILLER.test(t.slice(0, r.index) + ' ' + t.slice(r.index + r.text.length));
    const date = instantOf(r.start, zone);
    if (whole && !r.end && date) return date;
    if (!best || r.text.length > best.r.text.length) best = { r, whole };
  }
  if (!best) throw new UsageError(`${what}: cannot read "${t}" as a time; ${EXAMPLES}`);
  const { r, whole } = best;
  if (whole) throw new UsageError(`${what}: cannot read "${t}" as one time: ${r.end ? 'it is a range' : 'no such date'}; ${EXAMPLES}`);
  const date = instantOf(r.start, zone);
  const shown = !date ? 'no such date' : r.start.isCertain('hour') ? formatStamp(date, zone) : formatDate(date, zone);
  throw new UsageError(`${what}: cannot read "${t}" as a time: understood only "${r.text}" (${shown}); ${EXAMPLES}`);
}
