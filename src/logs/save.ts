// `logs --save`: one timeline entry per resource-explained cluster at its first-seen time, and
// evidence/logs.md with the cluster table and the kept lines. Idempotent: an entry whose text (up
// to the count) is already in the document is not added again; the evidence file is replaced.
import type { RootContent } from 'mdast';
import { addTimelineEntry } from '../doc/edit.js';
import { formatStamp } from '../doc/dates.js';
import { code, gfmBlocks, gfmTable, inline, link, text } from '../doc/generate.js';
import { zoneOfFile } from '../doc/timezone.js';
import { updateDocument } from '../doc/update.js';
import { writeCaptured } from '../incidents/captured.js';
import type { IncidentRef } from '../incidents/store.js';
import { redact } from '../redact/redact.js';
import type { Cluster } from './cluster.js';
import type { LogsResult } from '../commands/logs.js';

const EVIDENCE = 'logs.md';

export async function saveLogs(ref: IncidentRef, r: LogsResult, raw: Map<string, Cluster>): Promise<{ evidence: string; added: number; present: number; file: string }> {
  const rel = `evidence/${EVIDENCE}`;
  const zone = await zoneOfFile(ref.file);
  const nodes: RootContent[] = [
    { type: 'heading', depth: 1, children: [text(`Logs ${r.window.since} .. ${r.window.until}`)] },
    { type: 'paragraph', children: [text(`${r.matched} error-like lines in ${r.clusters.length} shapes; sources: ${r.sources.map((s) => `${s.name} (${s.matched})`).join(', ')}.`)] },
    gfmTable([['count', 'first', 'last', 'resource', 'sources', 'shape'], ...r.clusters.map((x) => [String(x.count), formatStamp(new Date(x.first), zone), formatStamp(new Date(x.last), zone), x.resource ?? '', x.sources.join(', '), x.shape.length > 160 ? `${x.shape.slice(0, 159)}…` : x.shape])]),
  ];
  for (const x of r.clusters) {
    const cl = raw.get(x.shape);
    if (!cl) continue;
    nodes.push({ type: 'heading', depth: 2, children: [text(x.shape.slice(0, 120))] });
    const more = cl.count > cl.lines.length ? `\n… ${cl.count - cl.lines.length} more` : '';
    nodes.push({ type: 'code', value: redact(cl.lines.map((l) => `${l.source}: ${l.text}`).join('\n') + more) });
  }
  writeCaptured(ref, 'evidence', redact(EVIDENCE), redact(gfmBlocks(nodes) + '\n'), undefined, true);

  const entries = r.clusters
    .filter((x) => x.resource)
    .map((x) => {
      const cl = raw.get(x.shape)!;
      const msg = cl.exampleMessage.length > 160 ? `${cl.exampleMessage.slice(0, 159)}…` : cl.exampleMessage;
      const key = inline([text(`first seen in ${x.exampleSource}: `), code(redact(msg))]);
      const until = formatStamp(new Date(x.last), zone).slice(5, 16);
      const entry = inline([text(`first seen in ${x.exampleSource}: `), code(redact(msg)), text(` (${x.count.toLocaleString('en')} ${x.count === 1 ? 'time' : 'times'} until ${until}, ${x.resource}; `), link(rel), text(')')]);
      return { at: new Date(x.first), key, entry };
    });
  let added = 0, present = 0;
  await updateDocument(ref.file, (source) => {
    let out = source;
    added = present = 0;
    for (const e of entries) {
      if (out.includes(e.key)) {
        present++;
        continue;
      }
      out = addTimelineEntry(out, e.at, e.entry, ref.file, zone);
      added++;
    }
    return out;
  }, entries.map((e) => e.entry).join('\n'));
  return { evidence: rel, added, present, file: ref.file };
}
