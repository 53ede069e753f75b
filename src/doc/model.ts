// The typed model of one postmortem.md. Offsets are UTF-16 indices into the source string
// (what String.slice takes); lines and columns are 1-based, as editors and remark-lint show them.

export const SECTION_IDS = ['tldr', 'impact', 'timeline', 'hypotheses', 'root-cause', 'fix', 'prevention', 'evidence', 'lessons'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export const STATUSES = ['investigating', 'mitigated', 'resolved'] as const;
export type Status = (typeof STATUSES)[number];
export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A heading and everything after it until the next heading of the same or higher rank. */
export interface Section {
  /** Canonical id, or null for a heading we do not know. */
  id: SectionId | null;
  heading: string;
  depth: number;
  line: number;
  /** Offset of the heading's first character. */
  start: number;
  /** Offset just after the heading line (where the content begins). */
  contentStart: number;
  /** Offset where the section ends (the next heading of same or higher rank, or end of file). */
  end: number;
}

export interface Meta {
  id: string;
  title: string | null;
  status: string | null;
  severity: string | null;
  started: string | null;
  detected: string | null;
  mitigated: string | null;
  resolved: string | null;
  services: string[];
  hosts: string[];
  tags: string[];
  authors: string[];
  draft: boolean;
  /** A short summary given in the front matter (`summary`, common in public postmortems), as Markdown. */
  summary: string | null;
  /** Where the postmortem was first published (`url` or `source`): an http(s) URL. */
  source: string | null;
  /** Any other front matter keys, as parsed. */
  extra: Record<string, unknown>;
}

export interface TimelineEntry {
  /** ISO 8601 with offset when the entry has a full date, time and offset, else null. */
  at: string | null;
  /** Epoch milliseconds when `at` is set. */
  time: number | null;
  /** The time stamp as written ("2026-03-14 09:12 +01:00", "09:12"), or null. */
  stamp: string | null;
  text: string;
  line: number;
  start: number;
  end: number;
}

export type HypothesisStatus = 'open' | 'rejected' | 'confirmed';
export interface Hypothesis {
  n: number;
  status: HypothesisStatus | null;
  text: string;
  /** Why it was rejected or confirmed. */
  reason: string | null;
  /** When it was rejected or confirmed, as written. */
  at: string | null;
  line: number;
  start: number;
  end: number;
}

export type ActionType = 'prevent' | 'mitigate' | 'detect' | 'process';
export interface Action {
  n: number;
  done: boolean;
  text: string;
  owner: string | null;
  due: string | null;
  type: string | null;
  line: number;
  start: number;
  end: number;
}

/** Derived, never stored: milliseconds from `started`. */
export interface Durations {
  toDetect: number | null;
  toMitigate: number | null;
  toResolve: number | null;
}

export interface FrontMatter {
  data: Record<string, unknown>;
  /** Offsets of the YAML text between the fences (for text edits of single keys). */
  yamlStart: number;
  yamlEnd: number;
  /** Offset just after the closing fence line: where the body starts. */
  end: number;
}

export interface PostmortemDoc {
  file: string;
  source: string;
  frontMatter: FrontMatter | null;
  meta: Meta;
  sections: Section[];
  timeline: TimelineEntry[];
  hypotheses: Hypothesis[];
  actions: Action[];
  durations: Durations;
}
