// The resource a kernel message names, read now: the memory cgroup an OOM kill hit, the pids cgroup
// that refused a fork, the mount of a device that went read-only, conntrack, file handles, RAM.
// now.ts judges what is read here; "gone" is said only where it can be verified.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LiveResource } from './now.js';
import { parseKeyValues, readNumber, readOptional } from './read.js';
import { parseMountinfo } from '../util/mountinfo.js';
import type { ProbeContext } from './types.js';

/** v1 writes "unlimited" as the largest page-aligned 64-bit number. */
const finite = (n: number | null): number | null => (n === null ? null : n >= 2 ** 60 || n < 0 ? Infinity : n);

/** The hierarchy holding a controller (v1 mount with it, else cgroup2 listing it), mounted at its root. */
function hierarchy(ctx: ProbeContext, controller: string): { dir: string; v2: boolean } | null {
  return ctx.once(`cgroup-hierarchy:${controller}`, () => findHierarchy(ctx, controller));
}
function findHierarchy(ctx: ProbeContext, controller: string): { dir: string; v2: boolean } | null {
  const mi = readOptional(ctx.path('/proc/self/mountinfo'));
  if (mi === null) return null;
  let v2: string | null = null;
  for (const line of mi.split('\n')) {
    const f = line.split(' ');
    const sep = f.indexOf('-', 6);
    if (sep < 0 || f[3] !== '/') continue; // a bind of a subtree: the kernel's paths do not map onto it
    if (f[sep + 1] === 'cgroup' && (f[sep + 3] ?? '').split(',').includes(controller)) return { dir: ctx.path(f[4]!), v2: false };
    if (f[sep + 1] === 'cgroup2') v2 = f[4]!;
  }
  if (v2 !== null && (readOptional(ctx.path(`${v2}/cgroup.controllers`)) ?? '').split(/\s+/).includes(controller)) return { dir: ctx.path(v2), v2: true };
  return null;
}

/** A cgroup the kernel named: its folder, or "gone" when its parent is there and it is not. */
function cgroupDir(ctx: ProbeContext, controller: string, cg: string): { dir: string; v2: boolean; top: string } | 'gone' | null {
  const h = hierarchy(ctx, controller);
  if (!h || !cg.startsWith('/')) return null;
  const dir = path.join(h.dir, cg);
  if (existsSync(dir)) return { ...h, dir, top: h.dir };
  // the kernel prints paths from the host's root; in a cgroup namespace they do not exist here at all
  return existsSync(path.dirname(dir)) ? 'gone' : null;
}

function memcg(ctx: ProbeContext, cg: string, limitThen: number | undefined): LiveResource | null {
  const d = cgroupDir(ctx, 'memory', cg);
  if (d === 'gone') return { what: `memory cgroup ${cg}`, gone: true, said: `memory cgroup ${cg} is gone` };
  if (!d) return null;
  const used = readNumber(`${d.dir}/${d.v2 ? 'memory.current' : 'memory.usage_in_bytes'}`);
  const limit = finite(readNumber(`${d.dir}/${d.v2 ? 'memory.max' : 'memory.limit_in_bytes'}`));
  return { what: `memory ${cg}`, used, limit, unit: 'bytes', limitThen: limitThen ?? null, lowUseIsNoProof: true, threshold: 'cgroup-memory' };
}

/** The forking task's cgroup is named; the limit that refused may be a parent's: the fullest counts. */
function pidsCg(ctx: ProbeContext, cg: string): LiveResource | null {
  const d = cgroupDir(ctx, 'pids', cg);
  if (d === 'gone') return { what: `pids cgroup ${cg}`, gone: true, said: `pids cgroup ${cg} is gone` };
  if (!d) return null;
  let best: LiveResource | null = null;
  for (let dir = d.dir; dir.length >= d.top.length; dir = path.dirname(dir)) {
    const used = readNumber(`${dir}/pids.current`);
    const limit = readNumber(`${dir}/pids.max`);
    if (used !== null && limit !== null && Number.isFinite(limit) && (!best || used / limit > best.used! / best.limit!))
      best = { what: `pids ${'/' + path.relative(d.top, dir)}`, used, limit, threshold: 'cgroup-pids' };
    if (dir === d.top) break;
  }
  return best ?? { what: `pids ${cg}`, fine: true, said: `pids ${cg} and its parents have no limit now` };
}

