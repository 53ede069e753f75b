// What the site keeps of one incident for the pages that span incidents (index, stats, tags, feeds,
// open actions). Plain JSON: it travels from the render workers and is kept in the build cache.
import type { Durations } from '../doc/model.js';

export interface OpenAction {
  n: number;
  text: string;
  owner: string | null;
  due: string | null;
}

export interface IncidentRecord {
  /** The incident folder's name: the page lives at incidents/<id>/index.html. */
  id: string;
  title: string;
  status: string | null;
  severity: string | null;
  started: string | null;
  detected: string | null;
  mitigated: string | null;
  resolved: string | null;
  /** Epoch ms of `started` when it parses, for sorting and charts. */
  startedMs: number | null;
  durations: Durations;
  services: string[];
  hosts: string[];
  tags: string[];
  authors: string[];
  draft: boolean;
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
