// Saving pulled charts into the incident: evidence/<time>-prometheus.json (through the redaction
// gate: label values are text from the machine), a line under Evidence with the peaks, and one
// timeline entry at the moment the fullest resource peaked. The entry is not added twice when the
// window is pulled again (the new file still gets its Evidence line).
import type { ListItem, PhrasingContent } from 'mdast';
import { addTimelineEntry, appendToSection } from '../doc/edit.js';
import { formatStamp } from '../doc/dates.js';
import { blocks, code, inline, link, strong, text } from '../doc/generate.js';
import { zoneOfFile } from '../doc/timezone.js';
import { updateDocument } from '../doc/update.js';
import { writeCaptured } from '../incidents/captured.js';
import type { IncidentRef } from '../incidents/store.js';
import { redact, redactJson, type Redacted } from '../redact/redact.js';
import { siAmount } from '../site/si.js';
import type { Chart, PromEvidence } from './evidence.js';

/** 2026-03-14T09:12:03.456Z -> 2026-03-14T09-12-03Z-prometheus.json */
export const evidenceName = (pulledAt: Date): string => `${pulledAt.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}-prometheus.json`;

const whole = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (u: number) => `${u >= 0.99 && u < 1 ? (Math.floor(u * 1000) / 10).toFixed(1) : Math.round(u * 100)} %`;

/** "inodes used on /srv at web-3:9100" */
export function chartName(c: Chart): string {
  // ours: the labels say which one ({comm="nginx",pid="812"}); node_exporter's: the mount point
  const where = c.subject ? (c.kind === 'postmortem' ? ` {${c.subject}}` : ` on ${c.subject}`) : '';
  const what = `${c.title.charAt(0).toLowerCase()}${c.title.slice(1)}${where}`;
  return `${what} at ${c.instance}`;
}

/** "100 % (2,000 of 2,000)" or the peak value alone. */
export function peakText(c: Chart): string {
  const p = c.peak!;
  if (p.utilization === null || p.limit === null) return c.unit === 'load' ? p.value.toFixed(2) : whole(p.value);
  if (c.unit === 'ratio') return pct(p.utilization);
  if (c.unit === 'load') return `${p.value.toFixed(2)} on ${whole(p.limit)} CPUs`;
  if (c.unit === 'bytes') return `${pct(p.utilization)} (${siAmount(p.value, true)} of ${siAmount(p.limit, true)})`;
  return `${pct(p.utilization)} (${whole(p.value)} of ${whole(p.limit)})`;
}

/** Charts with a limit, fullest first: what the Evidence line lists and the timeline names. */
export function fullest(charts: Chart[]): Chart[] {
  return charts.filter((c) => c.peak?.utilization !== null && c.peak?.utilization !== undefined && c.kind !== 'load').sort((a, b) => b.peak!.utilization! - a.peak!.utilization!);
}

const item = (...children: PhrasingContent[]): ListItem => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children }] });

export function evidenceFragment(e: PromEvidence, rel: string, zone: string | undefined): Redacted {
  const top = fullest(e.charts).slice(0, 6);
  const span = `${formatStamp(new Date(e.window.start), zone)} .. ${formatStamp(new Date(e.window.end), zone)}`;
  return blocks([
    {
      type: 'paragraph',
      children: [text('Prometheus '), link(rel), text(`: ${e.charts.length} ${e.charts.length === 1 ? 'chart' : 'charts'} for ${e.instances.join(', ')}, ${span} (step ${e.window.step} s)${top.length ? '; peaks:' : '.'}`)],
    },
    ...(top.length ? [{ type: 'list' as const, ordered: false, spread: false, children: top.map((c) => item(strong(peakText(c)), text(` ${chartName(c)}, ${formatStamp(new Date(c.peak!.t * 1000), zone).slice(11, 16)}`))) }] : []),
  ]);
}

/** The timeline entry: when the fullest resource peaked; the key (without the link) de-duplicates it. */
export function timelineEntry(e: PromEvidence, rel: string): { at: Date; key: Redacted; entry: Redacted } {
  const c = fullest(e.charts)[0];
  if (!c) {
    const key = inline([text(`Pulled ${e.charts.length} charts from Prometheus for ${e.instances.join(', ')}`)]);
    return { at: new Date(e.pulledAt), key, entry: inline([text(`Pulled ${e.charts.length} charts from Prometheus for ${e.instances.join(', ')} (`), link(rel), text(')')]) };
  }
  const head = [text('Prometheus: '), code(chartName(c)), text(` peaked at ${peakText(c)}`)];
  return { at: new Date(c.peak!.t * 1000), key: inline(head), entry: inline([...head, text(' ('), link(rel), text(')')]) };
}

/** Writes the evidence and edits the document; returns the file's path inside the incident. */
export async function savePrometheus(ref: IncidentRef, e: PromEvidence): Promise<{ evidence: string; timeline: boolean; at: string }> {
  const zone = await zoneOfFile(ref.file);
  const { name } = writeCaptured(ref, 'evidence', redact(evidenceName(new Date(e.pulledAt))), redactJson(e));
  const rel = `evidence/${name}`;
  const fragment = evidenceFragment(e, rel, zone);
  const t = timelineEntry(e, rel);
  let added = false;
  await updateDocument(
    ref.file,
    (src) => {
      const withEvidence = appendToSection(src, 'evidence', fragment, ref.file);
      added = !src.includes(t.key);
      return added ? addTimelineEntry(withEvidence, t.at, t.entry, ref.file, zone) : withEvidence;
    },
    `${fragment}\n${t.entry}`,
  );
  return { evidence: rel, timeline: added, at: formatStamp(t.at, zone) };
}
