// `history --save`: the recorded episodes into the active incident: one timeline entry per start
// and end (de-duplicated like watch's), and under Evidence a table of the episodes built as mdast.
import type { Table, TableRow } from 'mdast';
import type { Globals } from '../context.js';
import { appendToSection } from '../doc/edit.js';
import { blocks, text } from '../doc/generate.js';
import { updateDocument } from '../doc/update.js';
import { resolveIncident } from '../incidents/store.js';
import { pct } from '../snapshot/format.js';
import type { HistoryData } from '../commands/history.js';
import { Journal } from './journal.js';
import { clock, entryPrefix, eventText } from './text.js';

export async function saveHistory(g: Globals, d: HistoryData): Promise<{ file: string; entries: number }> {
  const ref = await resolveIncident(g);
  const journal = new Journal(ref, (t) => process.stdout.write(t + '\n'));
  let entries = 0;
  for (const e of d.episodes) {
    if (await journal.entry(new Date(e.start), eventText({ type: 'start', at: e.start, episode: e }), entryPrefix(e))) entries++;
    if (e.end !== null && (await journal.entry(new Date(e.end), eventText({ type: 'end', at: e.end, episode: e }), entryPrefix(e)))) entries++;
  }
  const cell = (s: string) => ({ type: 'tableCell' as const, children: [text(s)] });
  const row = (cells: string[]): TableRow => ({ type: 'tableRow', children: cells.map(cell) });
  const heading = `Recorded episodes from ${d.file}, ${d.from} to ${d.to}:`;
  const tableNode: Table = {
    type: 'table',
    align: [null, null, null, null, null],
    children: [row(['Start', 'End', 'Resource', 'Peak', 'Samples']), ...d.episodes.map((e) => row([clock(e.start), e.end === null ? 'still going' : clock(e.end), e.label, e.kind === 'counter' ? `${e.failures} in all` : `${e.peak.severity} ${pct(e.peak.utilization)}`, String(e.samples)]))],
  };
  const fragment = blocks([{ type: 'paragraph', children: [text(heading)] }, tableNode]);
  await updateDocument(ref.file, (src) => (src.includes(heading) ? src : appendToSection(src, 'evidence', fragment, ref.file)));
  return { file: ref.file, entries };
}
