// An Ansible INI inventory (the fleet's usual list) as ssh destinations. Parsing is pure (tested on
// literal strings); reading the file is one small function at the end. The subset of Ansible's INI
// format a fleet list uses: [group], [group:children], [group:vars], host lines with key=value vars,
// `host:port`, ranges (web-[01:20], db-[a:c], app-[1:9:2]), # and ; comments. Only the connection
// variables ansible_host, ansible_port and ansible_user are used (and their old ansible_ssh_* names);
// everything else about how to reach a host belongs in ~/.ssh/config, as for Ansible itself.
import { readFileSync } from 'node:fs';
import { InputError, UsageError } from '../errors.js';

export interface InventoryHost {
  /** The name in the inventory: what the fleet table shows. */
  name: string;
  /** Variables after precedence: host line over child group over parent group over `all`. */
  vars: Record<string, string>;
}

interface Group {
  hosts: string[];
  children: Array<{ name: string; line: number }>;
  vars: Record<string, string>;
}

export interface Inventory {
  file: string;
  /** Host names in order of first appearance, with the variables of their own lines. */
  hosts: Map<string, Record<string, string>>;
  groups: Map<string, Group>;
}

/** Ansible's section header: [name], [name:vars], [name:children], maybe a comment after it. */
const HEADER = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:[#;].*)?$/;
/** Where a host range may expand to at most (a typo like [1:100000000] must not eat the memory). */
const MAX_RANGE = 10000;
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Shell-like words of a line: quotes group, a word starting with # ends the line (Ansible uses shlex). */
export function words(line: string): string[] | string {
  const out: string[] = [];
  let cur: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (/\s/.test(ch)) {
      if (cur !== null) out.push(cur), (cur = null);
      continue;
    }
    if (ch === '#' && cur === null) break;
    if (ch === '"' || ch === "'") {
      const end = line.indexOf(ch, i + 1);
      if (end === -1) return `unclosed ${ch}`;
      cur = (cur ?? '') + line.slice(i + 1, end);
      i = end;
      continue;
    }
    cur = (cur ?? '') + ch;
  }
  if (cur !== null) out.push(cur);
  return out;
}

/** Expands the first [a:b(:step)] of a host pattern, and the rest recursively, as Ansible does. */
export function expandRange(pattern: string): string[] | string {
  const open = pattern.indexOf('[');
  if (open === -1) return [pattern];
  const close = pattern.indexOf(']', open);
  if (close === -1) return `unclosed [ in ${pattern}`;
  const bounds = pattern.slice(open + 1, close).split(':');
  const want = `expected a range like web-[01:20], db-[a:c] or app-[1:9:2] in ${pattern}`;
  if (bounds.length < 2 || bounds.length > 3) return want;
  const [beg = '', end = '', stepText = '1'] = bounds;
  const step = Number(stepText);
  if (!end || !/^\d+$/.test(stepText) || step < 1) return want;
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  let seq: string[];
  if (/^\d*$/.test(beg) && /^\d+$/.test(end)) {
    // a leading zero fixes the width (web-[01:20] -> web-01 ... web-20), as in Ansible
    const width = beg.length > 1 && beg.startsWith('0') ? beg.length : 0;
    if (width && width !== end.length) return `range ${beg}:${end} in ${pattern}: begin and end must have the same width`;
    const a = Number(beg || '0');
    const b = Number(end);
    if (a > b) return `range ${beg}:${end} in ${pattern}: begin is after end`;
    if ((b - a) / step >= MAX_RANGE) return `range ${beg}:${end} in ${pattern}: more than ${MAX_RANGE} hosts`;
    seq = [];
    for (let k = a; k <= b; k += step) seq.push(String(k).padStart(width, '0'));
  } else if (beg.length === 1 && end.length === 1 && LETTERS.includes(beg) && LETTERS.includes(end)) {
    const a = LETTERS.indexOf(beg);
    const b = LETTERS.indexOf(end);
    if (a > b) return `range ${beg}:${end} in ${pattern}: begin is after end`;
    seq = [];
    for (let k = a; k <= b; k += step) seq.push(LETTERS[k]!);
  } else return want;
  const out: string[] = [];
  for (const x of seq) {
    const more = expandRange(head + x + tail);
    if (typeof more === 'string') return more;
    out.push(...more);
  }
  if (out.length > MAX_RANGE) return `${pattern} expands to more than ${MAX_RANGE} hosts`;
  return out;
}

