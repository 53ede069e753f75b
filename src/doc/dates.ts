// Time stamps as the documents write them: "2026-03-14 09:12 +01:00" or ISO 8601 "2026-03-14T09:12:00+01:00".
import { offsetAt } from '../util/zone.js';

const STAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

export interface Stamp {
  /** Epoch ms; for a date without time, midnight at the given (or UTC) offset. */
  ms: number;
  hasTime: boolean;
  hasOffset: boolean;
}

export function parseStamp(text: string): Stamp | null {
  const m = STAMP.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, off] = m;
  let offsetMin = 0;
  if (off && !/^(z|utc|gmt)$/i.test(off)) {
    const sign = off[0] === '-' ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
    if (Math.abs(offsetMin) > 14 * 60 || Number(digits.slice(2) || 0) > 59) return null; // no zone is +25:00
  }
  const month = Number(mo), day = Number(d), hour = Number(h ?? 0), minute = Number(mi ?? 0), second = Number(s ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const utc = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  if (new Date(utc).getUTCDate() !== day) return null; // 2026-02-30
  return { ms: utc - offsetMin * 60000, hasTime: h !== undefined, hasOffset: off !== undefined };
}

function offsetString(minutesEast: number): string {
  const sign = minutesEast < 0 ? '-' : '+';
  const a = Math.abs(minutesEast);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

const two = (n: number) => String(n).padStart(2, '0');

/** Wall-clock parts of `d` in `zone` (default: the local zone, $TZ) and its UTC offset there. */
function localParts(d: Date, zone?: string) {
  const off = offsetAt(d.getTime(), zone);
  const w = new Date(d.getTime() + off * 60000); // its UTC fields are the wall clock
  return {
    date: `${w.getUTCFullYear()}-${two(w.getUTCMonth() + 1)}-${two(w.getUTCDate())}`,
    hm: `${two(w.getUTCHours())}:${two(w.getUTCMinutes())}`,
    s: two(w.getUTCSeconds()),
    offset: offsetString(off),
  };
}

/** "2026-03-14 09:12 +01:00": how timeline entries are written. */
export function formatStamp(d: Date, zone?: string): string {
  const p = localParts(d, zone);
  return `${p.date} ${p.hm} ${p.offset}`;
}

/** "2026-03-14T09:12:03+01:00": how front matter times are written. */
export function formatIso(d: Date, zone?: string): string {
  const p = localParts(d, zone);
  return `${p.date}T${p.hm}:${p.s}${p.offset}`;
}

/** Calendar date "2026-03-14" in `zone` (default local). */
export function formatDate(d: Date, zone?: string): string {
  return localParts(d, zone).date;
}

/** ISO 8601 of a stamp's instant, keeping the written offset (for JSON output). */
export function toIso(text: string, parsed?: Stamp | null): string | null {
  const st = parsed === undefined ? parseStamp(text) : parsed;
  if (!st) return null;
  const m = /(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)\s*$/i.exec(text.trim());
  let offMin = 0;
  if (m && !/^(z|utc|gmt)$/i.test(m[1]!)) {
    const digits = m[1]!.slice(1).replace(':', '');
    offMin = (m[1]![0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
  }
  const local = new Date(st.ms + offMin * 60000);
  const iso = local.toISOString().slice(0, 19);
  return `${iso}${offMin === 0 ? 'Z' : offsetString(offMin)}`;
}

/** "1 h 20 min", "3 d 4 h": durations for people. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return 'unknown';
  const neg = ms < 0;
  let min = Math.round(Math.abs(ms) / 60000);
  const d = Math.floor(min / 1440);
  min -= d * 1440;
  const h = Math.floor(min / 60);
  min -= h * 60;
  const parts = d ? [`${d} d`, h ? `${h} h` : ''] : h ? [`${h} h`, min ? `${min} min` : ''] : [`${min} min`];
  return (neg ? '-' : '') + parts.filter(Boolean).join(' ');
}
