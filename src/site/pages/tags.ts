// A page per tag (its incidents) and an overview of all tags.
import { esc, tagSlug } from '../html.js';
import { L } from '../i18n/labels.js';
import { page } from '../layout.js';
import type { IncidentRecord } from '../record.js';
import { frequencies, incidentTable } from './table.js';

export function tagIndexPage(records: IncidentRecord[], siteTitle: string): string {
  const tags = frequencies(records.map((r) => r.tags));
  const main = `<h1>${esc(L.tagsTitle)}</h1>
<p class="lede">${esc(L.tagsLede(tags.length, records.length))}</p>
<ul class="tag-cloud">${tags.map(([t, n]) => `<li><a href="${encodeURIComponent(tagSlug(t))}.html">${esc(t)} <span class="n">${n}</span></a></li>`).join('')}</ul>`;
  return page({ root: '../', title: L.tagsTitle, siteTitle, nav: 'tags' }, main);
}

export function tagPage(tag: string, records: IncidentRecord[], siteTitle: string): string {
  const main = `<h1>${esc(L.tagTitle(tag))}</h1>
<p class="lede">${esc(L.incidents(records.length))} · <a href="../index.html#tag=${encodeURIComponent(tag)}">${esc(L.filterInList)}</a> · <a href="index.html">${esc(L.allTagsLink)}</a></p>
${incidentTable(records, '../', L.taggedCaption(tag))}`;
  return page({ root: '../', title: L.tagTitle(tag), siteTitle, nav: 'tags', wide: true }, main);
}
