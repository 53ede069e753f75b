// The front page: every published incident, newest first, with search, filters and sorting.
import { esc } from '../html.js';
import { L } from '../i18n/labels.js';
import { page } from '../layout.js';
import type { IncidentRecord } from '../record.js';
import { frequencies, incidentTable } from './table.js';

export function indexPage(records: IncidentRecord[], siteTitle: string): string {
  const options = (values: [string, number][], all: string) =>
    `<option value="">${esc(all)}</option>` + values.map(([v, n]) => `<option value="${esc(v)}">${esc(v)} (${n})</option>`).join('');
  const sev = frequencies(records.map((r) => [r.severity && /^SEV[1-4]$/.test(r.severity) ? r.severity.toLowerCase() : 'unknown'])).sort((a, b) => a[0].localeCompare(b[0]));
  const status = frequencies(records.map((r) => [r.status && /^(investigating|mitigated|resolved)$/.test(r.status) ? r.status : 'unknown']));
  const sevOptions = `<option value="">${esc(L.allSeverities)}</option>` + sev.map(([v, n]) => `<option value="${v}">${v === 'unknown' ? esc(L.unknown) : v.toUpperCase()} (${n})</option>`).join('');
  const statusOptions = `<option value="">${esc(L.allStatuses)}</option>` + status.map(([v, n]) => `<option value="${v}">${esc(v === 'unknown' ? L.unknown : L.statusName[v] ?? v)} (${n})</option>`).join('');
  const open = records.filter((r) => r.status && r.status !== 'resolved').length;
  const main = `<h1>${esc(L.incidentsTitle)}</h1>
<p class="lede">${esc(L.publishedIncidents(records.length))}${open ? `, <strong>${esc(L.notResolvedCount(open))}</strong>` : ''}. ${esc(L.indexLede)}</p>
<form class="filters" role="search" aria-label="${esc(L.filterIncidents)}">
<input type="search" name="q" placeholder="${esc(L.searchPlaceholder)}" aria-label="${esc(L.search)}" autocomplete="off">
<select name="severity" aria-label="${esc(L.severity)}">${sevOptions}</select>
<select name="status" aria-label="${esc(L.status)}">${statusOptions}</select>
<select name="service" aria-label="${esc(L.service)}">${options(frequencies(records.map((r) => r.services)), L.allServices)}</select>
<select name="tag" aria-label="${esc(L.tag)}">${options(frequencies(records.map((r) => r.tags)), L.allTags)}</select>
<button type="reset">${esc(L.clear)}</button>
</form>
<p class="count" id="count" aria-live="polite" data-one="${esc(L.incidents(1))}" data-many="${esc(L.countMany)}" data-of="${esc(L.shownOf)}">${esc(L.incidents(records.length))}</p>
${records.length ? incidentTable(records, '', L.allIncidents) : `<p class="empty">${esc(L.noneYet)}</p>`}`;
  return page({ root: '', title: siteTitle, siteTitle, nav: 'incidents', wide: true, scripts: ['search.js'] }, main);
}

/** search.js: the words of each incident in table order, loaded as a script so it works from file://. */
export function searchScript(records: IncidentRecord[]): string {
  return `window.PM_SEARCH=${JSON.stringify(records.map((r) => r.words)).replace(/</g, '\\u003c')};\n`;
}
