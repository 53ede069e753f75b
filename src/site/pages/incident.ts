// One incident's page: the summary box (front matter with derived durations), the rendered
// postmortem with its timeline drawn as a timeline, snapshot usage bars and the evidence files.
import type { PostmortemDoc } from '../../doc/model.js';
import { duration, when } from '../format.js';
import { esc, seg, tagSlug } from '../html.js';
import { L } from '../i18n/labels.js';
import { page, sevBadge, statusBadge } from '../layout.js';
import type { RenderedBody } from '../markdown.js';
import { phaseBar } from '../phase-bar.js';
import type { IncidentRecord } from '../record.js';
import { snapshotCard, type SiteSnapshot } from '../snapshot.js';

export interface EvidenceFile {
  /** Path inside the incident folder ("evidence/2026-...-df-i.txt"). */
  rel: string;
  size: number;
}

const unknown = () => `<span class="unknown">${esc(L.unknown)}</span>`;
const list = (items: string[], href?: (s: string) => string) =>
  items.length ? items.map((s) => (href ? `<a class="chip" href="${esc(href(s))}">${esc(s)}</a>` : `<span class="chip">${esc(s)}</span>`)).join(' ') : unknown();

export function tagHref(root: string, tag: string): string {
  return `${root}tags/${encodeURIComponent(tagSlug(tag))}.html`;
}

/** Our ids say when and what (2026-03-14-blog-inode-quota); a foreign folder name, often a UUID, says nothing. */
const ownId = (id: string) => /^\d{4}-\d{2}-\d{2}-/.test(id);

export function incidentPage(
  doc: PostmortemDoc,
  body: RenderedBody,
  rec: IncidentRecord,
  snapshots: SiteSnapshot[],
  evidence: EvidenceFile[],
  siteTitle: string,
  /** Prometheus charts (site/timeseries.ts), ready HTML or "". */
  charts = '',
): string {
  const root = '../../';
  const m = doc.meta;
  const d = rec.durations;
  const tile = (label: string, ms: number | null, title: string) =>
    `<div class="duration" title="${esc(title)}"><div class="label">${esc(label)}</div><div class="value${ms === null ? ' unknown' : ''}">${esc(duration(ms))}</div></div>`;
  const stamp = (s: string | null) => (s ? `<time datetime="${esc(s)}">${esc(when(s))}</time>` : unknown());
  const extra = Object.entries(m.extra).filter(([, v]) => typeof v === 'string' || typeof v === 'number');
  const p = L.phase;
  const summary = `<section class="summary-box card" aria-label="${esc(L.summary)}">
<div class="durations">${tile(L.toDetect, d.toDetect, L.span.detect)}${tile(L.toMitigate, d.toMitigate, L.span.mitigate)}${tile(L.toResolve, d.toResolve, L.span.resolve)}</div>
${phaseBar(d, m)}
<dl class="meta">
<dt>${esc(p.started)}</dt><dd>${stamp(m.started)}</dd>
<dt>${esc(p.detected)}</dt><dd>${stamp(m.detected)}</dd>
<dt>${esc(p.mitigated)}</dt><dd>${stamp(m.mitigated)}</dd>
<dt>${esc(p.resolved)}</dt><dd>${stamp(m.resolved)}</dd>
<dt>${esc(L.meta.services)}</dt><dd>${list(m.services)}</dd>
<dt>${esc(L.meta.hosts)}</dt><dd>${list(m.hosts)}</dd>
<dt>${esc(L.meta.tags)}</dt><dd>${list(m.tags, (t) => tagHref(root, t))}</dd>
<dt>${esc(L.meta.authors)}</dt><dd>${m.authors.length ? esc(m.authors.join(', ')) : unknown()}</dd>
<dt>${esc(L.meta.rootCause)}</dt><dd>${esc(rec.category)}</dd>
${extra.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('\n')}
</dl>
</section>`;
  const toc = body.toc.filter((t) => t.depth === 2);
  const tocHtml =
    toc.length > 2 || snapshots.length || charts || evidence.length
      ? `<nav class="toc" aria-label="${esc(L.onThisPage)}">${toc.map((t) => `<a href="#${esc(t.id)}">${esc(t.text)}</a>`).join('')}${snapshots.length ? `<a href="#snapshots">${esc(L.snapshots)}</a>` : ''}${charts ? '<a href="#prometheus">Prometheus</a>' : ''}${evidence.length ? `<a href="#files">${esc(L.files)}</a>` : ''}</nav>`
      : '';
  const snaps = snapshots.length
    ? `<h2 id="snapshots">${esc(L.snapshots)}</h2><div class="snapshots">${snapshots.map((s) => snapshotCard(s, m.hosts)).join('\n')}</div>`
    : '';
  const files = evidence.length
    ? `<h2 id="files">${esc(L.files)}</h2><ul class="files">${evidence
        .map((e) => `<li><a href="${esc(e.rel.split('/').map(seg).join('/'))}">${esc(e.rel)}</a> <span class="muted">${esc(size(e.size))}</span></li>`)
        .join('')}</ul>`
    : '';
  const main = `<header class="incident-head">
<div class="badges">${sevBadge(m.severity)} ${statusBadge(m.status)}${m.draft ? ` <span class="badge draft">${esc(L.draft)}</span>` : ''}</div>
<h1>${esc(rec.title)}</h1>
${ownId(rec.id) ? `<p class="lede">${esc(rec.id)}</p>` : ''}
</header>
${summary}
${tocHtml}
<article class="prose">
${body.html}
</article>
${snaps}
${charts}
${files}`;
  return page({ root, title: rec.title, siteTitle, description: rec.summary || undefined }, main);
}

function size(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
