// Statistics: numbers computed here from the records (pure, tested), charts drawn as inline SVG.
import { durationBars, durationLines, horizontalBars, stackedColumns } from '../charts.js';
import { duration, median, month } from '../format.js';
import { esc } from '../html.js';
import { page } from '../layout.js';
import type { IncidentRecord } from '../record.js';
import { tagHref } from './incident.js';
import { facetHref, groupsOf } from './facet.js';
import { L } from '../i18n/labels.js';
import { frequencies } from './table.js';

export const SEVERITY_SERIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'unknown'];

export interface Stats {
  total: number;
  open: number;
  dated: number;
  /** Every month from the first incident to the last, so quiet months show as gaps. */
  months: string[];
  perMonth: Record<string, Record<string, number>>;
  medianToDetect: (number | null)[];
  medianToResolve: (number | null)[];
  overall: { toDetect: number | null; toMitigate: number | null; toResolve: number | null };
  tags: [string, number][];
  services: [string, number][];
  categories: [string, number][];
  openActions: number;
  /** Median time to resolve per severity (only severities with a resolved incident), SEV1 first. */
  resolveBySeverity: { label: string; value: number; n: number }[];
  /** Median time to resolve per service (the most frequent services with a resolved incident). */
  resolveByService: { label: string; key: string; value: number; n: number }[];
}

function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) (m = 1), y++;
  }
  return out;
}

export function computeStats(records: IncidentRecord[]): Stats {
  const dated = records.filter((r) => r.startedMs !== null);
  const keys = dated.map((r) => month(r.startedMs!)).sort();
  const months = keys.length ? monthsBetween(keys[0]!, keys[keys.length - 1]!) : [];
  const perMonth: Stats['perMonth'] = {};
  const ttd = new Map<string, number[]>();
  const ttr = new Map<string, number[]>();
  for (const r of dated) {
    const k = month(r.startedMs!);
    const sev = r.severity && SEVERITY_SERIES.includes(r.severity) ? r.severity : 'unknown';
    (perMonth[k] ??= {})[sev] = (perMonth[k]![sev] ?? 0) + 1;
    if (r.durations.toDetect !== null) (ttd.get(k) ?? ttd.set(k, []).get(k)!).push(r.durations.toDetect);
    if (r.durations.toResolve !== null) (ttr.get(k) ?? ttr.set(k, []).get(k)!).push(r.durations.toResolve);
  }
  return {
    total: records.length,
    open: records.filter((r) => r.status && r.status !== 'resolved').length,
    dated: dated.length,
    months,
    perMonth,
    medianToDetect: months.map((k) => median(ttd.get(k) ?? [])),
    medianToResolve: months.map((k) => median(ttr.get(k) ?? [])),
    overall: {
      toDetect: median(records.map((r) => r.durations.toDetect)),
      toMitigate: median(records.map((r) => r.durations.toMitigate)),
      toResolve: median(records.map((r) => r.durations.toResolve)),
    },
    tags: groupsOf(records, (r) => r.tags).map((g) => [g.label, g.records.length]),
    services: groupsOf(records, (r) => r.services).map((g) => [g.label, g.records.length]),
    categories: frequencies(records.map((r) => [r.category])),
    openActions: records.reduce((n, r) => n + r.openActions.length, 0),
    resolveBySeverity: SEVERITY_SERIES.flatMap((sev) => {
      const v = records.filter((r) => (r.severity && SEVERITY_SERIES.includes(r.severity) ? r.severity : 'unknown') === sev).map((r) => r.durations.toResolve).filter((d): d is number => d !== null);
      const m = median(v);
      return m === null ? [] : [{ label: sev, value: m, n: v.length }];
    }),
    resolveByService: groupsOf(records, (r) => r.services)
      .flatMap((g) => {
        const v = g.records.map((r) => r.durations.toResolve).filter((d): d is number => d !== null);
        const m = median(v);
        return m === null ? [] : [{ label: g.label, key: g.key, value: m, n: v.length }];
      })
      .slice(0, 12),
  };
}

