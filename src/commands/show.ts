import path from 'node:path';
import type { Globals } from '../context.js';
import { formatDuration } from '../doc/dates.js';
import { loadDocument } from '../doc/load.js';
import type { Action, Durations, Hypothesis, Meta, TimelineEntry } from '../doc/model.js';
import { resolveIncident, warningsOf } from '../incidents/store.js';
import { c } from '../util/term.js';

type NoOffsets<T> = Omit<T, 'start' | 'end'>;

export interface ShowResult {
  id: string;
  file: string;
  meta: Meta;
  sections: { id: string | null; heading: string; line: number }[];
  timeline: NoOffsets<TimelineEntry>[];
  hypotheses: NoOffsets<Hypothesis>[];
  actions: NoOffsets<Action>[];
  durations: Durations;
  /** Other incidents' postmortems that could not be read (also warned about on stderr). */
  warnings?: string[];
}

const strip = <T extends { start: number; end: number }>({ start: _s, end: _e, ...rest }: T) => rest;

export async function run(args: { id?: string }, g: Globals): Promise<ShowResult> {
  const ref = await resolveIncident(g, args.id ?? g.incident, true);
  const doc = await loadDocument(ref.file);
  return {
    id: ref.id,
    file: ref.file,
    meta: { ...doc.meta, id: ref.id },
    sections: doc.sections.map((s) => ({ id: s.id, heading: s.heading, line: s.line })),
    timeline: doc.timeline.map(strip),
    hypotheses: doc.hypotheses.map(strip),
    actions: doc.actions.map(strip),
    durations: doc.durations,
    ...warningsOf(ref.skipped),
  };
}

export function format(r: ShowResult): string {
  const m = r.meta;
  const out = [
    c.bold(m.title ?? r.id),
    `${r.id}  ${m.status ?? '?'}  ${m.severity ?? '?'}  ${path.relative(process.cwd(), r.file)}`,
    `started ${m.started ?? '?'}  detect ${formatDuration(r.durations.toDetect)}  mitigate ${formatDuration(r.durations.toMitigate)}  resolve ${formatDuration(r.durations.toResolve)}`,
  ];
  if (m.tags.length || m.services.length) out.push(`tags ${m.tags.join(', ') || '—'}  services ${m.services.join(', ') || '—'}`);
  out.push('', c.bold('Sections'), ...r.sections.map((s) => `  ${String(s.line).padStart(4)}  ${s.heading}${s.id ? c.dim(`  [${s.id}]`) : ''}`));
  if (r.timeline.length) out.push('', c.bold('Timeline'), ...r.timeline.map((t) => `  ${t.stamp ?? c.dim('(no time)')}  ${t.text}`));
  if (r.hypotheses.length)
    out.push('', c.bold('Hypotheses'), ...r.hypotheses.map((h) => `  H${h.n}  ${(h.status ?? '?').padEnd(9)}  ${h.text}${h.reason ? c.dim(` — ${h.reason}`) : ''}`));
  if (r.actions.length)
    out.push('', c.bold('Actions'), ...r.actions.map((a) => `  ${a.done ? '[x]' : '[ ]'} ${a.n}. ${a.text}${a.owner ? c.dim(`  owner ${a.owner}`) : ''}${a.due ? c.dim(`  due ${a.due}`) : ''}`));
  return out.join('\n');
}
