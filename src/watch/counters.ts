// Failure counters: numbers the kernel only ever raises when something was refused. Compared sample
// to sample they catch what happens between two samples (a one-second burst of refused forks leaves
// pids.events higher even when pids.current is back down). Values come from the probes' data where a
// probe already reads the counter, and from a few files read here with pure parsers.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { BeancounterRow } from '../snapshot/probes/beancounters.js';
import type { CgroupData } from '../snapshot/probes/cgroup.js';
import type { ConntrackData } from '../snapshot/probes/conntrack.js';
import type { OomData } from '../snapshot/probes/oom.js';
import { parseKeyValues, readOptional } from '../snapshot/read.js';
import type { ProbeResult } from '../snapshot/types.js';
import { parseMountinfo } from '../util/mountinfo.js';
import type { Increment } from './types.js';

export interface Reading {
  /** What one count is, plural. */
  what: string;
  value: number;
}
export type Readings = Map<string, Reading>;

const dataOf = <T>(probes: ProbeResult[], id: string): T | undefined => probes.find((p) => p.id === id && p.status === 'ok')?.data as T | undefined;

/** /proc/net/netstat and /proc/net/snmp: pairs of lines "TcpExt: Name1 Name2" / "TcpExt: 1 2". */
export function parseNetstat(text: string): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const lines = text.split('\n').filter((l) => l.trim());
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const [prefix, ...names] = lines[i]!.trim().split(/\s+/);
    const [prefix2, ...values] = lines[i + 1]!.trim().split(/\s+/);
    if (!prefix || prefix !== prefix2) throw new Error(`netstat:${i + 2}: expected the values of "${prefix}", got "${lines[i + 1]}"`);
    const group: Record<string, number> = (out[prefix.replace(/:$/, '')] = {});
    names.forEach((n, k) => (group[n] = Number(values[k])));
  }
  return out;
}

const CGROUP_FILES: Array<{ file: string; counters: Record<string, string> }> = [
  { file: 'pids.events', counters: { max: 'forks refused (pids.max)' } },
  { file: 'memory.events', counters: { max: 'times at memory.max', oom: 'OOM events (memory.max)', oom_kill: 'OOM kills (cgroup)' } },
];

/** Adds the counters of one cgroup folder's event files (v1 pids.events has only "max"). */
export function addCgroupEvents(out: Readings, hierarchy: string, rel: string, file: string, text: string): void {
  const spec = CGROUP_FILES.find((f) => f.file === file);
  if (!spec) return;
  const kv = parseKeyValues(text);
  for (const [name, what] of Object.entries(spec.counters))
    if (kv[name] !== undefined) out.set(`cgroup ${hierarchy}${rel === '/' ? '' : rel} ${file} ${name}`, { what: `${what} in cgroup ${rel}`, value: kv[name]! });
}

/** At most this many cgroup folders are read per sample (a host with thousands of containers). */
const MAX_CGROUPS = 2000;

/**
 * Every cgroup's pids.events and memory.events, not only our own: the service whose forks are
 * refused is rarely the one running watch. Reads two small files per cgroup folder.
 */
export function readCgroupTree(out: Readings, root = '/'): void {
  const mi = readOptional(path.join(root, '/proc/self/mountinfo'));
  if (mi === null) return;
  let budget = MAX_CGROUPS;
  for (const m of parseMountinfo(mi)) {
    const v2 = m.fsType === 'cgroup2';
    const controller = m.fsType === 'cgroup' ? m.superOptions.find((o) => o === 'pids' || o === 'memory') : undefined;
    if (!v2 && !controller) continue;
    const hierarchy = v2 ? 'v2' : controller!;
    const top = path.join(root, m.mountPoint);
    const walk = (dir: string, depth: number) => {
      if (budget-- <= 0) return;
      const rel = '/' + path.relative(top, dir);
      for (const f of CGROUP_FILES) {
        const text = readOptional(path.join(dir, f.file));
        if (text !== null) addCgroupEvents(out, hierarchy, rel === '/' ? '/' : rel, f.file, text);
      }
      if (depth >= 8) return;
      let subs: string[] = [];
      try {
        subs = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
      } catch {
        return;
      }
      for (const s of subs) walk(path.join(dir, s), depth + 1);
    };
    walk(top, 0);
  }
}

/** The counters in one engine run, plus the few read directly (netstat, the cgroup tree). */
export function readCounters(probes: ProbeResult[], root = '/'): Readings {
  const out: Readings = new Map();
  for (const r of dataOf<BeancounterRow[]>(probes, 'beancounters') ?? [])
    out.set(`beancounters ${r.uid} ${r.resource} failcnt`, { what: `allocations refused (${r.resource} failcnt)`, value: r.failcnt });
  const cg = dataOf<CgroupData>(probes, 'cgroup');
  for (const m of cg?.memory ?? []) {
    if (m.version === 2) addCgroupEvents(out, 'v2', m.path, 'memory.events', Object.entries(m.events).map(([k, v]) => `${k} ${v}`).join('\n'));
    else if (m.failcnt !== null) out.set(`cgroup memory${m.path === '/' ? '' : m.path} memory.failcnt`, { what: `times at the memory limit in cgroup ${m.path}`, value: m.failcnt });
  }
  for (const p of cg?.pids ?? []) addCgroupEvents(out, p.version === 2 ? 'v2' : 'pids', p.path, 'pids.events', Object.entries(p.events).map(([k, v]) => `${k} ${v}`).join('\n'));
  const oom = dataOf<OomData>(probes, 'oom');
  if (oom) out.set('vmstat oom_kill', { what: 'OOM kills (/proc/vmstat oom_kill)', value: oom.oomKills });
  const ct = dataOf<ConntrackData>(probes, 'conntrack');
  for (const name of ['drop', 'early_drop', 'insert_failed'])
    if (ct?.stats?.[name] !== undefined) out.set(`conntrack ${name}`, { what: `packets dropped (conntrack ${name})`, value: ct.stats[name]! });
  const netstat = readOptional(path.join(root, '/proc/net/netstat'));
  if (netstat !== null) {
    const ext = parseNetstat(netstat).TcpExt ?? {};
    for (const name of ['ListenOverflows', 'ListenDrops'])
      if (ext[name] !== undefined) out.set(`netstat ${name}`, { what: `connections dropped (${name})`, value: ext[name]! });
  }
  readCgroupTree(out, root);
  return out;
}

/**
 * What rose between two readings, as events in the window [from, to]. A counter seen for the first
 * time has no window (it may have counted for years) and one that went down was reset: neither is an
 * event, both become the new base.
 */
export function diffCounters(prev: Readings, cur: Readings, from: number, to: number): Increment[] {
  const out: Increment[] = [];
  for (const [key, r] of cur) {
    const before = prev.get(key);
    if (before && r.value > before.value) out.push({ key, what: r.what, delta: r.value - before.value, from, to });
  }
  return out;
}
