import { parseStamp, toIso } from './dates.js';
import type { ListItem, TableRow } from './outline.js';
import type { TimelineEntry } from './model.js';

// "2026-03-14 09:12 +01:00", "2026-03-14T09:12:00Z", "09:12", "14:51 UTC", "9:05 PM PST" ...
const ZONE = String.raw`(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Z]{3,4})`;
const STAMP = String.raw`\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)?(?:\s*${ZONE})?|\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?(?:\s*${ZONE})?`;
const ENTRY = new RegExp(String.raw`^(?:\*\*|__)?\x60?\s*(${STAMP})\s*\x60?(?:\*\*|__)?\s*(?:[—–:|-]+\s*)?(.*)$`);

export function entryFromText(text: string): { stamp: string | null; at: string | null; time: number | null; text: string } {
  const m = ENTRY.exec(text);
  if (!m) return { stamp: null, at: null, time: null, text };
  const stamp = m[1]!.trim();
  const st = parseStamp(stamp);
  const full = st !== null && st.hasTime && st.hasOffset;
  return { stamp, at: full ? toIso(stamp, st) : null, time: full ? st!.ms : null, text: m[2]!.trim() };
}

export function timelineFromItems(items: ListItem[]): TimelineEntry[] {
  return items.map((it) => ({ ...entryFromText(it.text), line: it.line, start: it.start, end: it.end }));
}

/** Timeline tables ("| Time | Event |"): a date column and a time column are joined. */
export function timelineFromTable(rows: TableRow[]): TimelineEntry[] {
  return rows.map((r) => {
    const cells = [...r.cells];
    let first = cells.shift() ?? '';
    if (/^\d{4}-\d{2}-\d{2}$/.test(first) && /^\d{1,2}:\d{2}/.test(cells[0] ?? '')) first = `${first} ${cells.shift()}`;
    const e = entryFromText(`${first} — ${cells.filter(Boolean).join(' — ')}`);
    return { ...e, line: r.line, start: r.start, end: r.end };
  });
}
