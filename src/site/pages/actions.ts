// Every unfinished prevention item across incidents, overdue first: the page to review in a meeting.
import { esc } from '../html.js';
import { L } from '../i18n/labels.js';
import { page } from '../layout.js';
import { renderInline } from '../markdown.js';
import { incidentHref, type IncidentRecord, type OpenAction } from '../record.js';

export interface OpenItem extends OpenAction {
  incident: IncidentRecord;
  /** Whole days past due (0 = due today), or null when not overdue or without a due date. */
  overdueDays: number | null;
}

const DAY = 86_400_000;
const dueMs = (due: string | null) => {
  const m = due ? /^(\d{4})-(\d{2})-(\d{2})/.exec(due.trim()) : null;
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
};

/** Open actions, overdue first (most overdue at the top), then by due date, then those without one. */
export function openActions(records: IncidentRecord[], now: Date): OpenItem[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const items = records.flatMap((r) =>
    r.openActions.map((a) => {
      const d = dueMs(a.due);
      return { ...a, incident: r, overdueDays: d !== null && d < today ? Math.round((today - d) / DAY) : null, d };
    }),
  );
  items.sort((a, b) => {
    const rank = (x: typeof a) => (x.overdueDays !== null ? 0 : x.d !== null ? 1 : 2);
    return rank(a) - rank(b) || (a.d ?? 0) - (b.d ?? 0) || (b.incident.startedMs ?? 0) - (a.incident.startedMs ?? 0) || a.n - b.n;
  });
  return items.map(({ d: _d, ...rest }) => rest);
}

export function actionsPage(items: OpenItem[], siteTitle: string): string {
  const overdue = items.filter((i) => i.overdueDays !== null).length;
  const rows = items
    .map(
      (i) => `<tr${i.overdueDays !== null ? ' class="overdue"' : ''}>
<td class="date">${i.due ? esc(i.due) : `<span class="muted">${esc(L.noDue)}</span>`}${i.overdueDays !== null ? `<br><span class="overdue-label">${esc(L.overdueDays(i.overdueDays))}</span>` : ''}</td>
<td class="action-text">${renderInline(i.text, `incidents/${encodeURIComponent(i.incident.id)}/`)}</td>
<td>${i.owner ? esc(i.owner) : `<span class="muted">${esc(L.nobody)}</span>`}</td>
<td><a href="${incidentHref(i.incident.id)}">${esc(i.incident.title)}</a></td>
</tr>`,
    )
    .join('\n');
  const c = L.actionCols;
  const main = `<h1>${esc(L.actionsTitle)}</h1>
<p class="lede">${esc(L.actionsLede(items.length))}${overdue ? `, <strong>${esc(L.overdueCount(overdue))}</strong>` : ''}.</p>
${items.length ? `<div class="table-wrap incidents"><table class="actions"><thead><tr><th>${esc(c.due)}</th><th>${esc(c.action)}</th><th>${esc(c.owner)}</th><th>${esc(c.incident)}</th></tr></thead><tbody>${rows}</tbody></table></div>` : `<p class="empty">${esc(L.nothingOpen)}</p>`}`;
  return page({ root: '', title: L.actionsTitle, siteTitle, nav: 'actions', wide: true }, main);
}
