// Cgroups frozen by the freezer: their tasks sit in D (v1) or S (v2) and look stuck on storage, but
// they only wait to be thawed. We walk the v2 hierarchy and the v1 freezer hierarchy for cgroups
// frozen by their own setting (v2 cgroup.freeze 1, v1 freezer.self_freezing 1; their descendants are
// frozen with them) and list the processes inside, so a finding can say "frozen by cgroup X".
import { readdirSync } from 'node:fs';
import { readOptional } from './read.js';
import type { ProbeContext } from './types.js';
import { parseMountinfo } from '../util/mountinfo.js';

export interface FrozenCgroup {
  version: 1 | 2;
  /** The cgroup, as /proc/PID/cgroup names it ("/batch"). */
  path: string;
  /** The file that thaws it, as seen on this machine. */
  control: string;
  /** Processes in it and its descendants. */
  pids: number[];
}

/** A directory walk bound: a host with thousands of containers still answers quickly. */
const MAX_DIRS = 4000;

/** Pure: the hierarchies to walk, from mountinfo (a cgroup2 mount, or a v1 mount carrying "freezer"). */
export function freezerMounts(mountinfo: string): Array<{ version: 1 | 2; mountPoint: string }> {
  const out: Array<{ version: 1 | 2; mountPoint: string }> = [];
  for (const m of parseMountinfo(mountinfo)) {
    if (m.fsType === 'cgroup2') out.push({ version: 2, mountPoint: m.mountPoint });
    else if (m.fsType === 'cgroup' && m.superOptions.includes('freezer')) out.push({ version: 1, mountPoint: m.mountPoint });
  }
  return out;
}

/** Pure: whether a cgroup froze itself, from cgroup.freeze (v2) or freezer.self_freezing (v1). */
export const freezesItself = (text: string | null): boolean => text?.trim() === '1';

/** Pure: a cgroup.procs file ("12\n345\n") -> numbers. */
export const parsePids = (text: string | null): number[] => (text ?? '').split('\n').filter((l) => /^\d+$/.test(l.trim())).map(Number);

export function findFrozen(ctx: ProbeContext): FrozenCgroup[] {
  return ctx.once('frozen', () => {
    const info = readOptional(ctx.path('/proc/self/mountinfo')) ?? readOptional(ctx.path('/proc/1/mountinfo'));
    if (info === null) return [];
    const read = (file: string) => {
      try {
        return readOptional(file);
      } catch {
        return null; // not permitted: not frozen as far as we can tell
      }
    };
    const out: FrozenCgroup[] = [];
    let budget = MAX_DIRS;
    const subdirs = (dir: string) => {
      try {
        return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
      } catch {
        return [];
      }
    };
    const pidsUnder = (dir: string): number[] => {
      const pids = parsePids(read(`${dir}/cgroup.procs`));
      for (const s of subdirs(dir)) if (budget-- > 0) pids.push(...pidsUnder(`${dir}/${s}`));
      return pids;
    };
    for (const h of freezerMounts(info)) {
      const base = ctx.path(h.mountPoint);
      const own = h.version === 2 ? 'cgroup.freeze' : 'freezer.self_freezing';
      const walk = (rel: string): void => {
        if (budget-- <= 0) return;
        const dir = base + rel;
        if (rel && freezesItself(read(`${dir}/${own}`))) {
          out.push({ version: h.version, path: rel, control: `${h.mountPoint}${rel}/${h.version === 2 ? 'cgroup.freeze' : 'freezer.state'}`, pids: pidsUnder(dir) });
          return; // what is below is frozen by this one
        }
        for (const s of subdirs(dir)) walk(`${rel}/${s}`);
      };
      walk('');
    }
    return out;
  });
}
