// The front page: the newest incidents (whole years, newest first) with search, filters and
// sorting; older years get a page each. The search data is a separate script the page loads only
// when the reader searches or filters: it holds every incident's words, and the row of every
// incident not on the page, so a search still covers the whole history. A script (not fetch) so
// it works from file://.
import { day, duration } from '../format.js';
import { esc } from '../html.js';
import { L } from '../i18n/labels.js';
import { page } from '../layout.js';
import { STOP } from '../job.js';
import { incidentHref, type IncidentRecord } from '../record.js';
import { fold, groupsOf, incidents } from './facet.js';
import { tagHref } from './incident.js';
import { frequencies, incidentTable } from './table.js';

/** Rows that show their summary on the index: the newest, what a visitor reads first. */
export const RECENT = 25;
/** The index shows whole years, newest first, until it holds at least this many incidents. */
export const ON_INDEX = 60;

/** The search data file, relative to the site root. */
export const SEARCH_DATA = 'search-data.js';

export interface Year {
  /** "2026", or "undated". */
  year: string;
  records: IncidentRecord[];
  /** On the index; else on years/<year>.html. */
  onIndex: boolean;
}

const yearLabel = (y: string) => (y === 'undated' ? L.undated : y);
const yearCaption = (y: string) => (y === 'undated' ? L.incidentsUndated : L.incidentsIn(y));
export const yearHref = (root: string, y: string) => `${root}years/${encodeURIComponent(y)}.html`;

/** Records by the year they started in (as written: the incident's own date), newest first; undated last. */
export function byYear(records: IncidentRecord[], onIndex = ON_INDEX): Year[] {
  const years = new Map<string, IncidentRecord[]>();
  for (const r of records) {
    const y = r.startedMs !== null ? (/^(\d{4})-/.exec(r.started ?? '')?.[1] ?? new Date(r.startedMs).toISOString().slice(0, 4)) : 'undated';
    (years.get(y) ?? years.set(y, []).get(y)!).push(r);
  }
  const list = [...years].map(([year, rs]) => ({ year, records: rs, onIndex: false })).sort((a, b) => (a.year === 'undated' ? 1 : b.year === 'undated' ? -1 : b.year.localeCompare(a.year)));
  let shown = 0;
  for (const y of list) {
    if (shown >= onIndex) break;
    y.onIndex = true;
    shown += y.records.length;
  }
  return list;
}

/** Records in the order of the search data: the order of the years, newest first within each. */
export const searchOrder = (years: Year[]): IncidentRecord[] => years.flatMap((y) => y.records);

