// The front page: every published incident, newest first, grouped by year, with search, filters and
// sorting. The search data is a separate script the page loads only when the reader searches: a
// long history keeps a light front page, and a script (not fetch) still works from file://.
import { esc } from '../html.js';
import { page } from '../layout.js';
import type { IncidentRecord } from '../record.js';
import { groupsOf, incidents } from './facet.js';
import { frequencies, incidentTable } from './table.js';

/** The search data file, relative to the site root. */
export const SEARCH_DATA = 'search-data.js';

/** Records by the year they started in (as written, the incident's own date), newest first; undated last. */
export function byYear(records: IncidentRecord[]): { year: string; records: IncidentRecord[] }[] {
  const years = new Map<string, IncidentRecord[]>();
  for (const r of records) {
    const y = r.startedMs !== null ? (/^(\d{4})-/.exec(r.started ?? '')?.[1] ?? new Date(r.startedMs).toISOString().slice(0, 4)) : 'undated';
    (years.get(y) ?? years.set(y, []).get(y)!).push(r);
  }
  return [...years].map(([year, list]) => ({ year, records: list })).sort((a, b) => (a.year === 'undated' ? 1 : b.year === 'undated' ? -1 : b.year.localeCompare(a.year)));
}

export function indexPage(records: IncidentRecord[], siteTitle: string): string {
  const facetOptions = (pick: (r: IncidentRecord) => string[], all: string) =>
    `<option value="">${all}</option>` + groupsOf(records, pick).map((g) => `<option value="${esc(g.key)}">${esc(g.label)} (${g.records.length})</option>`).join('');
  const sev = frequencies(records.map((r) => [r.severity && /^SEV[1-4]$/.test(r.severity) ? r.severity.toLowerCase() : 'unknown'])).sort((a, b) => a[0].localeCompare(b[0]));
  const status = frequencies(records.map((r) => [r.status && /^(investigating|mitigated|resolved)$/.test(r.status) ? r.status : 'unknown']));
  const sevOptions = `<option value="">All severities</option>` + sev.map(([v, n]) => `<option value="${v}">${v === 'unknown' ? 'unknown' : v.toUpperCase()} (${n})</option>`).join('');
  const statusOptions = `<option value="">All statuses</option>` + status.map(([v, n]) => `<option value="${esc(v)}">${esc(v)} (${n})</option>`).join('');
  const open = records.filter((r) => r.status && r.status !== 'resolved').length;
  const years = byYear(records);
  const at = new Map(records.map((r, i) => [r, i]));
  const sections = years.map(({ year, records: list }) => {
    const label = year === 'undated' ? 'Undated' : year;
    const html = `<section class="year" id="y-${esc(year)}" aria-labelledby="h-${esc(year)}">
<h2 id="h-${esc(year)}">${esc(label)} <span class="n">${incidents(list.length)}</span></h2>
${incidentTable(list, '', `Incidents ${year === 'undated' ? 'without a date' : `in ${year}`}`, (r) => at.get(r)!)}
</section>`;
    return html;
  });
  const yearNav = years.length > 1 ? `<nav class="years" aria-label="Years">${years.map(({ year }) => `<a href="#y-${esc(year)}">${year === 'undated' ? 'Undated' : esc(year)}</a>`).join('')}</nav>` : '';
  const main = `<h1>Incidents</h1>
<p class="lede">${records.length} published incident${records.length === 1 ? '' : 's'}${open ? `, <strong>${open} not resolved</strong>` : ''}. What broke, how we found it, and what we changed so it does not happen again.</p>
<form class="filters" role="search" aria-label="Filter incidents" data-search="${SEARCH_DATA}">
<input type="search" name="q" placeholder="Search incidents…" aria-label="Search" autocomplete="off">
<select name="severity" aria-label="Severity">${sevOptions}</select>
<select name="status" aria-label="Status">${statusOptions}</select>
<select name="service" aria-label="Service">${facetOptions((r) => r.services, 'All services')}</select>
<select name="tag" aria-label="Tag">${facetOptions((r) => r.tags, 'All tags')}</select>
<button type="reset">Clear</button>
</form>
<p class="count" id="count" aria-live="polite">${incidents(records.length)}</p>
${yearNav}
${records.length ? sections.join('\n') : '<p class="empty">No incidents published yet.</p>'}
<p id="no-match" class="empty" hidden>No incident matches. <a href="#">Clear the filters</a>.</p>`;
  return page({ root: '', title: siteTitle, siteTitle, nav: 'incidents', wide: true }, main);
}

/**
 * search-data.js: the words of each incident in list order. Loaded as a script (not fetched as
 * JSON) so it works from file://; "<" is escaped so no text can close the script.
 */
export function searchScript(records: IncidentRecord[]): string {
  return `window.PM_SEARCH=${JSON.stringify(records.map((r) => r.words)).replace(/</g, '\\u003c')};\n`;
}
