// The incidents table shared by the index and the tag pages: rendered complete in HTML (readable
// without JavaScript); data-* attributes carry what the client script sorts and filters on.
import { day, duration } from '../format.js';
import { esc } from '../html.js';
import { L } from '../i18n/labels.js';
import { sevBadge, statusBadge } from '../layout.js';
import { incidentHref, type IncidentRecord } from '../record.js';
import { facetHref, fold } from './facet.js';
import { tagHref } from './incident.js';

const clip = (s: string, n: number) => (s.length <= n ? s : s.slice(0, n - 1).trimEnd() + '…');

export interface TableOptions {
  /** A row's index in the whole list (the search data is by that index). */
  indexOf?: (r: IncidentRecord, k: number) => number;
  /** Rows that show their summary (the newest ones); a long history keeps the page light. */
  summaries?: number;
  /** The services column (the index leaves it out: the filter and service pages have them). */
  services?: boolean;
}

export function incidentTable(records: IncidentRecord[], root: string, caption: string, o: TableOptions = {}): string {
  const services = o.services !== false;
  const rows = records
    .map((r, k) => {
      const i = o.indexOf ? o.indexOf(r, k) : k;
      const sev = r.severity && /^SEV[1-4]$/.test(r.severity) ? r.severity.toLowerCase() : 'unknown';
      const status = r.status && /^(investigating|mitigated|resolved)$/.test(r.status) ? r.status : 'unknown';
      const ttr = r.durations.toResolve;
      const summary = r.summary && i < (o.summaries ?? Infinity) ? `<span class="summary">${esc(clip(r.summary, 170))}</span>` : '';
      return `<tr data-i="${i}" data-sev="${sev}" data-status="${status}" data-tags="|${esc(r.tags.map(fold).join('|'))}|" data-services="|${esc(r.services.map(fold).join('|'))}|"${r.startedMs !== null ? ` data-start="${r.startedMs}"` : ''}${ttr !== null ? ` data-dur="${ttr}"` : ''}>
<td class="date">${r.started ? `<time datetime="${esc(r.started)}">${esc(day(r.started))}</time>` : `<span class="muted">${esc(L.unknown)}</span>`}</td>
<td class="title"><a href="${root}${incidentHref(r.id)}">${esc(r.title)}</a>${r.draft ? ` <span class="badge draft">${esc(L.draft)}</span>` : ''}${summary}</td>
<td>${sevBadge(r.severity)}</td>
<td class="col-status">${statusBadge(r.status)}</td>
<td class="num col-duration">${ttr !== null ? esc(duration(ttr)) : `<span class="muted">${esc(r.status && r.status !== 'resolved' ? L.ongoing : L.unknown)}</span>`}</td>
${services ? `<td class="col-services">${r.services.map((s) => `<a class="chip" href="${esc(facetHref(root, 'services', s))}">${esc(s)}</a>`).join('')}</td>\n` : ''}<td class="col-tags">${r.tags.map((t) => `<a class="chip" href="${esc(tagHref(root, t))}">${esc(t)}</a>`).join('')}</td>
</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap incidents-table"><table class="incidents">
<caption class="skip">${esc(caption)}</caption>
<thead><tr>
<th data-sort="start" aria-sort="descending"><button class="sort" type="button">${esc(L.col.date)}</button></th>
<th data-sort="title"><button class="sort" type="button">${esc(L.col.incident)}</button></th>
<th data-sort="sev"><button class="sort" type="button">${esc(L.col.severity)}</button></th>
<th data-sort="status" class="col-status"><button class="sort" type="button">${esc(L.col.status)}</button></th>
<th data-sort="dur" class="num col-duration"><button class="sort" type="button">${esc(L.col.duration)}</button></th>
${services ? `<th class="col-services">${esc(L.col.services)}</th>\n` : ''}<th class="col-tags">${esc(L.col.tags)}</th>
</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>`;
}

/** Values by how often they occur, most frequent first. */
export function frequencies(values: string[][]): [string, number][] {
  const m = new Map<string, number>();
  for (const list of values) for (const v of list) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
