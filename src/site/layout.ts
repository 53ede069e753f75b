// The page shell every page shares. Links are relative (`root` is "", "../" or "../../") so the
// site works from file://, from any folder on any static host, and without a base URL.
import { esc } from './html.js';
import { L } from './i18n/labels.js';

export interface PageOptions {
  /** Relative path from the page to the site root: "", "../", "../../". */
  root: string;
  title: string;
  /** Which nav entry is current. */
  nav?: 'incidents' | 'actions' | 'stats' | 'tags' | 'services';
  siteTitle: string;
  /** Extra scripts (relative to the root) loaded before the site script. */
  scripts?: string[];
  description?: string;
  /** Wider layout for tables. */
  wide?: boolean;
  /** A page's own Atom feed (a tag's, a service's), relative to the root. */
  feed?: string;
}

/**
 * Where the footer says when the site was built: filled in on the pages every build writes (index,
 * actions, stats...: overdue is as of that day), removed from incident pages, which the cache keeps
 * across days. Never left in a written page.
 */
export const BUILT_MARK = '<!--pm:built-->';

/** The footer's "built on" (YYYY-MM-DD in): overdue actions and "not resolved" are as of this day. */
export const builtOn = (day: string): string => {
  const [y, m, d] = day.split('-') as [string, string, string];
  return ` · ${esc(L.builtOn)} <time datetime="${esc(day)}">${esc(L.day(y, m, d))}</time>`;
};

const NAV: [NonNullable<PageOptions['nav']>, string][] = [
  ['incidents', 'index.html'],
  ['actions', 'actions.html'],
  ['stats', 'stats.html'],
  ['tags', 'tags/index.html'],
  ['services', 'services/index.html'],
];

/** The favicon: the same pulse line as the header, red on a rounded square. */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#c92a2a"/><path d="M5 17h5l3-8 5 15 3-8h6" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/></svg>
`;

export function page(o: PageOptions, main: string): string {
  const r = o.root;
  const nav = NAV.map(([id, href]) => `<a href="${r}${href}"${o.nav === id ? ' aria-current="page"' : ''}>${esc(L.nav[id])}</a>`).join('');
  const scripts = [...(o.scripts ?? []), 'assets/site.js'].map((s) => `<script src="${r}${s}" defer></script>`).join('');
  return `<!doctype html>
<html lang="${L.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${esc(o.title === o.siteTitle ? o.title : `${o.title} · ${o.siteTitle}`)}</title>
${o.description ? `<meta name="description" content="${esc(o.description)}">` : ''}
<link rel="icon" href="${r}assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${r}assets/style.css">
<link rel="alternate" type="application/atom+xml" title="${esc(o.siteTitle)} (Atom)" href="${r}feed.xml">
<link rel="alternate" type="application/feed+json" title="${esc(o.siteTitle)} (JSON Feed)" href="${r}feed.json">${o.feed ? `\n<link rel="alternate" type="application/atom+xml" title="${esc(o.title)} (Atom)" href="${r}${esc(o.feed)}">` : ''}
<script src="${r}assets/theme.js"></script>
${scripts}
</head>
<body>
<a class="skip" href="#main">${esc(L.skip)}</a>
<header class="site-header"><div class="wrap${o.wide ? ' wide' : ''}">
<a class="brand" href="${r}index.html"><svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><path d="M3 13h4l2-6 4 12 2-6h6" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>${esc(o.siteTitle)}</a>
<nav aria-label="${esc(L.navSite)}">${nav}</nav>
<button class="theme-toggle" type="button" aria-label="${esc(L.themeToggle)}" title="${esc(L.themeTitle)}"><svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path d="M12 3a9 9 0 1 0 9 9A7 7 0 0 1 12 3z" fill="currentColor"/></svg></button>
</div></header>
<main id="main" class="wrap${o.wide ? ' wide' : ''}">
${main}
</main>
<footer class="site-footer"><div class="wrap${o.wide ? ' wide' : ''}">${esc(L.publishedWith)}${BUILT_MARK} · <a href="${r}feed.xml">Atom</a> · <a href="${r}feed.json">JSON Feed</a> · <a href="${r}incidents.json">incidents.json</a></div></footer>
</body>
</html>
`;
}

/** Severity and status as coloured badges; missing values say "unknown" (in the build's language). */
export function sevBadge(sev: string | null): string {
  const s = sev ? sev.toUpperCase() : null;
  const known = s && /^SEV[1-4]$/.test(s);
  return `<span class="badge sev ${known ? s!.toLowerCase() : 'unknown'}">${esc(s ?? L.unknown)}</span>`;
}

export function statusBadge(status: string | null): string {
  const known = status && /^(investigating|mitigated|resolved)$/.test(status);
  return `<span class="badge status ${known ? status : 'unknown'}">${esc(known ? L.statusName[status] ?? status : status ?? L.unknown)}</span>`;
}
