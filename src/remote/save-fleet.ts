// Saving a fleet into the incident: each host's snapshot as snapshots/<host>-<time>.json, one
// summary under Evidence and ONE timeline entry for the whole fleet (twenty hosts read at once are
// one look at the fleet, not twenty events). Hosts that could not be read are named in both.
import type { ListItem, PhrasingContent } from 'mdast';
import { addTimelineEntry, appendToSection } from '../doc/edit.js';
import { blocks, inline, link, text } from '../doc/generate.js';
import { updateDocument } from '../doc/update.js';
import type { IncidentRef } from '../incidents/store.js';
import type { Redacted } from '../redact/redact.js';
import { counted, writeSnapshotFile } from '../snapshot/save.js';
import type { Finding } from '../snapshot/types.js';
import { worstFirst, type HostResult } from './fleet.js';

/** How many hosts with alarms the timeline entry names before "N more". */
const NAMED = 3;

const alarm = (f: Finding) => `${f.severity} ${f.resource} ${f.subject}${f.utilization !== null ? ` ${Math.round(f.utilization * 100)} %` : ''}`;
const worstAlarm = (r: HostResult) => r.snapshot?.findings.find((f) => f.severity !== 'info');
/** ssh's reason without the host name in front (the host is named right before it). */
const reason = (r: HostResult) => (r.error?.startsWith(`${r.host}: `) ? r.error.slice(r.host.length + 2) : r.error ?? '');

/** "Snapshot of 5 hosts: web-1 critical inodes /var 100 %; 2 with nothing at warning or above; 2 not read (closed, silent)". */
export function fleetTimelineText(rs: HostResult[]): Redacted {
  const sorted = worstFirst(rs);
  const alarmed = sorted.filter((r) => worstAlarm(r));
  const calm = sorted.filter((r) => r.snapshot && !worstAlarm(r)).length;
  const failed = sorted.filter((r) => r.error).map((r) => r.host);
  const parts = [
    ...alarmed.slice(0, NAMED).map((r) => `${r.host} ${alarm(worstAlarm(r)!)}`),
    ...(alarmed.length > NAMED ? [`${alarmed.length - NAMED} more at warning or above`] : []),
    ...(calm ? [`${calm} with nothing at warning or above`] : []),
    ...(failed.length ? [`${failed.length} not read (${failed.slice(0, 5).join(', ')}${failed.length > 5 ? ', …' : ''})`] : []),
  ];
  return inline([text(`Snapshot of ${rs.length} hosts: ${parts.join('; ')}`)]);
}

const item = (...children: PhrasingContent[]): ListItem => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children }] });

/** The Evidence fragment: one line per host, worst first, each read host linking to its JSON. */
export function fleetEvidence(rs: HostResult[], files: Map<string, string>, at: string): Redacted {
  const failed = rs.filter((r) => r.error).length;
  const items = worstFirst(rs).map((r) => {
    if (!r.snapshot) return item(text(`${r.host}: not read: ${reason(r)}`));
    const top = r.snapshot.findings.filter((f) => f.severity !== 'info').slice(0, 3);
    const rel = files.get(r.host);
    return item(rel ? link(rel, r.host) : text(r.host), text(`: ${counted(r.snapshot.findings)}${top.length ? ` (${top.map(alarm).join('; ')})` : ''}`));
  });
  return blocks([
    { type: 'paragraph', children: [text(`Snapshot of ${rs.length} hosts at ${at}: ${rs.length - failed} read${failed ? `, ${failed} not read` : ''}.`)] },
    { type: 'list', ordered: false, spread: false, children: items },
  ]);
}

/** Writes every read host's JSON, then edits the document once; host -> saved file. Throws WriteError with `fallback`. */
export async function saveFleet(ref: IncidentRef, rs: HostResult[], fallback: string): Promise<Map<string, string>> {
  const saved = new Map<string, string>();
  const rel = new Map<string, string>();
  for (const r of rs) {
    if (!r.snapshot) continue;
    const { file, name } = writeSnapshotFile(ref, r.snapshot, fallback, r.host);
    saved.set(r.host, file);
    rel.set(r.host, `snapshots/${name}`);
  }
  // the fleet's moment: when the first host was read (all were read within the deadline of it)
  const times = rs.flatMap((r) => (r.snapshot ? [r.snapshot.takenAt] : [])).sort();
  const at = new Date(times[0] ?? Date.now());
  const fragment = fleetEvidence(rs, rel, at.toISOString().replace(/\.\d+Z$/, 'Z'));
  await updateDocument(ref.file, (src) => addTimelineEntry(appendToSection(src, 'evidence', fragment, ref.file), at, fleetTimelineText(rs), ref.file), fallback);
  return saved;
}