export function indexPage(records: IncidentRecord[], siteTitle: string, years = byYear(records)): string {
  const facetOptions = (pick: (r: IncidentRecord) => string[], all: string) =>
    `<option value="">${esc(all)}</option>` + groupsOf(records, pick).map((g) => `<option value="${esc(g.key)}">${esc(g.label)} (${g.records.length})</option>`).join('');
  const sev = frequencies(records.map((r) => [r.severity && /^SEV[1-4]$/.test(r.severity) ? r.severity.toLowerCase() : 'unknown'])).sort((a, b) => a[0].localeCompare(b[0]));
  const status = frequencies(records.map((r) => [r.status && /^(investigating|mitigated|resolved)$/.test(r.status) ? r.status : 'unknown']));
  const sevOptions = `<option value="">${esc(L.allSeverities)}</option>` + sev.map(([v, n]) => `<option value="${v}">${v === 'unknown' ? esc(L.unknown) : v.toUpperCase()} (${n})</option>`).join('');
  const statusOptions = `<option value="">${esc(L.allStatuses)}</option>` + status.map(([v, n]) => `<option value="${v}">${esc(v === 'unknown' ? L.unknown : L.statusName[v] ?? v)} (${n})</option>`).join('');
  const open = records.filter((r) => r.status && r.status !== 'resolved').length;
  const order = searchOrder(years);
  const at = new Map(order.map((r, i) => [r, i]));
  const section = (y: Year) => `<section class="year" id="y-${esc(y.year)}" aria-labelledby="h-${esc(y.year)}">
<h2 id="h-${esc(y.year)}">${esc(yearLabel(y.year))} <span class="n">${esc(incidents(y.records.length))}</span></h2>
${incidentTable(y.records, '', yearCaption(y.year), { indexOf: (r) => at.get(r)!, summaries: RECENT, services: false })}
</section>`;
  const shown = years.filter((y) => y.onIndex);
  const later = years.filter((y) => !y.onIndex);
  const yearNav =
    years.length > 1
      ? `<nav class="years" aria-label="${esc(L.years)}">${years.map((y) => `<a href="${y.onIndex ? `#y-${esc(y.year)}` : esc(yearHref('', y.year))}">${esc(yearLabel(y.year))} <span class="n">(${y.records.length})</span></a>`).join('')}</nav>`
      : '';
  // Rows of the years not on this page are made by the script from the search data when a search
  // or filter needs them; this empty table, with the same columns, is where they go.
  const earlier = later.length
    ? `<section class="year" id="y-earlier" aria-labelledby="h-earlier" data-earlier hidden>
<h2 id="h-earlier">${esc(L.earlierYears)}</h2>
${incidentTable([], '', L.earlierCaption, { services: false })}
</section>
<p class="more">${esc(L.earlierNote(later.reduce((n, y) => n + y.records.length, 0)))} ${later.map((y) => `<a href="${esc(yearHref('', y.year))}">${esc(yearLabel(y.year))}</a>`).join(' · ')}. ${esc(L.earlierCovered)}</p>`
    : '';
  const f = L.fieldNames;
  const main = `<h1>${esc(L.incidentsTitle)}</h1>
<p class="lede">${esc(L.publishedIncidents(records.length))}${open ? `, <strong>${esc(L.notResolvedCount(open))}</strong>` : ''}. ${esc(L.indexLede)}</p>
<form class="filters" role="search" aria-label="${esc(L.filterIncidents)}" data-search="${SEARCH_DATA}" data-total="${records.length}" data-found="${esc(L.foundIn)}" data-fields="${esc([f.title, f.tags, f.services, f.summary, f.text].join('|'))}" data-searching="${esc(L.searchingAll)}">
<input type="search" name="q" placeholder="${esc(L.searchPlaceholder)}" aria-label="${esc(L.search)}" autocomplete="off">
<select name="severity" aria-label="${esc(L.severity)}">${sevOptions}</select>
<select name="status" aria-label="${esc(L.status)}">${statusOptions}</select>
<select name="service" aria-label="${esc(L.service)}">${facetOptions((r) => r.services, L.allServices)}</select>
<select name="tag" aria-label="${esc(L.tag)}">${facetOptions((r) => r.tags, L.allTags)}</select>
<button type="reset">${esc(L.clear)}</button>
</form>
<p class="count" id="count" aria-live="polite" data-one="${esc(L.incidents(1))}" data-many="${esc(L.countMany)}" data-of="${esc(L.shownOf)}">${esc(L.incidents(records.length))}</p>
${yearNav}
${records.length ? shown.map(section).join('\n') : `<p class="empty">${esc(L.noneYet)}</p>`}
${earlier}
<p id="no-match" class="empty" hidden>${esc(L.noMatch)} <a href="#">${esc(L.clearFilters)}</a>.</p>`;
  return page({ root: '', title: siteTitle, siteTitle, nav: 'incidents', wide: true }, main);
}

/** A year that is not on the index: its own page, the whole table. */
export function yearPage(y: Year, siteTitle: string): string {
  const main = `<h1>${esc(yearCaption(y.year))}</h1>
<p class="lede">${esc(incidents(y.records.length))} · <a href="../index.html">${esc(L.newestLink)}</a></p>
${incidentTable(y.records, '../', yearCaption(y.year))}`;
  return page({ root: '../', title: y.year === 'undated' ? L.undatedTitle : y.year, siteTitle, nav: 'incidents', wide: true }, main);
}

/** What the script needs to draw a row of a year not on the index (labels already formatted). */
export type SearchRow = [href: string, title: string, started: string, day: string, sev: string, sevLabel: string, status: string, statusLabel: string, dur: number | null, durLabel: string, start: number | null, tags: [label: string, key: string, href: string][], services: string[]];

function searchRow(r: IncidentRecord): SearchRow {
  const sev = r.severity && /^SEV[1-4]$/.test(r.severity) ? r.severity.toLowerCase() : 'unknown';
  const status = r.status && /^(investigating|mitigated|resolved)$/.test(r.status) ? r.status : 'unknown';
  const ttr = r.durations.toResolve;
  return [
    incidentHref(r.id),
    r.title,
    r.started ?? '',
    r.started ? day(r.started) : L.unknown,
    sev,
    r.severity ? r.severity.toUpperCase() : L.unknown,
    status,
    status === 'unknown' ? L.unknown : (L.statusName[status] ?? status),
    ttr,
    ttr !== null ? duration(ttr) : r.status && r.status !== 'resolved' ? L.ongoing : L.unknown,
    r.startedMs,
    r.tags.map((t) => [t, fold(t), tagHref('', t)]),
    r.services.map(fold),
  ];
}

/**
 * search-data.js: `words` of every incident in search order, and `rows` (null for the incidents on
 * the index). "<" is escaped so no text can close the script.
 */
export function searchScript(records: IncidentRecord[], years?: Year[]): string {
  const order = years ? searchOrder(years) : records;
  const off = new Set(years?.filter((y) => !y.onIndex).flatMap((y) => y.records));
  const data = { stop: [...STOP], words: order.map((r) => r.words), rows: order.map((r) => (off.has(r) ? searchRow(r) : null)) };
  return `window.PM_SEARCH=${JSON.stringify(data).replace(/</g, '\\u003c')};\n`;
}