/** The mounts of a kernel device name (sda1, loop0), by major:minor where /sys tells, else by source. */
function mountsOf(ctx: ProbeContext, dev: string): { what: string; mounted: boolean; ro: boolean; verified: boolean } | null {
  // ours and init's (a device may be mounted only in the host's namespace); read once per snapshot
  const mounts = ctx.once('live-resource:mounts', () => {
    const mi = [readOptional(ctx.path('/proc/self/mountinfo')), ctx.live ? readOptional('/proc/1/mountinfo') : null].filter((x): x is string => x !== null);
    return mi.length ? mi.flatMap((t) => parseMountinfo(t)) : null;
  });
  if (!mounts) return null;
  const majmin = readOptional(ctx.path(`/sys/class/block/${dev}/dev`))?.trim();
  const mapper = readOptional(ctx.path(`/sys/class/block/${dev}/dm/name`))?.trim();
  const names = [`/dev/${dev}`, ...(mapper ? [`/dev/mapper/${mapper}`] : [])];
  const mine = mounts.filter((m) => m.device === majmin || names.includes(m.source));
  // without /sys a device mounted under another name cannot be ruled out; btrfs mounts show an
  // anonymous device number, so where there is one, "not mounted" is not verified either
  return { what: `/dev/${dev}`, mounted: mine.length > 0, ro: mine.some((m) => m.superOptions.includes('ro')), verified: Boolean(majmin) && !mounts.some((m) => m.fsType === 'btrfs') };
}

/** The resource behind one kind of kernel event, read now; null when it cannot be read here. */
export function readLive(ctx: ProbeContext, kind: string, subject: string | null, limitThen?: number): LiveResource | null {
  if (kind === 'oom') {
    if (subject && subject !== '/') return memcg(ctx, subject, limitThen);
    const mi = parseKeyValues(readOptional(ctx.path('/proc/meminfo')) ?? '');
    if (mi.MemTotal === undefined) return null;
    return { what: 'memory', used: mi.MemTotal - (mi.MemAvailable ?? mi.MemFree ?? 0), limit: mi.MemTotal, unit: 'bytes', lowUseIsNoProof: true, threshold: 'memory' };
  }
  if (kind === 'pids-rejected' && subject) return pidsCg(ctx, subject);
  if (kind === 'conntrack-full') {
    const used = readNumber(ctx.path('/proc/sys/net/netfilter/nf_conntrack_count'));
    const limit = readNumber(ctx.path('/proc/sys/net/netfilter/nf_conntrack_max'));
    return used === null || limit === null ? null : { what: 'conntrack', used, limit, threshold: 'conntrack' };
  }
  if (kind === 'file-max') {
    const f = (readOptional(ctx.path('/proc/sys/fs/file-nr')) ?? '').trim().split(/\s+/).map(Number);
    return f.length === 3 ? { what: 'open files (file-nr)', used: f[0]!, limit: f[2]!, threshold: 'file-nr' } : null;
  }
  if ((kind === 'remount-ro' || kind === 'fs-error') && subject) {
    const m = mountsOf(ctx, subject);
    if (!m) return null;
    if (!m.mounted) return m.verified ? { what: m.what, gone: true, said: `${m.what} is no longer mounted` } : null;
    if (kind === 'fs-error') return null; // errors stay on a mounted filesystem until fsck
    return m.ro ? { what: m.what, failing: true, said: `${m.what} is still mounted read-only` } : { what: m.what, fine: true, said: `${m.what} is mounted read-write again` };
  }
  return null;
}
