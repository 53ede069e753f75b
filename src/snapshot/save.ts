// Saving a snapshot into the incident: snapshots/<timestamp>.json, a summary under Evidence and a
// timeline entry. The document edits splice text in; nothing else in the file changes.
import type { ListItem, PhrasingContent } from 'mdast';
import { addTimelineEntry, appendToSection } from '../doc/edit.js';
import { blocks, inline, link, strong, text } from '../doc/generate.js';
import { updateDocument } from '../doc/update.js';
import { writeCaptured } from '../incidents/captured.js';
import type { IncidentRef } from '../incidents/store.js';
import { redact, redactJson, type Redacted } from '../redact/redact.js';
import type { Snapshot } from './snapshot.js';
import type { Finding } from './types.js';

/**
 * 2026-03-14T09:12:03.456Z -> 2026-03-14T09-12-03Z.json (safe in every filesystem and URL); a second
 * one within the same second gets ..03Z_2.json from writeCaptured, which sorts after the first.
 */
export const snapshotName = (takenAt: string): string => `${takenAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.json`;

export const counted = (fs: Finding[]): string => {
  const crit = fs.filter((f) => f.severity === 'critical').length;
  const warn = fs.filter((f) => f.severity === 'warning').length;
  return crit || warn ? [crit && `${crit} critical`, warn && `${warn} warning${warn === 1 ? '' : 's'}`].filter(Boolean).join(', ') : 'nothing at or near its limit';
};

const item = (...children: PhrasingContent[]): ListItem => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children }] });

/** The Evidence fragment: a link to the JSON and the alarms, one line each. */
export function evidenceFragment(s: Snapshot, rel: string): Redacted {
  const alarms = s.findings.filter((f) => f.severity !== 'info');
  const items = alarms.slice(0, 12).map((f) => item(strong(f.severity), text(` ${f.message}`)));
  if (alarms.length > 12) items.push(item(text(`… and ${alarms.length - 12} more in the JSON`)));
  return blocks([
    { type: 'paragraph', children: [text('Snapshot '), link(rel), text(` of ${s.host} at ${s.takenAt.replace(/\.\d+Z$/, 'Z')}: ${counted(s.findings)}.`)] },
    ...(items.length ? [{ type: 'list' as const, ordered: false, spread: false, children: items }] : []),
  ]);
}

export function timelineText(s: Snapshot): Redacted {
  const top = s.findings.filter((f) => f.severity !== 'info').slice(0, 3);
  return inline([text(`Snapshot: ${counted(s.findings)}${top.length ? ` (${top.map((f) => `${f.resource} ${f.subject}${f.utilization !== null ? ` ${Math.round(f.utilization * 100)} %` : ''}`).join('; ')})` : ''}`)]);
}

/** snapshots/<name>.json only (a fleet edits the document once for all its hosts); throws WriteError with `fallback`. */
export function writeSnapshotFile(ref: IncidentRef, s: Snapshot, fallback: string, host?: string): { file: string; name: Redacted } {
  // a remote host's snapshot carries the host in its name, so a fleet's files sort by host and diff finds them by host
  const base = host ? `${host.replace(/[^A-Za-z0-9._-]/g, '_')}-${snapshotName(s.takenAt)}` : snapshotName(s.takenAt);
  return writeCaptured(ref, 'snapshots', redact(base), redactJson(s), fallback);
}

/** Writes the JSON and edits the document; throws WriteError (with `fallback`) when the disk refuses. */
export async function saveSnapshot(ref: IncidentRef, s: Snapshot, fallback: string, host?: string): Promise<string> {
  const { file, name } = writeSnapshotFile(ref, s, fallback, host);
  const at = new Date(s.takenAt);
  const fragment = evidenceFragment(s, `snapshots/${name}`);
  await updateDocument(ref.file, (src) => addTimelineEntry(appendToSection(src, 'evidence', fragment, ref.file), at, timelineText(s), ref.file), fallback);
  return file;
}
