// Tags and services group incidents the same way: one page per value (its incidents and an Atom
// feed) and an overview of all values. Values are case-folded ("DNS" and "dns" are one tag) and
// shown in their most common spelling.
import { esc, tagSlug } from '../html.js';
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

/** Folds a value for comparison; the one rule, shared by pages, filters and slugs. */
export const fold = (v: string): string => v.toLowerCase();

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

/** "1 incident", "2 incidents". */
export const incidents = (n: number): string => `${n} incident${n === 1 ? '' : 's'}`;

const WORDS: Record<Facet, { title: string; one: string; many: string; of: string; filter: string; nav: 'tags' | 'services' }> = {
  tags: { title: 'Tags', one: 'tag', many: 'tags', of: 'Tag', filter: 'tag', nav: 'tags' },
  services: { title: 'Services', one: 'service', many: 'services', of: 'Service', filter: 'service', nav: 'services' },
};

/** Link from the site root to a value's page ("tags/dns.html"). */
export const facetHref = (root: string, facet: Facet, value: string): string => `${root}${facet}/${encodeURIComponent(tagSlug(value))}.html`;

export function facetIndexPage(facet: Facet, groups: Group[], total: number, siteTitle: string): string {
  const w = WORDS[facet];
  const main = `<h1>${w.title}</h1>
<p class="lede">${groups.length} ${groups.length === 1 ? w.one : w.many} across ${incidents(total)}.</p>
${groups.length ? `<ul class="tag-cloud">${groups.map((g) => `<li><a href="${encodeURIComponent(tagSlug(g.key))}.html">${esc(g.label)} <span class="n">${g.records.length}</span></a></li>`).join('')}</ul>` : `<p class="empty">No incident names a ${w.one} yet.</p>`}`;
  return page({ root: '../', title: w.title, siteTitle, nav: w.nav }, main);
}

export function facetPage(facet: Facet, g: Group, siteTitle: string): string {
  const w = WORDS[facet];
  const slug = encodeURIComponent(tagSlug(g.key));
  const main = `<h1>${w.of}: ${esc(g.label)}</h1>
<p class="lede">${incidents(g.records.length)} · <a href="../index.html#${w.filter}=${encodeURIComponent(g.key)}">filter in the full list</a> · <a href="index.html">all ${w.many}</a> · <a href="${slug}.xml">Atom feed</a></p>
${incidentTable(g.records, '../', `Incidents: ${w.of.toLowerCase()} ${g.label}`)}`;
  return page({ root: '../', title: `${w.of}: ${g.label}`, siteTitle, nav: w.nav, wide: true, feed: `${facet}/${slug}.xml` }, main);
}
