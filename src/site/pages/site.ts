// The files that span incidents, rebuilt on every build from the records (cheap next to rendering):
// assets, index and search words, statistics, open actions, tag pages, feeds.
import { SITE_JS, THEME_JS } from '../client.js';
import { atomFeed, incidentsJson, jsonFeed, type FeedOptions } from '../feeds.js';
import { tagSlug } from '../html.js';
import { ICON_SVG } from '../layout.js';
import type { IncidentRecord } from '../record.js';
import { STYLE_CSS } from '../style.js';
import { actionsPage, openActions } from './actions.js';
import { indexPage, searchScript } from './index.js';
import { computeStats, statsPage } from './stats.js';
import { tagIndexPage, tagPage } from './tags.js';

/** Site-relative path -> content, for the published records (newest first). */
export function spanningFiles(published: IncidentRecord[], o: FeedOptions): Map<string, string> {
  const site = new Map<string, string>();
  site.set('assets/style.css', STYLE_CSS);
  site.set('assets/site.js', SITE_JS);
  site.set('assets/theme.js', THEME_JS);
  site.set('assets/icon.svg', ICON_SVG);
  site.set('index.html', indexPage(published, o.siteTitle));
  site.set('search.js', searchScript(published));
  site.set('stats.html', statsPage(computeStats(published), o.siteTitle));
  site.set('actions.html', actionsPage(openActions(published, o.now), o.siteTitle));
  site.set('tags/index.html', tagIndexPage(published, o.siteTitle));
  const byTag = new Map<string, IncidentRecord[]>();
  for (const r of published) for (const t of new Set(r.tags)) (byTag.get(t) ?? byTag.set(t, []).get(t)!).push(r);
  for (const [tag, list] of byTag) site.set(`tags/${tagSlug(tag)}.html`, tagPage(tag, list, o.siteTitle));
  site.set('feed.xml', atomFeed(published, o));
  site.set('feed.json', jsonFeed(published, o));
  site.set('incidents.json', incidentsJson(published, o));
  return site;
}
