// Human formats for the site: durations and dates as people read them, "unknown" for what is
// missing, in the build's language.
import { L } from './i18n/labels.js';

/** 95 min -> "1 h 35 min"; 3 days -> "3 d 0 h". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return L.unknown;
  if (ms < 0) return `−${duration(-ms)}`;
  const u = L.unit;
  if (ms < 59_500) return `${Math.round(ms / 1000)} ${u.s}`;
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} ${u.min}`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} ${u.h} ${min % 60} ${u.min}` : `${h} ${u.h}`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} ${u.d} ${h % 24} ${u.h}` : `${d} ${u.d}`;
}

/**
 * The date part of an ISO 8601 stamp as written ("2026-03-14T09:12:00+01:00" -> "2026-03-14"), so a
 * page shows the incident's local date, not the build machine's.
 */
export function day(stamp: string | null | undefined): string {
  if (!stamp) return L.unknown;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(stamp);
  return m ? L.day(m[1]!, m[2]!, m[3]!) : stamp;
}

/** "2026-03-14 09:12 +01:00" from an ISO stamp as written; other text is returned as it is. */
export function when(stamp: string | null | undefined): string {
  if (!stamp) return L.unknown;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(stamp.trim());
  if (!m) return stamp;
  return `${L.day(m[1]!, m[2]!, m[3]!)} ${m[4]}${m[5] ? ` ${m[5] === 'Z' ? 'UTC' : m[5]}` : ''}`;
}

/** "YYYY-MM" of an epoch in the incident's own offset is not known here; UTC months are stable. */
export function month(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** A decimal in the build's language ("1.5", German "1,5"), at most `digits` after the point. */
const dec = (x: number, digits: number) => x.toLocaleString(L.locale, { maximumFractionDigits: digits, useGrouping: false });

/** 3000001 -> "3,000,001"; bytes -> "1.5 GiB". */
export function amount(n: number | null | undefined, unit?: string): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return L.unknown;
  if (unit === 'bytes') {
    const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let i = 0;
    let v = n;
    while (Math.abs(v) >= 1024 && i < u.length - 1) (v /= 1024), i++;
    return `${v >= 100 || i === 0 ? Math.round(v) : v.toLocaleString(L.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ${u[i]}`;
  }
  if (unit === 'percent') return `${dec(n, 1)} %`;
  if (unit === 'ratio') return dec(n, 2); // a load average, a factor
  return Number.isInteger(n) ? n.toLocaleString(L.locale) : dec(n, 2);
}

export function percent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return L.unknown;
  const p = fraction * 100;
  // never round up to 100 % what is not full (99.7 % of an inode quota is a different story)
  if (p < 10 || (p >= 99 && p < 100)) return `${dec(Math.floor(p * 10) / 10, 1)} %`;
  return `${Math.round(p)} %`;
}

/** Median of the finite numbers, or null. */
export function median(values: (number | null | undefined)[]): number | null {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}
