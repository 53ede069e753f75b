// inotify instances and watches per user against fs.inotify.max_user_instances / max_user_watches.
// When they run out, tail -f, systemd and file watchers fail with "Too many open files" or "No space
// left on device" (ENOSPC from inotify_add_watch), a misleading message on a disk with room to spare.
import { usage } from '../assess.js';
import { readProcTable } from '../proctable.js';
import { eachFdLink, readNumber, readOptional } from '../read.js';
import type { Finding, Probe } from '../types.js';

export interface InotifyData {
  maxInstances: number | null;
  maxWatches: number | null;
  users: Array<{ uid: number; instances: number; watches: number; top: string }>;
}

/** Watches in one inotify fd's fdinfo: one "inotify wd:..." line per watch. */
export function countWatches(fdinfo: string): number {
  let n = 0;
  for (const line of fdinfo.split('\n')) if (line.startsWith('inotify ')) n++;
  return n;
}

export const inotify: Probe<InotifyData> = {
  id: 'inotify',
  description: 'inotify instances and watches per user',
  reads: ['/proc/sys/fs/inotify/max_user_instances', '/proc/sys/fs/inotify/max_user_watches', '/proc/[0-9]*/fd/*', '/proc/[0-9]*/fdinfo/*@anon', '/proc/[0-9]*', '/proc/[0-9]*/stat', '/proc/[0-9]*/status', '/proc/[0-9]*/limits', '/proc/[0-9]*/fd'],
  async collect(ctx) {
    const { procs } = readProcTable(ctx);
    const users = new Map<number, { instances: number; watches: number; perComm: Map<string, number> }>();
    for (const p of procs) {
      if (p.kernel || p.uid === null || !p.fds) continue;
      const uid = p.uid;
      eachFdLink(ctx.path(`/proc/${p.pid}/fd`), (fd, target) => {
        if (target !== 'anon_inode:inotify') return;
        const u = users.get(uid) ?? { instances: 0, watches: 0, perComm: new Map() };
        const w = countWatches(readOptional(ctx.path(`/proc/${p.pid}/fdinfo/${fd}`)) ?? '');
        u.instances++;
        u.watches += w;
        u.perComm.set(p.comm, (u.perComm.get(p.comm) ?? 0) + w + 1);
        users.set(uid, u);
      });
    }
    return {
      maxInstances: readNumber(ctx.path('/proc/sys/fs/inotify/max_user_instances')),
      maxWatches: readNumber(ctx.path('/proc/sys/fs/inotify/max_user_watches')),
      users: [...users]
        .map(([uid, u]) => ({ uid, instances: u.instances, watches: u.watches, top: [...u.perComm].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '' }))
        .sort((a, b) => b.watches - a.watches),
    };
  },
  assess(d, t) {
    const out: Finding[] = [];
    for (const u of d.users.slice(0, 3)) {
      if (d.maxWatches)
        out.push(usage({ id: 'inotify.watches', resource: 'inotify watches', subject: `uid ${u.uid}`, used: u.watches, limit: d.maxWatches, level: t.inotify, hint: `inotify_add_watch fails with "No space left on device" (mostly ${u.top}); raise fs.inotify.max_user_watches` }));
      if (d.maxInstances)
        out.push(usage({ id: 'inotify.instances', resource: 'inotify instances', subject: `uid ${u.uid}`, used: u.instances, limit: d.maxInstances, level: t.inotify, hint: `inotify_init fails with "Too many open files" (mostly ${u.top}); raise fs.inotify.max_user_instances` }));
    }
    return out;
  },
};
