// What the site keeps of one incident for the pages that span incidents (index, stats, tags, feeds,
// open actions). Plain JSON: it travels from the render workers and is kept in the build cache.
import type { Durations, Meta } from '../doc/model.js';

export interface OpenAction {
  n: number;
  text: string;
  owner: string | null;
  due: string | null;
}

/** The front matter fields the cross-incident pages show, as the model reads them. */
type ShownMeta = Pick<Meta, 'status' | 'severity' | 'started' | 'detected' | 'mitigated' | 'resolved' | 'services' | 'hosts' | 'tags' | 'authors' | 'draft'>;

export interface IncidentRecord extends ShownMeta {
  /** The incident folder's name: the page lives at incidents/<id>/index.html. */
  id: string;
  title: string;
  /** Epoch ms of `started` when it parses, for sorting and charts. */
  startedMs: number | null;
  durations: Durations;
  /** Root-cause category for the statistics. */
  category: string;
  /** The tl;dr as plain text (shortened), for the index, feeds and search results. */
  summary: string;
  /** Unique lowercase words of the whole document, for the offline full-text search. */
  words: string;
  actions: { total: number; done: number };
  openActions: OpenAction[];
  snapshots: number;
  critical: number;
}

/** Records newest first; undated incidents last, then by id. */
export function byNewest(a: IncidentRecord, b: IncidentRecord): number {
  return (b.startedMs ?? -Infinity) - (a.startedMs ?? -Infinity) || a.id.localeCompare(b.id);
}

/** Link from the site root to an incident page. */
export const incidentHref = (id: string): string => `incidents/${encodeURIComponent(id)}/index.html`;
