// Timestamp formats as data (lnav's model): each entry reads the time at the start of a line and
// says where the message begins. Pure: the context (year, zone) comes from the caller.
import { wallToInstant } from '../util/zone.js';

export interface TimeContext {
  /** Zone for formats that carry none (RFC 3164, Apache, nginx, MariaDB); undefined: the host's. */
  zone?: string;
  /** RFC 3164 has no year: lines are placed at or before this instant (the file's mtime), so a
   * "Dec 31" line in a file last written in January lands in the year before. */
  notAfter: number;
}

export interface Stamped {
  ms: number;
  /** Where the message starts (after the time and, for syslog, the host). */
  rest: number;
  format: string;
}

interface Format {
  id: string;
  re: RegExp;
  read(m: RegExpExecArray, ctx: TimeContext): number | null;
  /** Syslog lines carry the host name after the time: skip it so it does not split clusters. */
  host?: boolean;
}

const MONTHS: Record<string, number> = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };
const MON = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const DAY_NAME = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';

/** Wall-clock fields to an instant in `zone`, null when the date does not exist (Feb 30, 25:00). */
export function wall(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined, zone: string | undefined): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const w = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59));
  if (new Date(w).getUTCDate() !== d) return null;
  return toInstant(w, zone) + fracMs(frac);
}

// wallToInstant asks Intl three times (microseconds each); a log has millions of lines in few
// hours, and a zone's offset changes only at whole (or half) hours: cached per half hour of wall time.
const HALF_HOUR = 1_800_000;
const deltas = new Map<string, number>();
function toInstant(w: number, zone: string | undefined): number {
  const key = `${zone ?? ''} ${Math.floor(w / HALF_HOUR)}`;
  let d = deltas.get(key);
  if (d === undefined) {
    if (deltas.size > 100_000) deltas.clear();
    const base = Math.floor(w / HALF_HOUR) * HALF_HOUR;
    deltas.set(key, (d = wallToInstant(base, zone) - base));
  }
  return w + d;
}

const fracMs = (f: string | undefined) => (f ? Math.floor(Number(`0.${f}`) * 1000) : 0);

