// `action add|done|list`: the prevention items, with owner, due date and type. `list --all` looks
// across every incident, overdue first: the follow-ups that slip are the ones that bite again.
import path from 'node:path';
import type { Globals } from '../context.js';
import { UsageError } from '../errors.js';
import { formatDate, parseStamp } from '../doc/dates.js';
import { ACTION_TYPES, actionsOf, addAction, markActionDone } from '../doc/edit-action.js';
import { readText } from '../doc/load.js';
import { zoneOfFile } from '../doc/timezone.js';
import type { Action } from '../doc/model.js';
import { updateDocument } from '../doc/update.js';
import { asSkipped, incidentFolders, resolveIncident, warningsOf, warnSkipped, type Skipped } from '../incidents/store.js';
import { c, table } from '../util/term.js';

export interface ActionArgs {
  action: 'add' | 'done' | 'list';
  text?: string;
  n?: string;
  owner?: string;
  due?: string;
  type?: string;
  open?: boolean;
  all?: boolean;
}

export interface ListedAction extends Omit<Action, 'start' | 'end'> {
  incident: string;
  file: string;
  overdue: boolean;
}

export interface ActionResult {
  action: ActionArgs['action'];
  /** The incident worked on (add, done, list without --all). */
  id?: string;
  file?: string;
  /** The action added or marked done. */
  item?: ListedAction;
  /** done: false when it was already done. */
  changed?: boolean;
  actions?: ListedAction[];
  /** Postmortems that could not be read (also warned about on stderr). */
  warnings?: string[];
}

/** Due dates are calendar dates; an action is overdue from the day after. */
export function isOverdue(a: Pick<Action, 'done' | 'due'>, today: string): boolean {
  if (a.done || !a.due) return false;
  const d = /^\d{4}-\d{2}-\d{2}/.exec(a.due)?.[0];
  return d !== undefined && d < today;
}

function listed(a: Action, incident: string, file: string, today: string): ListedAction {
  const { start: _s, end: _e, ...rest } = a;
  return { ...rest, incident, file, overdue: isOverdue(a, today) };
}

/** Overdue first (oldest due first), then by due date, then undated; done last. */
export function byUrgency(a: ListedAction, b: ListedAction): number {
  const rank = (x: ListedAction) => (x.done ? 3 : x.overdue ? 0 : x.due ? 1 : 2);
  const due = (x: ListedAction) => (x.due ? (parseStamp(x.due.slice(0, 10))?.ms ?? Infinity) : Infinity);
  return rank(a) - rank(b) || due(a) - due(b) || a.incident.localeCompare(b.incident) || a.n - b.n;
}

/** A due date: a calendar day in the incident's zone; naturally in the future. */
async function dueOf(due: string | undefined, file: string): Promise<string | null> {
  if (due === undefined || due === '') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(due) && parseStamp(due)) return due;
  const { parseWhen } = await import('../util/when.js');
  const zone = await zoneOfFile(file);
  return formatDate(await parseWhen(due, { what: '--due', zone, future: true }), zone);
}

function ownerOf(owner: string | undefined): string | null {
  if (owner === undefined || owner.trim() === '') return null;
  const o = owner.trim();
  if (/[,|\n]/.test(o)) throw new UsageError(`--owner "${owner}": expected one name or handle, e.g. @ops`);
  return o;
}

export async function run(args: ActionArgs, g: Globals): Promise<ActionResult> {
  const today = formatDate(new Date());
  if (args.action === 'list') {
    if (args.all) {
      const all: ListedAction[] = [];
      const skipped: Skipped[] = [];
      for (const ref of incidentFolders(g.dir)) {
        try {
          for (const a of actionsOf(await readText(ref.file), ref.file)) all.push(listed(a, ref.id, ref.file, today));
        } catch (e) {
          skipped.push(asSkipped(ref, e)); // one broken postmortem never hides the others' actions
        }
      }
      warnSkipped(skipped);
      return { action: 'list', actions: all.filter((a) => !args.open || !a.done).sort(byUrgency), ...warningsOf(skipped) };
    }
    const ref = await resolveIncident(g);
    const actions = actionsOf(await readText(ref.file), ref.file).map((a) => listed(a, ref.id, ref.file, today));
    return { action: 'list', id: ref.id, file: ref.file, actions: actions.filter((a) => !args.open || !a.done), ...warningsOf(ref.skipped) };
  }

  const ref = await resolveIncident(g);
  let n = 0;
  let changed = true;
  if (args.action === 'add') {
    const text = (args.text ?? '').trim();
    if (!text) throw new UsageError('action add: expected the action, e.g. postmortem action add "alert on inode use" --owner @ops --due 2026-04-01');
    const type = args.type?.toLowerCase();
    if (type !== undefined && !(ACTION_TYPES as string[]).includes(type)) throw new UsageError(`--type "${args.type}": expected one of ${ACTION_TYPES.join(', ')}`);
    const a = { text, owner: ownerOf(args.owner), due: await dueOf(args.due, ref.file), type: type ?? null };
    await updateDocument(
      ref.file,
      (source) => {
        const added = addAction(source, a, ref.file);
        n = added.n;
        return added.source;
      },
      `- [ ] ${text}`,
    );
  } else {
    const m = /^\s*#?(\d+)\s*$/.exec(args.n ?? '');
    if (!m || Number(m[1]) < 1) throw new UsageError(`action done: expected an action number like 2 ("postmortem action list" shows them), got "${args.n ?? ''}"`);
    n = Number(m[1]);
    await updateDocument(ref.file, (source) => {
      const r = markActionDone(source, n, ref.file);
      changed = r.source !== source;
      return r.source;
    });
  }
  const item = actionsOf(await readText(ref.file), ref.file).find((a) => a.n === n);
  return { action: args.action, id: ref.id, file: ref.file, item: item && listed(item, ref.id, ref.file, today), changed, ...warningsOf(ref.skipped) };
}

function row(a: ListedAction, withIncident: boolean): string[] {
  const due = a.due ? (a.overdue ? c.red(`${a.due} overdue`) : a.due) : '';
  return [...(withIncident ? [a.incident] : []), String(a.n), a.done ? c.green('[x]') : '[ ]', a.text, a.owner ?? '', due, a.type ?? ''];
}

export function format(r: ActionResult): string {
  if (r.action === 'list') {
    const as = r.actions ?? [];
    if (as.length === 0) return r.id ? `No actions in ${r.id}` : 'No actions';
    const all = !r.id;
    return table(as.map((a) => row(a, all)), [...(all ? ['incident'] : []), '#', '', 'action', 'owner', 'due', 'type']);
  }
  const a = r.item;
  const where = `${path.relative(process.cwd(), r.file!) || r.file}${a ? `:${a.line}` : ''}`;
  if (!a) return where;
  if (r.action === 'done') return `${where}  ${r.changed ? 'done' : 'already done'}: ${a.n}. ${a.text}`;
  return `${where}  added ${a.n}. ${a.text}${a.owner ? `  owner ${a.owner}` : ''}${a.due ? `  due ${a.due}` : ''}${a.type ? `  type ${a.type}` : ''}`;
}