/** Month labels: all when few, every other when some, else each January (as the year). */
const monthTicks = (count: number) => (l: string, i: number) =>
  count <= 7 ? l : count <= 14 ? (i % 2 ? null : l) : l.endsWith('-01') || i === 0 ? l.slice(0, 4) : null;

export function statsPage(s: Stats, siteTitle: string): string {
  const tile = (value: string, label: string) => `<div class="tile card"><div class="value">${esc(value)}</div><div class="label">${esc(label)}</div></div>`;
  const legend = (items: [string, string][]) => `<ul class="legend">${items.map(([k, l]) => `<li><i class="k-${k}"></i>${esc(l)}</li>`).join('')}</ul>`;
  const cols = s.months.map((m) => ({ label: m, values: s.perMonth[m] ?? {} }));
  const usedSeries = SEVERITY_SERIES.filter((k) => cols.some((c) => c.values[k]));
  // A wide chart scrolls inside its card on a phone (class "scroll", see style.ts), so it takes the
  // keyboard focus too: a region you cannot reach by keyboard cannot be scrolled without a mouse.
  let n = 0;
  const chart = (title: string, svg: string, extra = '', full = false) => {
    const id = `c-${++n}`;
    return `<section class="chart card${full ? ' full scroll" tabindex="0' : ''}" aria-labelledby="${id}"><h2 id="${id}">${esc(title)}</h2>${svg}${extra}</section>`;
  };
  const t = L.tile;
  const none = `<p class="muted">${esc(L.noDated)}</p>`;
  const note = `<p class="note muted">${esc(L.inBrackets)}</p>`;
  const main = `<h1>${esc(L.statsTitle)}</h1>
<p class="lede">${esc(L.incidents(s.total))}${s.dated < s.total ? esc(L.undatedLeftOut(s.total - s.dated)) : ''}.</p>
<div class="tiles">
${tile(String(s.total), t.incidents)}
${tile(String(s.open), t.notResolved)}
${tile(duration(s.overall.toDetect), t.toDetect)}
${tile(duration(s.overall.toMitigate), t.toMitigate)}
${tile(duration(s.overall.toResolve), t.toResolve)}
${tile(String(s.openActions), t.openActions)}
</div>
<div class="charts">
${chart(L.perMonth, cols.length ? stackedColumns(cols, usedSeries, L.perMonthAlt, { labelEvery: monthTicks(cols.length) }) : none, legend(usedSeries.map((k) => [k.toLowerCase(), k === 'unknown' ? L.unknown : k])), true)}
${chart(
  L.ttdr,
  cols.length
    ? durationLines(
        s.months,
        [
          { name: L.timeToDetect, key: 'a', values: s.medianToDetect },
          { name: L.timeToResolve, key: 'b', values: s.medianToResolve },
        ],
        L.ttdrAlt,
        { labelEvery: monthTicks(cols.length) },
      )
    : none,
  legend([
    ['a', L.timeToDetect],
    ['b', L.timeToResolve],
  ]),
  true,
)}
${chart(L.resolveBySeverity, durationBars(s.resolveBySeverity.map((x) => ({ ...x, label: x.label === 'unknown' ? L.unknown : x.label })), L.resolveBySeverityAlt, duration), note)}
${chart(L.resolveByService, durationBars(s.resolveByService.map((x) => ({ ...x, href: facetHref('', 'services', x.label) })), L.resolveByServiceAlt, duration), note)}
${chart(L.topTags, horizontalBars(s.tags.slice(0, 12).map(([label, value]) => ({ label, value, href: tagHref('', label) })), L.topTags))}
${chart(L.topServices, horizontalBars(s.services.slice(0, 12).map(([label, value]) => ({ label, value, href: facetHref('', 'services', label) })), L.topServices))}
${chart(L.categories, horizontalBars(s.categories.slice(0, 12).map(([label, value]) => ({ label, value })), L.categories))}
</div>`;
  return page({ root: '', title: L.statsTitle, siteTitle, nav: 'stats', wide: true }, main);
}
