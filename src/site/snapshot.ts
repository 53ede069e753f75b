// Snapshots (snapshots/*.json written by `snapshot`) drawn as usage bars: one bar per finding with
// a limit, critical ones highlighted. Only the findings are published, never the file: it holds
// every process's command line, the mount table, the kernel and the host's details. Parsing is
// lenient: a file written by an older or newer version still shows what it can; a file that is
// not JSON is a warning, not a failed build.
import { amount, percent, when } from './format.js';
import { cls, esc } from './html.js';
import { L } from './i18n/labels.js';
import { parseJson } from './json.js';

export interface SnapshotFinding {
  id: string;
  severity: 'critical' | 'warning' | 'info';
  resource: string;
  subject: string;
  used: number | null;
  limit: number | null;
  utilization: number | null;
  unit: string | null;
  message: string;
  hint: string;
}

export interface SiteSnapshot {
  /** File name inside snapshots/. */
  name: string;
  host: string | null;
  takenAt: string | null;
  durationMs: number | null;
  findings: SnapshotFinding[];
  probes: { id: string; status: string }[];
}

const RANK = { critical: 0, warning: 1, info: 2 } as const;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : null);

/** Parses one snapshot file; throws an Error with a reason when it is not a snapshot at all. */
export function parseSnapshot(text: string, name: string): SiteSnapshot {
  const data = parseJson(text);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('expected a JSON object with "findings"');
  const o = data as Record<string, unknown>;
  const findings = (Array.isArray(o.findings) ? o.findings : [])
    .filter((f): f is Record<string, unknown> => Boolean(f) && typeof f === 'object')
    .map((f): SnapshotFinding => {
      const used = num(f.used);
      const limit = num(f.limit);
      const sev = String(f.severity);
      return {
        id: str(f.id) ?? '',
        severity: sev === 'critical' || sev === 'warning' ? sev : 'info',
        resource: str(f.resource) ?? str(f.id) ?? 'resource',
        subject: str(f.subject) ?? '',
        used,
        limit,
        utilization: num(f.utilization) ?? (used !== null && limit ? used / limit : null),
        unit: str(f.unit),
        message: str(f.message) ?? '',
        hint: str(f.hint) ?? '',
      };
    })
    .sort((a, b) => RANK[a.severity] - RANK[b.severity] || (b.utilization ?? -1) - (a.utilization ?? -1));
  const probes = (Array.isArray(o.probes) ? o.probes : [])
    .filter((p): p is Record<string, unknown> => Boolean(p) && typeof p === 'object')
    .map((p) => ({ id: str(p.id) ?? '?', status: str(p.status) ?? (p.ok === false ? 'failed' : 'ok') }));
  return { name, host: str(o.host), takenAt: str(o.takenAt), durationMs: num(o.durationMs), findings, probes };
}

/**
 * A high-water mark (cgroup memory.peak, pids.peak, a beancounter's maxheld) is what the resource
 * reached once, not what it holds now: the probes name such findings "...peak". A reader who takes
 * a peak of 100 % for the current state looks for a fire that is out, so every bar says which.
 */
export const isPeak = (f: Pick<SnapshotFinding, 'id'>): boolean => /[.-]peak$/.test(f.id);

function usageRow(f: SnapshotFinding): string {
  const u = f.utilization!;
  const w = Math.max(0, Math.min(100, u * 100));
  const label = `${f.resource}${f.subject ? ` ${f.subject}` : ''}`;
  const detail = f.used !== null && f.limit !== null ? `${amount(f.used, f.unit ?? undefined)} of ${amount(f.limit, f.unit ?? undefined)}` : '';
  const peak = isPeak(f);
  const tag = peak ? L.peak : L.now;
  return `<li class="${cls('usage', f.severity, peak && 'peak')}">
<div class="usage-label"><span class="usage-name">${esc(label)}</span><span class="usage-value"><span class="when-tag">${esc(tag)}</span> ${esc(percent(u))}${detail ? ` <span class="muted">${esc(detail)}</span>` : ''}</span></div>
<svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label="${esc(L.usedAt(label, percent(u), peak))}"><rect class="bar-track" width="100" height="6" rx="3"/><rect class="bar-fill" width="${w.toFixed(2)}" height="6" rx="3"/></svg>
${f.severity !== 'info' && (f.message || f.hint) ? `<p class="usage-msg">${esc(f.message)}${f.hint ? ` <span class="muted">— ${esc(f.hint)}</span>` : ''}</p>` : ''}
</li>`;
}

const noteRow = (f: SnapshotFinding) =>
  `<li class="${cls('note', f.severity)}"><span class="sev-dot" aria-hidden="true"></span>${esc(f.message || f.resource)}${f.hint && f.severity !== 'info' ? ` <span class="muted">— ${esc(f.hint)}</span>` : ''}</li>`;

function findingList(findings: SnapshotFinding[]): string {
  const bars = findings.filter((f) => f.utilization !== null).map(usageRow).join('\n');
  const notes = findings.filter((f) => f.utilization === null).map(noteRow).join('\n');
  return `${bars ? `<ul class="usages">${bars}</ul>` : ''}${notes ? `<ul class="notes">${notes}</ul>` : ''}`;
}

/**
 * One snapshot as a card: critical and warning findings as usage bars (or notes when there is no
 * limit) in front, the many findings within limits folded away behind a summary. The host is
 * named only when the incident's `hosts` already name it.
 */
export function snapshotCard(s: SiteSnapshot, hosts: readonly string[]): string {
  const critical = s.findings.filter((f) => f.severity === 'critical').length;
  // criticals first, bars and notes alike: they are what the reader came for
  const shown = ['critical', 'warning'].map((sev) => findingList(s.findings.filter((f) => f.severity === sev))).join('\n');
  const rest = s.findings.filter((f) => f.severity === 'info');
  const failed = s.probes.filter((p) => p.status !== 'ok' && p.status !== 'absent');
  return `<section class="snapshot card${critical ? ' has-critical' : ''}">
<header><h3>${esc(s.host && hosts.includes(s.host) ? s.host : L.snapshot)} <span class="muted">${esc(when(s.takenAt))}</span></h3>
<p class="muted">${critical ? `<strong class="crit-count">${esc(L.criticalCount(critical))}</strong> · ` : ''}${esc(L.findings(s.findings.length))}${s.durationMs !== null ? ` · ${esc(L.takenIn(Math.round(s.durationMs)))}` : ''}${failed.length ? ` · ${esc(L.probesNotOk)}: ${esc(failed.map((p) => `${p.id} (${p.status})`).join(', '))}` : ''}</p></header>
${shown}
${rest.length ? `<details class="within"><summary>${esc(L.withinLimits(rest.length))}</summary>${findingList(rest)}</details>` : ''}
${!s.findings.length ? `<p class="muted">${esc(L.noFindings)}</p>` : ''}
</section>`;
}