const ALIASES: Record<string, string> = { ansible_ssh_host: 'ansible_host', ansible_ssh_port: 'ansible_port', ansible_ssh_user: 'ansible_user' };

/** The connection variables we pass to ssh must not be able to become an ssh option or a second argument. */
function checkVar(key: string, value: string): string | undefined {
  if (key === 'ansible_port' && !(/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 65535)) return `${key}=${value}: expected a port number 1-65535`;
  if (key === 'ansible_host' && !/^(?:[A-Za-z0-9_][A-Za-z0-9_.-]*|\[?[0-9A-Fa-f:.]+\]?)$/.test(value)) return `${key}=${value}: expected a host name or an IP address`;
  if (key === 'ansible_user' && !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(value)) return `${key}=${value}: expected a user name`;
  return undefined;
}

/** key=value (a host line's word, or a [group:vars] line: spaces around = allowed there). */
function assignment(s: string): [string, string] | undefined {
  const eq = s.indexOf('=');
  if (eq <= 0) return undefined;
  const key = s.slice(0, eq).trim();
  let value = s.slice(eq + 1).trim();
  if (!/^\w+$/.test(key)) return undefined;
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0]!)) value = value.slice(1, -1);
  return [ALIASES[key] ?? key, value];
}

export function parseInventory(text: string, file: string): Inventory {
  const hosts = new Map<string, Record<string, string>>();
  const groups = new Map<string, Group>();
  const group = (name: string): Group => {
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { hosts: [], children: [], vars: {} }));
    return g;
  };
  group('all');
  group('ungrouped');
  let section = { name: 'ungrouped', kind: 'hosts' };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const n = i + 1;
    const bad = (why: string) => new InputError(file, n, why);
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    if (line.startsWith('[')) {
      const m = HEADER.exec(line);
      if (!m || (m[2] !== undefined && m[2] !== 'vars' && m[2] !== 'children'))
        throw bad(`expected a section [group], [group:vars] or [group:children], got ${line}`);
      section = { name: m[1]!, kind: m[2] ?? 'hosts' };
      group(section.name);
      return;
    }
    if (section.kind === 'vars') {
      const kv = assignment(line.replace(/\s+[#;].*$/, ''));
      if (!kv) throw bad(`expected key=value in [${section.name}:vars], got ${line}`);
      const why = checkVar(kv[0], kv[1]);
      if (why) throw bad(why);
      group(section.name).vars[kv[0]] = kv[1];
      return;
    }
    const ws = words(line);
    if (typeof ws === 'string') throw bad(`${ws} in ${line}`);
    if (!ws.length) return; // a line that was all comment
    if (section.kind === 'children') {
      if (ws.length > 1 || !/^[^:\]\s[]+$/.test(ws[0]!)) throw bad(`expected one group name per line in [${section.name}:children], got ${line}`);
      group(ws[0]!);
      group(section.name).children.push({ name: ws[0]!, line: n });
      return;
    }
    // a host line: pattern (maybe host:port, maybe a range) and key=value variables
    let pattern = ws[0]!;
    const vars: Record<string, string> = {};
    const port = /^(.+):(\d+)$/.exec(pattern);
    if (port && !port[1]!.slice(port[1]!.lastIndexOf(']') + 1).includes(':')) {
      pattern = port[1]!;
      vars.ansible_port = port[2]!;
    }
    for (const w of ws.slice(1)) {
      const kv = assignment(w);
      if (!kv) throw bad(`expected key=value after the host name, got ${w}`);
      vars[kv[0]] = kv[1];
    }
    for (const [k, v] of Object.entries(vars)) {
      const why = checkVar(k, v);
      if (why) throw bad(why);
    }
    const names = expandRange(pattern);
    if (typeof names === 'string') throw bad(names);
    for (const name of names) {
      if (name.startsWith('-') || name.includes('=')) throw bad(`expected a host name, got ${name}`);
      hosts.set(name, { ...(hosts.get(name) ?? {}), ...vars });
      const g = group(section.name);
      if (!g.hosts.includes(name)) g.hosts.push(name);
    }
  });
  // a cycle in [x:children] would make "which hosts are in x" endless: say where it closes
  const visiting = new Set<string>();
  const done = new Set<string>();
  const walk = (name: string) => {
    if (done.has(name)) return;
    visiting.add(name);
    for (const c of groups.get(name)!.children) {
      if (visiting.has(c.name)) throw new InputError(file, c.line, `group ${c.name} is its own ancestor (through [${name}:children])`);
      walk(c.name);
    }
    visiting.delete(name);
    done.add(name);
  };
  for (const name of groups.keys()) walk(name);
  return { file, hosts, groups };
}

