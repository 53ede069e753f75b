// The terminal report, written for someone stressed who has five seconds: what is exhausted first
// (critical, then warning, each with what it breaks and where to look), then the fullest resources as
// bars, the crowd in the process table, and which probes could not look.
import { c, table } from '../util/term.js';
import { amount, count, duration, pct } from './format.js';
import type { CensusData } from './probes/census.js';
import type { DeepData, Snapshot } from './snapshot.js';
import type { Finding, Severity } from './types.js';

const LABEL: Record<Severity, (s: string) => string> = {
  critical: (s) => c.bold(c.red(s)),
  warning: (s) => c.yellow(s),
  info: (s) => c.dim(s),
};

export function bar(u: number | null, width = 20): string {
  if (u === null || !Number.isFinite(u)) return ' '.repeat(width);
  const filled = Math.max(0, Math.min(width, Math.round(u * width)));
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

function headline(f: Finding): string {
  const label = LABEL[f.severity](f.severity.toUpperCase().padEnd(8));
  return `${label}  ${f.message}${f.hint ? `\n          ${c.dim('→ ' + f.hint)}` : ''}`;
}

/** The fullest measured resources (one row each), for the bar table. */
export function usageRows(findings: Finding[], max = 12): Finding[] {
  const seen = new Set<string>();
  return findings
    .filter((f) => f.utilization !== null && f.limit !== null && f.unit !== 'percent' && !f.id.startsWith('census') && !f.id.startsWith('hunt') && !f.id.endsWith('peak'))
    .sort((a, b) => b.utilization! - a.utilization!)
    .filter((f) => {
      const k = `${f.id}\0${f.subject}`;
      return seen.has(k) ? false : (seen.add(k), true);
    })
    .slice(0, max);
}

export function renderSnapshot(s: Snapshot, opts: { saved?: string } = {}): string {
  const out: string[] = [];
  const up = s.uptimeSeconds === null ? '' : `, up ${duration(s.uptimeSeconds)}`;
  out.push(c.bold(`${s.host}`) + c.dim(` ${s.kernel ?? ''}${up}${s.root !== '/' ? `, root ${s.root}` : ''} — ${s.takenAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}, ${s.durationMs} ms`));
  out.push('');
  const alarms = s.findings.filter((f) => f.severity !== 'info');
  if (alarms.length === 0) out.push(c.green('No resource is at or near its limit.'));
  else for (const f of alarms) out.push(headline(f));

  const rows = usageRows(s.findings);
  if (rows.length) {
    out.push('', c.bold('Fullest resources'));
    out.push(
      table(
        rows.map((f) => [LABEL[f.severity](`${f.resource} ${f.subject}`), LABEL[f.severity](bar(f.utilization)), pct(f.utilization).padStart(6), `${amount(f.used, f.unit)} of ${amount(f.limit, f.unit)}`]),
      ),
    );
  }

  const census = s.probes.find((p) => p.id === 'census' && p.status === 'ok')?.data as CensusData | undefined;
  if (census?.groups.length) {
    out.push('', c.bold(`Processes by command`) + c.dim(` (${count(census.userland)} processes, ${count(census.kernelThreads)} kernel threads)`));
    out.push(
      table(
        census.groups.slice(0, 6).map((g) => [g.command, `×${g.count}`, amount(g.rss, 'bytes'), `${count(g.fds)} fds`, c.dim((g.example ?? '').slice(0, 60))]),
      ),
    );
  }

  const hunt = s.probes.find((p) => p.id === 'hunt');
  if (hunt?.status === 'ok') {
    const d = hunt.data as DeepData;
    const byBytes = d.by === 'bytes';
    out.push('', c.bold(`Where the ${byBytes ? 'bytes' : 'inodes'} on ${d.mount} are`) + (d.complete ? '' : c.dim(' (time budget ran out: lower bounds)')));
    out.push(table(d.entries.slice(0, 8).map((e) => [(byBytes ? amount(e.bytes, 'bytes') : count(e.inodes)).padStart(12), e.path])));
    if (d.unseen) out.push(`${amount(d.unseen, 'bytes').padStart(12)}  ${c.yellow('held by deleted files still open (no walk sees them; see disk space above)')}`);
  }

  const infos = s.findings.filter((f) => f.severity === 'info' && (f.utilization === null || f.unit === 'percent') && f.message && !f.id.startsWith('census'));
  if (infos.length) {
    out.push('', c.bold('Also noted'));
    for (const f of infos) out.push(`  ${f.message}`);
  }

  const missing = s.probes.filter((p) => p.status !== 'ok' && p.status !== 'absent');
  if (missing.length) {
    out.push('', c.bold('Could not look'));
    for (const p of missing) out.push(`  ${p.id}: ${p.status}${p.reason ? ` (${p.reason})` : ''}`);
  }
  const absent = s.probes.filter((p) => p.status === 'absent');
  if (absent.length) out.push(c.dim(`Not here: ${absent.map((p) => p.id).join(', ')}`));
  if (opts.saved) out.push('', c.dim(`saved ${opts.saved}`));
  return out.join('\n');
}
