// The front page: every published incident, newest first, with search, filters and sorting.
import { esc } from '../html.js';
import { page } from '../layout.js';
import type { IncidentRecord } from '../record.js';
import { frequencies, incidentTable } from './table.js';

export function indexPage(records: IncidentRecord[], siteTitle: string): string {
  const options = (values: [string, number][], all: string) =>
    `<option value="">${all}</option>` + values.map(([v, n]) => `<option value="${esc(v)}">${esc(v)} (${n})</option>`).join('');
  const sev = frequencies(records.map((r) => [r.severity && /^SEV[1-4]$/.test(r.severity) ? r.severity.toLowerCase() : 'unknown'])).sort((a, b) => a[0].localeCompare(b[0]));
  const status = frequencies(records.map((r) => [r.status && /^(investigating|mitigated|resolved)$/.test(r.status) ? r.status : 'unknown']));
  const sevOptions = `<option value="">All severities</option>` + sev.map(([v, n]) => `<option value="${v}">${v === 'unknown' ? 'unknown' : v.toUpperCase()} (${n})</option>`).join('');
  const open = records.filter((r) => r.status && r.status !== 'resolved').length;
  const main = `<h1>Incidents</h1>
<p class="lede">${records.length} published incident${records.length === 1 ? '' : 's'}${open ? `, <strong>${open} not resolved</strong>` : ''}. What broke, how we found it, and what we changed so it does not happen again.</p>
<form class="filters" role="search" aria-label="Filter incidents">
<input type="search" name="q" placeholder="Search incidents…" aria-label="Search" autocomplete="off">
<select name="severity" aria-label="Severity">${sevOptions}</select>
<select name="status" aria-label="Status">${options(status, 'All statuses')}</select>
<select name="service" aria-label="Service">${options(frequencies(records.map((r) => r.services)), 'All services')}</select>
<select name="tag" aria-label="Tag">${options(frequencies(records.map((r) => r.tags)), 'All tags')}</select>
<button type="reset">Clear</button>
</form>
<p class="count" id="count" aria-live="polite">${records.length} incident${records.length === 1 ? '' : 's'}</p>
${records.length ? incidentTable(records, '', 'All incidents') : '<p class="empty">No incidents published yet.</p>'}`;
  return page({ root: '', title: siteTitle, siteTitle, nav: 'incidents', wide: true, scripts: ['search.js'] }, main);
}

/** search.js: the words of each incident in table order, loaded as a script so it works from file://. */
export function searchScript(records: IncidentRecord[]): string {
  return `window.PM_SEARCH=${JSON.stringify(records.map((r) => r.words)).replace(/</g, '\\u003c')};\n`;
}
