// Time zone arithmetic with Intl only (no tz database of our own): the UTC offset of an IANA zone at
// an instant, and the instant of a wall-clock time in a zone, DST gaps and overlaps included.
// `zone` undefined means the process's local zone ($TZ).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The canonical name of an IANA zone ("europe/berlin" -> "Europe/Berlin"), or null when unknown. */
export function checkZone(name: string): string | null {
  // Intl also takes offsets like "+01:00" in newer engines; a zone here is a name.
  if (!/^[A-Za-z][\w+\-/]*$/.test(name)) return null;
  try {
    return formatter(name).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Minutes east of UTC in `zone` at the instant `ms`. */
export function offsetAt(ms: number, zone?: string): number {
  if (zone === undefined) return -new Date(ms).getTimezoneOffset();
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60000);
}

/**
 * The instant whose wall clock in `zone` reads `wall` (the wall-clock fields encoded as if UTC, i.e.
 * Date.UTC(y, m, d, h, mi, s)). Like Temporal's "compatible": in a fall-back overlap the earlier
 * instant, in a spring-forward gap the time moved forward by the gap (02:30 -> 03:30).
 */
export function wallToInstant(wall: number, zone?: string): number {
  const day = 86_400_000;
  const before = offsetAt(wall - day, zone);
  const after = offsetAt(wall + day, zone);
  const fits = [before, after].map((o) => wall - o * 60000).filter((t) => offsetAt(t, zone) * 60000 === wall - t);
  return fits.length ? Math.min(...fits) : wall - before * 60000;
}
