// User names for the culprits we name (fd holders, zombie parents, RLIMIT_NPROC users), read from
// /etc/passwd under the root once per snapshot: "www-data", or "uid 1000" where the name is unknown.
import { readOptional } from './read.js';
import type { ProbeContext } from './types.js';

/** /etc/passwd: "name:x:uid:gid:gecos:home:shell"; the first line for a uid wins, like getpwuid. */
export function parsePasswd(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 3 || !f[0] || line.startsWith('#') || !/^\d+$/.test(f[2]!)) continue;
    const uid = Number(f[2]);
    if (!out.has(uid)) out.set(uid, f[0]);
  }
  return out;
}

/** "name" when /etc/passwd under the root knows the uid, else "uid N" ("?" for an unreadable owner). */
export function userName(ctx: ProbeContext, uid: number | null): string {
  if (uid === null) return '?';
  const names = ctx.once('passwd', () => {
    try {
      return parsePasswd(readOptional(ctx.path('/etc/passwd')) ?? '');
    } catch {
      return new Map<number, string>(); // unreadable: numbers will do
    }
  });
  return names.get(uid) ?? `uid ${uid}`;
}
