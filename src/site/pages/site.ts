// The files that span incidents, rebuilt on every build from the records (cheap next to rendering):
// assets, index and search data, statistics, open actions, tag and service pages with their feeds.
import { SITE_JS, THEME_JS } from '../client.js';
import { atomFeed, incidentsJson, jsonFeed, type FeedOptions } from '../feeds.js';
import { tagSlug } from '../html.js';
import { BUILT_MARK, builtOn, ICON_SVG } from '../layout.js';
import type { IncidentRecord } from '../record.js';
import { STYLE_CSS } from '../style.js';
import { actionsPage, openActions } from './actions.js';
import { facetTitle, type Facet, type Group } from './facet.js';
import { byYear, indexPage, SEARCH_DATA, searchScript, yearHref, yearPage } from './index.js';
import { serviceGroups, serviceIndexPage, servicePage } from './services.js';
import { computeStats, statsPage } from './stats.js';
import { tagGroups, tagIndexPage, tagPage } from './tags.js';

/** Site-relative path -> content, for the published records (newest first). */
export function spanningFiles(published: IncidentRecord[], o: FeedOptions): Map<string, string> {
  const site = new Map<string, string>();
  site.set('assets/style.css', STYLE_CSS);
  site.set('assets/site.js', SITE_JS);
  site.set('assets/theme.js', THEME_JS);
  site.set('assets/icon.svg', ICON_SVG);
  const years = byYear(published);
  site.set('index.html', indexPage(published, o.siteTitle, years));
  site.set(SEARCH_DATA, searchScript(published, years));
  for (const y of years) if (!y.onIndex) site.set(yearHref('', y.year), yearPage(y, o.siteTitle));
  site.set('stats.html', statsPage(computeStats(published), o.siteTitle));
  site.set('actions.html', actionsPage(openActions(published, o.now), o.siteTitle));
  const facet = (name: Facet, groups: Group[], indexHtml: string, one: (g: Group) => string) => {
    site.set(`${name}/index.html`, indexHtml);
    for (const g of groups) {
      const slug = tagSlug(g.key);
      site.set(`${name}/${slug}.html`, one(g));
      site.set(`${name}/${slug}.xml`, atomFeed(g.records, o, { path: `${name}/${slug}.xml`, title: facetTitle(name, g.label), page: `${name}/${encodeURIComponent(slug)}.html` }));
    }
  };
  facet('tags', tagGroups(published), tagIndexPage(published, o.siteTitle), (g) => tagPage(g, o.siteTitle));
  facet('services', serviceGroups(published), serviceIndexPage(published, o.siteTitle), (g) => servicePage(g, o.siteTitle));
  site.set('feed.xml', atomFeed(published, o));
  site.set('feed.json', jsonFeed(published, o));
  site.set('incidents.json', incidentsJson(published, o));
  // these pages' footers say when the site was built (overdue actions are as of that day)
  const built = builtOn(o.now.toISOString().slice(0, 10));
  for (const [rel, text] of site) if (rel.endsWith('.html')) site.set(rel, text.replace(BUILT_MARK, built));
  return site;
}
