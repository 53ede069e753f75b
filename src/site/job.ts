// Rendering one incident, the unit of work a worker thread does: decode, parse the model (line
// based, fast), render the body with unified once, build the record and the page.
import { decodeText } from '../doc/load.js';
import type { PostmortemDoc } from '../doc/model.js';
import { parseDocument } from '../doc/parse.js';
import { PmError } from '../errors.js';
import { categoryOf } from './category.js';
import { esc } from './html.js';
import { L, useLang } from './i18n/labels.js';
import { BUILT_MARK } from './layout.js';
import { renderBody, renderFragment, type RenderedBody } from './markdown.js';
import { incidentPage, type EvidenceFile } from './pages/incident.js';
import type { IncidentRecord } from './record.js';
import { parseSnapshot, type SiteSnapshot } from './snapshot.js';
import { parseStamp } from '../doc/dates.js';
import { parsePromEvidence, prometheusSection, type TsEvidence } from './timeseries.js';

export interface IncidentJob {
  id: string;
  file: string;
  bytes: Uint8Array;
  snapshots: { name: string; text: string }[];
  evidence: EvidenceFile[];
  /** Prometheus evidence files, drawn as charts (site/timeseries.ts). */
  prometheus?: { name: string; text: string }[];
  drafts: boolean;
  siteTitle: string;
  lang: string;
}

export interface JobResult {
  id: string;
  record?: IncidentRecord;
  /** The page, or null for a draft left out of the site. */
  page?: string | null;
  warnings: string[];
  /** Unreadable or unsafe input: the build fails with this message. */
  error?: string;
}

/** Words too common to search for: left out of the index, and ignored in a query (search-data.js has them). */
export const STOP = new Set('the and for with was were that this from are has had not but have you all can its our out into than then them they who will would der die das und ist ein eine mit von den dem des auf für nicht sich als auch wir'.split(' '));

const WORD = /[\p{L}\p{N}]{2,}/gu;

/** Unique lowercase words (letters and digits), for the offline search. */
export function searchWords(...texts: string[]): string {
  const seen = new Set<string>();
  for (const text of texts) for (const w of text.toLowerCase().match(WORD) ?? []) if (w.length <= 40 && !STOP.has(w)) seen.add(w);
  return [...seen].join(' ');
}

const clip = (s: string, n: number) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= n ? t : t.slice(0, t.lastIndexOf(' ', n - 1) > n * 0.6 ? t.lastIndexOf(' ', n - 1) : n - 1) + '…';
};

const UUID_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The first sentence of the text, shortened, as a title for a document that has none. */
export function firstSentence(text: string): string | null {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return null;
  // a sentence ends at . ! ? followed by a space and a capital or digit ("e.g. this" goes on)
  const end = /[.!?](?=\s+[\p{Lu}\p{N}"“(])/u.exec(t);
  const s = end ? t.slice(0, end.index) : t.replace(/[.!?]$/, '');
  return clip(s, 90);
}

/** The title: front matter, else the first H1, else the first sentence; never a bare UUID. */
export function titleFor(id: string, doc: PostmortemDoc, body: RenderedBody): string {
  return doc.meta.title ?? firstSentence(body.text) ?? (UUID_ID.test(id) ? L.untitled : id);
}

/**
 * A foreign postmortem's front matter `summary` becomes its TL;DR (when the body has none) and its
 * `url` a "Source" link, both above the body. The summary is Markdown: rendered by the same
 * sanitizing processor as the body.
 */
export function withForeignParts(doc: PostmortemDoc, body: RenderedBody): RenderedBody {
  const m = doc.meta;
  let html = body.html;
  let toc = body.toc;
  const sectionText = { ...body.sectionText };
  if (m.summary && !body.sectionText.tldr) {
    const s = renderFragment(m.summary);
    html = `<h2 id="s-tl-dr">TL;DR</h2>\n${s.html}\n${html}`;
    toc = [{ id: 's-tl-dr', text: 'TL;DR', depth: 2 }, ...toc];
    sectionText.tldr = s.text;
  }
  if (m.source) {
    let label = m.source;
    try {
      const u = new URL(m.source);
      label = u.host + (u.pathname.length > 1 ? u.pathname : '');
    } catch {
      /* httpUrl in the model already checked it */
    }
    html = `<p class="source">${esc(L.source)}: <a href="${esc(m.source)}" rel="noopener noreferrer">${esc(label.length > 80 ? label.slice(0, 79) + '…' : label)}</a></p>\n${html}`;
  }
  return html === body.html ? body : { ...body, html, toc, sectionText };
}

export function recordOf(id: string, doc: PostmortemDoc, body: RenderedBody, snapshots: SiteSnapshot[]): IncidentRecord {
  const m = doc.meta;
  const title = titleFor(id, doc, body);
  const open = doc.actions.filter((a) => !a.done);
  return {
    id,
    title,
    status: m.status,
    severity: m.severity ? m.severity.toUpperCase() : null,
    started: m.started,
    detected: m.detected,
    mitigated: m.mitigated,
    resolved: m.resolved,
    startedMs: m.started ? (parseStamp(m.started)?.ms ?? null) : null,
    durations: doc.durations,
    services: m.services,
    hosts: m.hosts,
    tags: m.tags,
    authors: m.authors,
    draft: m.draft,
    category: categoryOf(m.extra, body.sectionText['root-cause'] ?? '', title, m.tags),
    summary: clip(body.sectionText.tldr ?? body.sectionText.impact ?? body.text, 280),
    words: searchWords(title, id, m.tags.join(' '), m.services.join(' '), m.hosts.join(' '), body.sectionText.tldr ?? '', body.text),
    actions: { total: doc.actions.length, done: doc.actions.length - open.length },
    openActions: open.map((a) => ({ n: a.n, text: a.text, owner: a.owner, due: a.due })),
    snapshots: snapshots.length,
    critical: snapshots.reduce((n, s) => n + s.findings.filter((f) => f.severity === 'critical').length, 0),
  };
}

export function runJob(job: IncidentJob): JobResult {
  useLang(job.lang); // a worker thread has its own module state
  const warnings: string[] = [];
  try {
    const source = decodeText(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength), job.file);
    const doc = parseDocument(source, job.file);
    const body = withForeignParts(doc, renderBody(doc));
    const snapshots: SiteSnapshot[] = [];
    for (const s of job.snapshots) {
      try {
        snapshots.push(parseSnapshot(s.text, s.name));
      } catch (e) {
        warnings.push(`${job.id}/snapshots/${s.name}: ${(e as Error).message}; left out of the page`);
      }
    }
    snapshots.sort((a, b) => a.name.localeCompare(b.name));
    const series: TsEvidence[] = [];
    for (const f of job.prometheus ?? []) {
      try {
        series.push(parsePromEvidence(f.text, f.name));
      } catch (e) {
        warnings.push(`${job.id}/${f.name}: ${(e as Error).message}; no charts drawn from it`);
      }
    }
    const record = recordOf(job.id, doc, body, snapshots);
    const html = record.draft && !job.drafts ? null : incidentPage(doc, body, record, snapshots, job.evidence, job.siteTitle, prometheusSection(series, doc.meta));
    const page = html && html.replace(BUILT_MARK, '');
    return { id: job.id, record, page, warnings };
  } catch (e) {
    if (e instanceof PmError) return { id: job.id, warnings, error: e.message };
    return { id: job.id, warnings, error: `${job.file}: cannot render (${(e as Error)?.message ?? e})` };
  }
}
