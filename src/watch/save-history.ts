// `history --save`: the recorded episodes into the active incident: one timeline entry per start
// and end (de-duplicated like watch's), and under Evidence a list of the episodes built as mdast.
import type { List, ListItem } from 'mdast';
import type { Globals } from '../context.js';
import { appendToSection } from '../doc/edit.js';
import { blocks, text } from '../doc/generate.js';
import { updateDocument } from '../doc/update.js';
import { resolveIncident } from '../incidents/store.js';
import type { HistoryData } from '../commands/history.js';
import { Journal } from './journal.js';
import { entryPrefix, episodeLine, eventText } from './text.js';

export async function saveHistory(g: Globals, d: HistoryData): Promise<{ file: string; entries: number }> {
  const ref = await resolveIncident(g);
  const journal = new Journal(ref, (t) => process.stdout.write(t + '\n'));
  let entries = 0;
  for (const e of d.episodes) {
    if (await journal.entry(new Date(e.start), eventText({ type: 'start', at: e.start, episode: e }), entryPrefix(e))) entries++;
    if (e.end !== null && (await journal.entry(new Date(e.end), eventText({ type: 'end', at: e.end, episode: e }), entryPrefix(e)))) entries++;
  }
  const heading = `Recorded episodes from ${d.file}, ${d.from} to ${d.to}:`;
  const item = (s: string): ListItem => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [text(s)] }] });
  const list: List = { type: 'list', ordered: false, spread: false, children: d.episodes.map((e) => item(episodeLine(e))) };
  const fragment = blocks([{ type: 'paragraph', children: [text(heading)] }, ...(d.episodes.length ? [list] : [])]);
  await updateDocument(ref.file, (src) => (src.includes(heading) ? src : appendToSection(src, 'evidence', fragment, ref.file)));
  return { file: ref.file, entries };
}