function offsetMinutes(off: string): number | null {
  if (off === 'Z' || off === 'z') return 0;
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(off);
  if (!m || Number(m[3]) > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

const n = Number;

export const FORMATS: Format[] = [
  {
    // ISO 8601 and RFC 5424 (`<pri>1 2026-03-11T22:40:03.123+01:00 host ...`, rsyslog's
    // RSYSLOG_FileFormat), MySQL 8 (`2026-03-11T22:40:03.123456Z 0 [ERROR]`), MariaDB 10.x
    // (`2026-03-11 22:40:03 0 [ERROR]`, no zone: the local one).
    id: 'iso8601',
    re: /^(?:<\d{1,3}>\d{1,2} )?(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)?(?=[\s\]]|$)/,
    read(m, ctx) {
      const [, y, mo, d, h, mi, s, f, off] = m;
      if (!off) return wall(n(y), n(mo), n(d), n(h), n(mi), n(s), f, ctx.zone);
      const o = offsetMinutes(off);
      const t = o === null ? null : wall(n(y), n(mo), n(d), n(h), n(mi), n(s), f, 'UTC');
      return t === null ? null : t - o! * 60000;
    },
  },
  {
    // RFC 3164 / rsyslog RSYSLOG_TraditionalFileFormat: `Mar 11 22:40:03 host prog[pid]: msg`.
    id: 'rfc3164',
    re: new RegExp(`^(?:<\\d{1,3}>)?${MON} ([ \\d]\\d) (\\d\\d):(\\d\\d):(\\d\\d)(?= )`),
    host: true,
    read(m, ctx) {
      const [, mon, d, h, mi, s] = m;
      const mo = MONTHS[mon!]!;
      const last = new Date(ctx.notAfter);
      const year = last.getUTCFullYear();
      // the next year only when the file was last written in the last days of December (zones)
      const years = last.getUTCMonth() === 11 && last.getUTCDate() >= 30 ? [year + 1, year, year - 1] : [year, year - 1];
      // The newest year that does not put the line after the file was last written (a day of
      // slack for zones and clock skew): handles the new-year rollover in a file rotated in January.
      for (const y of years) {
        const t = wall(y, mo, n(d!.trim()), n(h), n(mi), n(s), undefined, ctx.zone);
        if (t !== null && t <= ctx.notAfter + 86_400_000) return t;
      }
      return null;
    },
  },
  {
    // Apache 2.4 ErrorLogFormat default: `[Wed Mar 11 22:40:03.123456 2026] [core:error] [pid 1] ...`.
    id: 'apache',
    re: new RegExp(`^\\[${DAY_NAME} ${MON} ([ \\d]\\d) (\\d\\d):(\\d\\d):(\\d\\d)(?:\\.(\\d+))? (\\d{4})\\] ?`),
    read: (m, ctx) => wall(n(m[7]), MONTHS[m[1]!]!, n(m[2]!.trim()), n(m[3]), n(m[4]), n(m[5]), m[6], ctx.zone),
  },
  {
    // nginx ngx_log_error: `2026/03/11 22:40:03 [error] 123#0: *5 ...`.
    id: 'nginx',
    re: /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) /,
    read: (m, ctx) => wall(n(m[1]), n(m[2]), n(m[3]), n(m[4]), n(m[5]), n(m[6]), undefined, ctx.zone),
  },
  {
    // PHP error_log `[11-Mar-2026 22:40:03 Europe/Berlin] PHP Warning: ...`; PHP-FPM's own log
    // `[11-Mar-2026 22:40:03] WARNING: [pool www] ...` (no zone: the local one).
    id: 'php',
    re: new RegExp(`^\\[(\\d\\d)-${MON}-(\\d{4}) (\\d\\d):(\\d\\d):(\\d\\d)(?:\\.(\\d+))?(?: ([A-Za-z][\\w+\\-/]*))?\\] ?`),
    read(m, ctx) {
      const zone = m[8] === undefined ? ctx.zone : m[8];
      try {
        return wall(n(m[3]), MONTHS[m[2]!]!, n(m[1]), n(m[4]), n(m[5]), n(m[6]), m[7], zone);
      } catch {
        return null; // a zone Intl does not know
      }
    },
  },
  {
    // MySQL 5.x / old MariaDB: `260311 22:40:03 [ERROR] ...`, the hour space-padded (`260311  2:40:03`).
    id: 'mysql-old',
    re: /^(\d\d)(\d\d)(\d\d) ([ \d]?\d):(\d\d):(\d\d) /,
    read: (m, ctx) => wall(2000 + n(m[1]), n(m[2]), n(m[3]), n(m[4]!.trim()), n(m[5]), n(m[6]), undefined, ctx.zone),
  },
];

/** The time at the start of `line` and where its message starts, or null when no format reads it. */
export function readTime(line: string, ctx: TimeContext, hint?: { last?: number }): Stamped | null {
  // The format that read the previous line is tried first: a file keeps one format.
  const first = hint?.last ?? 0;
  for (let k = 0; k < FORMATS.length; k++) {
    const i = (first + k) % FORMATS.length;
    const f = FORMATS[i]!;
    const m = f.re.exec(line);
    if (!m) continue;
    const ms = f.read(m, ctx);
    if (ms === null) return null; // the shape of a time, but no such time: reported, not guessed
    let rest = m[0].length;
    while (line.charCodeAt(rest) === 32) rest++;
    if (f.host) {
      const sp = line.indexOf(' ', rest);
      rest = sp < 0 ? line.length : sp + 1;
    }
    if (hint) hint.last = i;
    return { ms, rest, format: f.id };
  }
  return null;
}
