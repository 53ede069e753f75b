import type { Globals } from '../context.js';
import { durationsOf } from '../doc/parse.js';
import { formatDuration } from '../doc/dates.js';
import { listIncidents } from '../incidents/store.js';
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
}

export async function run(_args: unknown, g: Globals): Promise<ListRow[]> {
  const all = await listIncidents(g.dir);
  return all
    .map(({ meta, file }) => ({
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
    }))
    .reverse(); // newest first
}

const statusColour = (s: string | null) => (s === 'resolved' ? c.green(s) : s ? c.yellow(s) : c.dim('?'));

export function format(rows: ListRow[]): string {
  if (rows.length === 0) return 'No incidents yet. Start one with: postmortem new "<title>"';
  return table(
    rows.map((r) => [r.id, statusColour(r.status), r.severity ?? '?', r.durationMs === null ? '—' : formatDuration(r.durationMs), r.title ?? c.dim('(untitled)')]),
    ['ID', 'STATUS', 'SEV', 'DURATION', 'TITLE'],
  );
}
