// Tags and services group incidents the same way: one page per value (its incidents and an Atom
// feed) and an overview of all values. Values are case-folded ("DNS" and "dns" are one tag) and
// shown in their most common spelling.
import { esc, fold, tagSlug } from '../html.js';
import { L } from '../i18n/labels.js';
import { page } from '../layout.js';
import type { IncidentRecord } from '../record.js';
import { incidentTable } from './table.js';

export interface Group {
  /** The case-folded value: what filters compare. */
  key: string;
  /** The most common spelling (ties: the one seen first, newest incident first). */
  label: string;
  records: IncidentRecord[];
}

export type Facet = 'tags' | 'services';

export { fold };

/** Groups records by the case-folded values `pick` gives, most incidents first, then by label. */
export function groupsOf(records: IncidentRecord[], pick: (r: IncidentRecord) => string[]): Group[] {
  const groups = new Map<string, { spellings: Map<string, number>; records: IncidentRecord[] }>();
  for (const r of records) {
    const seen = new Set<string>();
    for (const v of pick(r)) {
      const key = fold(v);
      if (seen.has(key)) continue;
      seen.add(key);
      const g = groups.get(key) ?? groups.set(key, { spellings: new Map(), records: [] }).get(key)!;
      g.spellings.set(v, (g.spellings.get(v) ?? 0) + 1);
      g.records.push(r);
    }
  }
  return [...groups]
    .map(([key, g]) => ({ key, label: [...g.spellings].reduce((a, b) => (b[1] > a[1] ? b : a))[0], records: g.records }))
    .sort((a, b) => b.records.length - a.records.length || a.label.localeCompare(b.label));
}

/** "1 incident", "2 incidents", in the build's language. */
export const incidents = (n: number): string => L.incidents(n);

/** The words of a facet, from the label table (read when a page is made: the language is set by then). */
const words = (facet: Facet) =>
  facet === 'tags'
    ? { title: L.tagsTitle, lede: L.tagsLede, of: L.tagTitle, all: L.allTagsLink, caption: L.taggedCaption, none: L.noTags, filter: 'tag', nav: 'tags' as const }
    : { title: L.servicesTitle, lede: L.servicesLede, of: L.serviceTitle, all: L.allServicesLink, caption: L.serviceCaption, none: L.noServices, filter: 'service', nav: 'services' as const };

/** Link from the site root to a value's page ("tags/dns.html"). */
export const facetHref = (root: string, facet: Facet, value: string): string => `${root}${facet}/${encodeURIComponent(tagSlug(value))}.html`;

export function facetIndexPage(facet: Facet, groups: Group[], total: number, siteTitle: string): string {
  const w = words(facet);
  const main = `<h1>${esc(w.title)}</h1>
<p class="lede">${esc(w.lede(groups.length, total))}</p>
${groups.length ? `<ul class="tag-cloud">${groups.map((g) => `<li><a href="${encodeURIComponent(tagSlug(g.key))}.html">${esc(g.label)} <span class="n">${g.records.length}</span></a></li>`).join('')}</ul>` : `<p class="empty">${esc(w.none)}</p>`}`;
  return page({ root: '../', title: w.title, siteTitle, nav: w.nav }, main);
}

export function facetPage(facet: Facet, g: Group, siteTitle: string): string {
  const w = words(facet);
  const slug = encodeURIComponent(tagSlug(g.key));
  const main = `<h1>${esc(w.of(g.label))}</h1>
<p class="lede">${esc(incidents(g.records.length))} · <a href="../index.html#${w.filter}=${encodeURIComponent(g.key)}">${esc(L.filterInList)}</a> · <a href="index.html">${esc(w.all)}</a> · <a href="${slug}.xml">${esc(L.atomFeed)}</a></p>
${incidentTable(g.records, '../', w.caption(g.label))}`;
  return page({ root: '../', title: w.of(g.label), siteTitle, nav: w.nav, wide: true, feed: `${facet}/${slug}.xml` }, main);
}

/** The feed title of a value's page ("Tag: dns"). */
export const facetTitle = (facet: Facet, label: string): string => words(facet).of(label);
