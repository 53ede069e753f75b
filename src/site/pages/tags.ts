// A page per tag (its incidents) and an overview of all tags.
import { esc, tagSlug } from '../html.js';
import { page } from '../layout.js';
import type { IncidentRecord } from '../record.js';
import { frequencies, incidentTable } from './table.js';

export function tagIndexPage(records: IncidentRecord[], siteTitle: string): string {
  const tags = frequencies(records.map((r) => r.tags));
  const main = `<h1>Tags</h1>
<p class="lede">${tags.length} tag${tags.length === 1 ? '' : 's'} across ${records.length} incidents.</p>
<ul class="tag-cloud">${tags.map(([t, n]) => `<li><a href="${encodeURIComponent(tagSlug(t))}.html">${esc(t)} <span class="n">${n}</span></a></li>`).join('')}</ul>`;
  return page({ root: '../', title: 'Tags', siteTitle, nav: 'tags' }, main);
}

export function tagPage(tag: string, records: IncidentRecord[], siteTitle: string): string {
  const main = `<h1>Tag: ${esc(tag)}</h1>
<p class="lede">${records.length} incident${records.length === 1 ? '' : 's'} · <a href="../index.html#tag=${encodeURIComponent(tag)}">filter in the full list</a> · <a href="index.html">all tags</a></p>
${incidentTable(records, '../', `Incidents tagged ${tag}`)}`;
  return page({ root: '../', title: `Tag: ${tag}`, siteTitle, nav: 'tags', wide: true }, main);
}
