// Saving a snapshot into the incident: snapshots/<timestamp>.json, a summary under Evidence and a
// timeline entry. The document edits splice text in; nothing else in the file changes.
import { addTimelineEntry, appendToSection } from '../doc/edit.js';
import { updateDocument } from '../doc/update.js';
import { insideIncident, type IncidentRef } from '../incidents/store.js';
import { writeFileAtomic } from '../util/atomic.js';
import type { Snapshot } from './snapshot.js';
import type { Finding } from './types.js';

/** 2026-03-14T09:12:03.456Z -> 2026-03-14T09-12-03Z (safe in every filesystem and URL). */
export const snapshotName = (takenAt: string) => `${takenAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.json`;

const md = (s: string) => s.replace(/([\\`*_[\]<>|#])/g, '\\$1');

const counted = (fs: Finding[]) => {
  const crit = fs.filter((f) => f.severity === 'critical').length;
  const warn = fs.filter((f) => f.severity === 'warning').length;
  return crit || warn ? [crit && `${crit} critical`, warn && `${warn} warning${warn === 1 ? '' : 's'}`].filter(Boolean).join(', ') : 'nothing at or near its limit';
};

/** The Evidence fragment: a link to the JSON and the alarms, one line each. */
export function evidenceFragment(s: Snapshot, rel: string): string {
  const alarms = s.findings.filter((f) => f.severity !== 'info');
  const lines = [`Snapshot [${md(rel)}](${rel}) of ${md(s.host)} at ${s.takenAt.replace(/\.\d+Z$/, 'Z')}: ${counted(s.findings)}.`];
  if (alarms.length) lines.push('', ...alarms.slice(0, 12).map((f) => `- **${f.severity}** ${md(f.message)}`));
  if (alarms.length > 12) lines.push(`- … and ${alarms.length - 12} more in the JSON`);
  return lines.join('\n') + '\n';
}

export function timelineText(s: Snapshot): string {
  const top = s.findings.filter((f) => f.severity !== 'info').slice(0, 3);
  return `Snapshot: ${counted(s.findings)}${top.length ? ` (${top.map((f) => `${f.resource} ${f.subject}${f.utilization !== null ? ` ${Math.round(f.utilization * 100)} %` : ''}`).join('; ')})` : ''}`;
}

/** Writes the JSON and edits the document; throws WriteError (with `fallback`) when the disk refuses. */
export async function saveSnapshot(ref: IncidentRef, s: Snapshot, fallback: string): Promise<string> {
  const rel = `snapshots/${snapshotName(s.takenAt)}`;
  const file = insideIncident(ref, rel);
  writeFileAtomic(file, JSON.stringify(s, null, 2) + '\n', { mkdir: true, fallback });
  const at = new Date(s.takenAt);
  await updateDocument(ref.file, (src) => addTimelineEntry(appendToSection(src, 'evidence', evidenceFragment(s, rel), ref.file), at, timelineText(s), ref.file), fallback);
  return file;
}
