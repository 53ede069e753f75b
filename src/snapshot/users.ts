// User names for the uids the kernel reports (SysV IPC owners, key quotas, fd holders, zombie parents,
// users at RLIMIT_NPROC): from the /etc/passwd of
// the machine being read (under the root), once per snapshot. Users from LDAP or sssd stay "uid N".
import { readOptional } from './read.js';
import type { ProbeContext } from './types.js';

/** uid -> name from passwd lines ("www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin"). */
export function parsePasswd(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 3 || line.startsWith('#') || !/^\d+$/.test(f[2]!)) continue;
    if (!out.has(Number(f[2]))) out.set(Number(f[2]), f[0]!);
  }
  return out;
}

export function userNames(ctx: ProbeContext): Map<number, string> {
  return ctx.once('passwd', () => {
    try {
      return parsePasswd(readOptional(ctx.path('/etc/passwd')) ?? '');
    } catch {
      return new Map<number, string>();
    }
  });
}

/** "www-data (uid 33)", or "uid 33" when the name is unknown. */
export const userLabel = (uid: number, names: Map<number, string>): string => (names.has(uid) ? `${names.get(uid)} (uid ${uid})` : `uid ${uid}`);

/** "name" when /etc/passwd under the root knows the uid, else "uid N" ("?" for an unreadable owner). */
export function userName(ctx: ProbeContext, uid: number | null): string {
  if (uid === null) return '?';
  return userNames(ctx).get(uid) ?? `uid ${uid}`;
}
