import type { Globals } from '../context.js';
import { durationsOf } from '../doc/parse.js';
import { formatDuration } from '../doc/dates.js';
import { scanIncidents } from '../incidents/store.js';
import { c, table } from '../util/term.js';

export interface ListRow {
  id: string;
  title: string | null;
  status: string | null;
  severity: string | null;
  started: string | null;
  resolved: string | null;
  durationMs: number | null;
  services: string[];
  tags: string[];
  draft: boolean;
  file: string;
  /** Why the postmortem could not be read (and the line, where known); null when it could. */
  unreadable: { line: number | null; reason: string } | null;
}

export async function run(_args: unknown, g: Globals): Promise<ListRow[]> {
  // An unreadable postmortem is a row of its own (marked unreadable), never the end of the list.
  const { incidents, skipped } = await scanIncidents(g.dir);
  const rows: ListRow[] = incidents.map(({ meta, file }) => ({
    id: meta.id,
    title: meta.title,
    status: meta.status,
    severity: meta.severity,
    started: meta.started,
    resolved: meta.resolved,
    durationMs: durationsOf(meta).toResolve,
    services: meta.services,
    tags: meta.tags,
    draft: meta.draft,
    file,
    unreadable: null,
  }));
  for (const s of skipped)
    rows.push({ id: s.id, title: null, status: null, severity: null, started: null, resolved: null, durationMs: null, services: [], tags: [], draft: false, file: s.file, unreadable: { line: s.line ?? null, reason: s.reason } });
  return rows.sort((a, b) => b.id.localeCompare(a.id)); // newest first
}

const statusColour = (s: string | null) => (s === 'resolved' ? c.green(s) : s ? c.yellow(s) : c.dim('?'));

export function format(rows: ListRow[]): string {
  if (rows.length === 0) return 'No incidents yet. Start one with: postmortem new "<title>"';
  return table(
    rows.map((r) =>
      r.unreadable
        ? [r.id, c.red('unreadable'), '?', '—', `${r.unreadable.line ? `line ${r.unreadable.line}: ` : ''}${r.unreadable.reason}`]
        : [r.id, statusColour(r.status), r.severity ?? '?', r.durationMs === null ? '—' : formatDuration(r.durationMs), r.title ?? c.dim('(untitled)')],
    ),
    ['ID', 'STATUS', 'SEV', 'DURATION', 'TITLE'],
  );
}
