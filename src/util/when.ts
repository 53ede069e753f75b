import { UsageError } from '../errors.js';
import { parseStamp } from '../doc/dates.js';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A point in time from the command line: "now", ISO 8601 with or without offset (local time when
 * none), or natural language ("20 minutes ago", "yesterday 14:00") through chrono-node, which is
 * loaded only when needed because it is slow to import.
 */
export async function parseWhen(text: string, now = new Date(), what = '--at'): Promise<Date> {
  const t = text.trim();
  if (!t || /^now$/i.test(t)) return now;
  const local = LOCAL.exec(t);
  if (local) {
    const [, y, mo, d, h, mi, s] = local;
    const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
    if (!Number.isNaN(date.getTime()) && date.getDate() === Number(d)) return date;
  }
  const st = parseStamp(t);
  if (st) return new Date(st.ms);
  const chrono = await import('chrono-node');
  const parsed = chrono.parseDate(t, now, { forwardDate: false });
  if (!parsed) throw new UsageError(`${what}: cannot read "${text}" as a time; expected e.g. "2026-03-14 09:12", "2026-03-14T09:12:00+01:00", "20 minutes ago" or "yesterday 14:00"`);
  return parsed;
}
