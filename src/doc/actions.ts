import type { ListItem, TableRow } from './outline.js';
import type { Action } from './model.js';

// "- [ ] Alert when inode use passes 80 % — owner: @ops, due: 2026-04-01, type: detect"
const TAIL = /\s*(?:[—–]|--?)\s*((?:owner|due|type)\s*:.*)$|\s*\(((?:owner|due|type)\s*:[^)]*)\)\s*$/i;

function fields(text: string): { text: string; owner: string | null; due: string | null; type: string | null } {
  const m = TAIL.exec(text);
  const out = { text, owner: null as string | null, due: null as string | null, type: null as string | null };
  if (!m) return out;
  out.text = text.slice(0, m.index).trim();
  for (const part of (m[1] ?? m[2])!.split(/[,;]\s*/)) {
    const kv = /^(owner|due|type)\s*:\s*(.+)$/i.exec(part.trim());
    if (kv) out[kv[1]!.toLowerCase() as 'owner' | 'due' | 'type'] = kv[2]!.trim();
  }
  return out;
}

export function actionsFromItems(items: ListItem[]): Action[] {
  return items.map((it, i) => ({ n: i + 1, done: it.checked === true, ...fields(it.text), line: it.line, start: it.start, end: it.end }));
}

/** Action-item tables (Google SRE: "| Action Item | Type | Owner | Bug |"). */
export function actionsFromTable(rows: TableRow[], firstN: number): Action[] {
  return rows.map((r, i) => {
    const col = (re: RegExp) => {
      const k = r.header.findIndex((h) => re.test(h));
      return k === -1 ? null : r.cells[k]?.trim() || null;
    };
    const text = col(/action|item|task|description|what/i) ?? r.cells[0] ?? '';
    const status = col(/status|done|state/i);
    return {
      n: firstN + i,
      done: status !== null && /^(done|closed|complete|completed|fixed|resolved|x|✓|✅)$/i.test(status),
      text,
      owner: col(/owner|who|assignee|responsible/i),
      due: col(/due|deadline|date/i),
      type: col(/type|category|kind/i),
      line: r.line,
      start: r.start,
      end: r.end,
    };
  });
}
