// Feeds: Atom (RFC 4287) and JSON Feed 1.1 of the newest incidents, and incidents.json with the
// metadata of every incident. Written here rather than with the `feed` package: it needs absolute
// URLs for every link (a site built without --base-url has none) and writes JSON Feed 1.0.
// Relative links are valid in Atom and JSON Feed; readers resolve them against the feed's URL.
import { esc as escHtml } from './html.js';
import { L } from './i18n/labels.js';

// XML 1.0 forbids most control characters even escaped; a stray one in a title would make the
// whole feed unreadable.
const esc = (v: unknown) => escHtml(v).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
import { byNewest, incidentHref, type IncidentRecord } from './record.js';
import { parseStamp } from '../doc/dates.js';
import { httpUrl } from '../util/http-url.js';

export interface FeedOptions {
  siteTitle: string;
  /** Absolute URL of the site root ending in "/", or "" for relative links. */
  baseUrl: string;
  now: Date;
  limit?: number;
}

/** Normalizes --base-url: an http(s) URL ending in "/"; "" when not given. */
export function normalizeBaseUrl(url: string | undefined): string | null {
  if (!url) return '';
  const u = httpUrl(url);
  if (!u) return null;
  return u.href.endsWith('/') ? u.href : u.href + '/';
}

const isoOf = (s: string | null) => {
  const ms = s ? parseStamp(s)?.ms : undefined;
  return ms !== undefined && ms !== null && Number.isFinite(ms) ? new Date(ms).toISOString() : null;
};

// Feed dates come from the incidents, never from the clock: a rebuild that changes nothing writes
// the same bytes (feed readers and caches see no change). An undated incident takes the epoch.
const EPOCH = new Date(0).toISOString();

/** The newest incidents that go into the feeds, with their dates. */
function entries(records: IncidentRecord[], o: FeedOptions) {
  return [...records]
    .sort(byNewest)
    .slice(0, o.limit ?? 50)
    .map((r) => {
      const published = isoOf(r.started) ?? isoOf(r.resolved) ?? EPOCH;
      const updated = isoOf(r.resolved) ?? isoOf(r.mitigated) ?? isoOf(r.detected) ?? published;
      const id = o.baseUrl ? `${o.baseUrl}${incidentHref(r.id)}` : `urn:postmortem:incident:${encodeURIComponent(r.id)}`;
      const facts = [r.severity ?? 'severity unknown', r.status ?? 'status unknown', r.services.length ? `services: ${r.services.join(', ')}` : null].filter(Boolean).join(' · ');
      return { r, id, url: `${o.baseUrl}${incidentHref(r.id)}`, dated: published !== EPOCH, published: published < updated ? published : updated, updated: updated > published ? updated : published, facts };
    });
}

/** A feed of part of the site (a tag, a service): where it lives, what it is called, its page. */
export interface FeedPart {
  /** Site-relative path of the feed ("tags/dns.xml"). */
  path: string;
  title: string;
  /** Site-relative path of the page it follows ("tags/dns.html"). */
  page: string;
}

export function atomFeed(records: IncidentRecord[], o: FeedOptions, part?: FeedPart): string {
  const items = entries(records, o);
  const updated = items.reduce((m, e) => (e.updated > m ? e.updated : m), items[0]?.updated ?? EPOCH);
  const siteId = o.baseUrl || `urn:postmortem:site:${encodeURIComponent(o.siteTitle)}`;
  const feedId = part ? (o.baseUrl ? `${o.baseUrl}${part.path}` : `${siteId}:${encodeURIComponent(part.path)}`) : siteId;
  // Relative links resolve against the feed's own URL: a feed in a folder points back to the root.
  const depth = part ? part.path.split('/').length - 1 : 0;
  const base = o.baseUrl || (depth ? '../'.repeat(depth) : '');
  const body = items
    .map(
      (e) => `  <entry>
    <id>${esc(e.id)}</id>
    <title>${esc(e.r.title)}</title>
    <link rel="alternate" type="text/html" href="${esc(e.url)}"/>
    <published>${e.published}</published>
    <updated>${e.updated}</updated>
${(e.r.authors.length ? e.r.authors : ['unknown']).map((a) => `    <author><name>${esc(a)}</name></author>`).join('\n')}
${e.r.tags.map((t) => `    <category term="${esc(t)}"/>`).join('\n')}
    <summary type="text">${esc(`${e.facts}. ${e.r.summary}`.trim())}</summary>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"${base ? ` xml:base="${esc(base)}"` : ''}>
  <id>${esc(feedId)}</id>
  <title>${esc(part ? `${part.title} · ${o.siteTitle}` : o.siteTitle)}</title>
  <updated>${updated}</updated>
  <link rel="alternate" type="text/html" href="${esc(o.baseUrl)}${esc(part?.page ?? 'index.html')}"/>
  <link rel="self" type="application/atom+xml" href="${esc(o.baseUrl)}${esc(part?.path ?? 'feed.xml')}"/>
  <generator>postmortem</generator>
${body}
</feed>
`;
}

export function jsonFeed(records: IncidentRecord[], o: FeedOptions): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: o.siteTitle,
    home_page_url: `${o.baseUrl}index.html`,
    feed_url: `${o.baseUrl}feed.json`,
    language: L.lang,
    items: entries(records, o).map((e) => ({
      id: e.id,
      url: e.url,
      title: e.r.title,
      content_text: `${e.facts}.\n\n${e.r.summary}`.trim(),
      summary: e.r.summary || undefined,
      // JSON Feed may leave dates out (Atom may not): an undated incident has none
      date_published: e.dated ? e.published : undefined,
      date_modified: e.dated ? e.updated : undefined,
      tags: e.r.tags.length ? e.r.tags : undefined,
      authors: e.r.authors.length ? e.r.authors.map((name) => ({ name })) : undefined,
    })),
  };
  return JSON.stringify(feed, null, 2) + '\n';
}

/** Every published incident's metadata, for scripts and other tools. */
export function incidentsJson(records: IncidentRecord[], o: FeedOptions): string {
  const list = [...records].sort(byNewest).map((r) => ({
    id: r.id,
    url: `${o.baseUrl}${incidentHref(r.id)}`,
    title: r.title,
    status: r.status,
    severity: r.severity,
    started: r.started,
    detected: r.detected,
    mitigated: r.mitigated,
    resolved: r.resolved,
    durations: r.durations,
    services: r.services,
    hosts: r.hosts,
    tags: r.tags,
    authors: r.authors,
    draft: r.draft,
    category: r.category,
    summary: r.summary,
    actions: { ...r.actions, open: r.openActions },
    snapshots: r.snapshots,
    criticalFindings: r.critical,
  }));
  return JSON.stringify({ generated: o.now.toISOString(), count: list.length, incidents: list }, null, 2) + '\n';
}
