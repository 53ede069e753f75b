import path from 'node:path';
import { actionsFromItems, actionsFromTable } from './actions.js';
import { parseStamp } from './dates.js';
import { parseFrontMatter } from './frontmatter.js';
import { hypothesesFromItems } from './hypotheses.js';
import type { Durations, Meta, PostmortemDoc, Section, SectionId } from './model.js';
import { headings, listItems, splitLines, tableRows, type Line } from './outline.js';
import { sectionIdOf } from './sections.js';
import { timelineFromItems, timelineFromTable } from './timeline.js';

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : v instanceof Date ? v.toISOString() : String(v));
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String).filter(Boolean) : typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];

/** The incident id: front matter `id`, else the folder name (postmortem.md) or the file name. */
export function idFromPath(file: string): string {
  const base = path.basename(file, path.extname(file));
  return /^(postmortem|index|readme)$/i.test(base) ? path.basename(path.dirname(path.resolve(file))) : base;
}

const KNOWN = new Set(['id', 'title', 'status', 'severity', 'started', 'detected', 'mitigated', 'resolved', 'services', 'hosts', 'tags', 'authors', 'draft']);
// Keys of postmortems written elsewhere (icco/postmortems, Jekyll/Hugo posts), read so they publish
// well; ours win where both are given. `uuid` and the fetch time are bookkeeping, not for readers.
const FOREIGN = new Set(['start_time', 'end_time', 'date', 'keywords', 'categories', 'summary', 'url', 'source', 'company', 'product', 'uuid', 'source_fetched_at']);

/** Lists merged, the first spelling of each case-folded value kept ("DNS" and "dns" are one). */
const merged = (...lists: string[][]): string[] => {
  const seen = new Set<string>();
  return lists.flat().filter((v) => !seen.has(v.toLowerCase()) && seen.add(v.toLowerCase()));
};

const httpUrl = (v: unknown): string | null => {
  const s = str(v);
  if (!s || !/^https?:\/\//i.test(s)) return null;
  try {
    return new URL(s).href;
  } catch {
    return null;
  }
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A title a reader can use: a UUID (icco's files are named by one) is not. */
const titleOf = (v: string | null): string | null => (v && !UUID.test(v.trim()) ? v : null);

export function metaFrom(data: Record<string, unknown>, file: string, firstH1: string | null): Meta {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!KNOWN.has(k) && !FOREIGN.has(k)) extra[k] = v;
  const resolved = str(data.resolved) ?? str(data.end_time);
  return {
    id: str(data.id) ?? idFromPath(file),
    title: titleOf(str(data.title)) ?? titleOf(firstH1),
    // a postmortem published elsewhere with an end time is over; ours say so themselves
    status: str(data.status) ?? (str(data.end_time) ? 'resolved' : null),
    severity: str(data.severity),
    started: str(data.started) ?? str(data.start_time) ?? str(data.date),
    detected: str(data.detected),
    mitigated: str(data.mitigated),
    resolved,
    services: merged(list(data.services), list(data.company), list(data.product)),
    hosts: list(data.hosts),
    tags: merged(list(data.tags), list(data.keywords), list(data.categories)),
    authors: list(data.authors),
    draft: data.draft === true || data.draft === 'true',
    summary: str(data.summary),
    source: httpUrl(data.url) ?? httpUrl(data.source),
    extra,
  };
}

export function durationsOf(meta: Meta): Durations {
  const t = (s: string | null) => (s ? (parseStamp(s)?.ms ?? null) : null);
  const start = t(meta.started);
  const since = (s: string | null) => (start === null || t(s) === null ? null : t(s)! - start);
  return { toDetect: since(meta.detected), toMitigate: since(meta.mitigated), toResolve: since(meta.resolved) };
}

/** Sections by heading; each runs to the next heading of the same or higher rank. */
export function sectionsOf(lines: Line[], sourceLength: number): Section[] {
  const hs = headings(lines);
  return hs.map((h, i) => {
    const next = hs.slice(i + 1).find((n) => n.depth <= h.depth);
    return { id: sectionIdOf(h.text), heading: h.text, depth: h.depth, line: h.line, start: h.start, contentStart: h.end, end: next ? next.start : sourceLength };
  });
}

/** The lines of a section's content (between its heading and its end). */
export function linesIn(lines: Line[], from: number, to: number): Line[] {
  return lines.filter((l) => l.start >= from && l.start < to);
}

export function parseDocument(source: string, file: string): PostmortemDoc {
  const frontMatter = parseFrontMatter(source, file);
  const bodyStart = frontMatter?.end ?? 0;
  const lines = splitLines(source, bodyStart);
  const sections = sectionsOf(lines, source.length);
  const inSection = (id: SectionId) => {
    const s = sections.find((x) => x.id === id);
    return s ? linesIn(lines, s.contentStart, s.end) : [];
  };
  const tl = inSection('timeline');
  const pv = inSection('prevention');
  const listActions = actionsFromItems(listItems(pv));
  const firstH1 = sections.find((s) => s.depth === 1)?.heading ?? null;
  const meta = metaFrom(frontMatter?.data ?? {}, file, firstH1);
  return {
    file,
    source,
    frontMatter,
    meta,
    sections,
    timeline: [...timelineFromItems(listItems(tl)), ...timelineFromTable(tableRows(tl))].sort((a, b) => a.start - b.start),
    hypotheses: hypothesesFromItems(listItems(inSection('hypotheses'))),
    actions: [...listActions, ...actionsFromTable(tableRows(pv), listActions.length + 1)],
    durations: durationsOf(meta),
  };
}