/** The groups a user can pick, `all` first. */
export function groupNames(inv: Inventory): string[] {
  return ['all', ...[...inv.groups.keys()].filter((g) => g !== 'all').sort()];
}

/** Every host of `name` and of its children, in the inventory's order. */
function members(inv: Inventory, name: string): Set<string> {
  if (name === 'all') return new Set(inv.hosts.keys());
  const out = new Set<string>();
  const add = (g: string) => {
    for (const h of inv.groups.get(g)!.hosts) out.add(h);
    for (const c of inv.groups.get(g)!.children) add(c.name);
  };
  add(name);
  return out;
}

/** A host's variables after Ansible's precedence: `all`, then groups by depth (parents first) and name, then the host line. */
function varsOf(inv: Inventory, host: string): Record<string, string> {
  const parents = new Map<string, string[]>();
  for (const [name, g] of inv.groups) for (const c of g.children) parents.set(c.name, [...(parents.get(c.name) ?? []), name]);
  const depth = (g: string): number => (g === 'all' ? 0 : 1 + Math.max(0, ...(parents.get(g) ?? []).filter((p) => p !== 'all').map(depth)));
  const mine = new Set<string>();
  const up = (g: string) => {
    if (mine.has(g)) return;
    mine.add(g);
    for (const p of parents.get(g) ?? []) up(p);
  };
  for (const [name, g] of inv.groups) if (g.hosts.includes(host)) up(name);
  mine.delete('all');
  const order = [...mine].sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
  return Object.assign({}, inv.groups.get('all')!.vars, ...order.map((g) => inv.groups.get(g)!.vars), inv.hosts.get(host));
}

/** The hosts of `group` (default all); an unknown group is a usage error that lists the groups there are. */
export function selectHosts(inv: Inventory, group = 'all'): InventoryHost[] {
  if (!inv.groups.has(group)) throw new UsageError(`--group ${group}: no such group in ${inv.file}; there: ${groupNames(inv).join(', ')}`);
  return [...members(inv, group)].map((name) => ({ name, vars: varsOf(inv, name) }));
}

/**
 * The ssh destination for a host, as Ansible connects: ansible_host (default the name), with
 * ansible_user and ansible_port in the destination itself (`ssh://user@host:port`, OpenSSH 7.7+),
 * which ssh treats as -o User=... -o Port=...; ~/.ssh/config then matches the address, as for Ansible.
 */
export function destination(h: InventoryHost): string {
  const host = (h.vars.ansible_host ?? h.name).replace(/^\[(.*)\]$/, '$1'); // [::1] -> ::1: brackets only in the URI form
  const user = h.vars.ansible_user;
  const port = h.vars.ansible_port;
  if (port === undefined) return user ? `${user}@${host}` : host;
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `ssh://${user ? `${user}@` : ''}${bracketed}:${port}`;
}

export function readInventory(file: string): Inventory {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, undefined, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message);
  }
  return parseInventory(text, file);
}
