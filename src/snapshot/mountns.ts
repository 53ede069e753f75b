// Mounts of other mount namespaces: a container's private tmpfs full of inodes does not show in our
// own /proc/self/mountinfo. Each process's /proc/PID/ns/mnt link names its namespace; one readlink per
// process finds the distinct ones (cheap when everything shares ours), and each is read once, through
// its first process. Its mounts are then statted through /proc/PID/root/<mount point> (see filesystems.ts).
import { readlinkSync } from 'node:fs';
import { listDir, readOptional } from './read.js';
import type { ProbeContext } from './types.js';
import { parseMountinfo, type Mount } from '../util/mountinfo.js';

export interface Namespace {
  /** The link target, "mnt:[4026532513]". */
  id: string;
  /** The namespace's first process (lowest pid: usually the container's init) and its command. */
  pid: number;
  comm: string;
  mounts: Mount[];
}

export interface NamespaceScan {
  namespaces: Namespace[];
  /** Processes whose namespace we may not read (not root). */
  denied: number;
}

/**
 * Of another namespace's measurable mounts, those that are not already measured: statfs answers per
 * filesystem (major:minor), so a filesystem the host has mounted anywhere, in whatever folder (a
 * PrivateTmp= bind of /tmp, a container's /etc/hosts), is the host's line already. Each filesystem
 * counts once across namespaces too (`seen` is shared).
 */
export function foreignMounts(nsMounts: Mount[], hostMounts: Mount[], seen: Set<string>): Mount[] {
  const host = new Set(hostMounts.map((m) => m.device));
  const out: Mount[] = [];
  for (const m of nsMounts) {
    if (host.has(m.device) || seen.has(m.device)) continue;
    seen.add(m.device);
    out.push(m);
  }
  return out;
}

function link(file: string): string | null | 'denied' {
  try {
    return readlinkSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'EACCES' || code === 'EPERM' ? 'denied' : null;
  }
}

function quietly(read: () => string | null): string | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/** Every mount namespace other than ours (or pid 1's, where we cannot tell ours), each once. */
export function readNamespaces(ctx: ProbeContext): NamespaceScan {
  const proc = ctx.path('/proc');
  const own = [link(`${proc}/self/ns/mnt`), link(`${proc}/1/ns/mnt`)].find((l) => l && l !== 'denied');
  const out: NamespaceScan = { namespaces: [], denied: 0 };
  if (!own) return out;
  const seen = new Set([own]);
  const pids = listDir(proc).filter((n) => n.charCodeAt(0) >= 48 && n.charCodeAt(0) <= 57);
  if (!ctx.live) pids.sort((a, b) => Number(a) - Number(b)); // /proc lists in pid order, a fixture's folder need not
  for (const name of pids) {
    const ns = link(`${proc}/${name}/ns/mnt`);
    if (ns === 'denied') out.denied++;
    if (!ns || ns === 'denied' || seen.has(ns)) continue;
    seen.add(ns);
    const text = quietly(() => readOptional(`${proc}/${name}/mountinfo`)); // gone meanwhile, or not permitted
    if (text === null) continue;
    const comm = (quietly(() => readOptional(`${proc}/${name}/comm`)) ?? '?').trim();
    out.namespaces.push({ id: ns, pid: Number(name), comm, mounts: parseMountinfo(text) });
  }
  return out;
}

/** Where the host reaches a namespace's mount point: through one of its processes' root. */
export const viaPid = (pid: number, mountPoint: string): string => `/proc/${pid}/root${mountPoint === '/' ? '' : mountPoint}`;

/** The finding subject: "/var/cache in mnt ns of pid 4242 (nginx)". */
export const nsSubject = (mountPoint: string, pid: number, comm: string): string => `${mountPoint} in mnt ns of pid ${pid} (${comm})`;
