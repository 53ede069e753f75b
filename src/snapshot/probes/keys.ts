// Kernel keys per user against their quota (kernel.keys.maxkeys / maxbytes, root_maxkeys /
// root_maxbytes for root). Over quota, add_key and request_key fail with EDQUOT, "Disk quota
// exceeded", on a machine without any filesystem quota: sshd, su, NFS, CIFS and Kerberos logins break
// for that one user, often because a session manager leaks a keyring per session.
import { usage } from '../assess.js';
import { readRequired } from '../read.js';
import { userLabel, userNames } from '../users.js';
import type { Finding, Probe } from '../types.js';

export interface KeyUser {
  uid: number;
  /** "www-data (uid 33)" */
  user: string;
  /** Keys and bytes charged to the quota, and the quota itself. */
  keys: number;
  maxKeys: number;
  bytes: number;
  maxBytes: number;
}

export interface KeysData {
  users: KeyUser[];
}

/**
 * /proc/key-users: "  uid: usage nkeys/nikeys qnkeys/maxkeys qnbytes/maxbytes". The kernel prints each
 * user's quota next to the use (root's from root_maxkeys), the sysctls as they are now.
 */
export function parseKeyUsers(text: string): Array<Omit<KeyUser, 'user'>> {
  const out: Array<Omit<KeyUser, 'user'>> = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+):\s+\d+\s+\d+\/\d+\s+(\d+)\/(\d+)\s+(\d+)\/(\d+)\s*$/.exec(line);
    if (m) out.push({ uid: Number(m[1]), keys: Number(m[2]), maxKeys: Number(m[3]), bytes: Number(m[4]), maxBytes: Number(m[5]) });
  }
  return out;
}

const fullness = (u: KeyUser) => Math.max(u.keys / (u.maxKeys || Infinity), u.bytes / (u.maxBytes || Infinity));

export const keys: Probe<KeysData> = {
  id: 'keys',
  description: 'kernel keys and key bytes per user against kernel.keys.maxkeys and maxbytes',
  reads: ['/proc/key-users', '/etc/passwd'],
  async collect(ctx) {
    const rows = parseKeyUsers(readRequired(ctx.path('/proc/key-users'), '/proc/key-users (kernel without keys)'));
    const names = userNames(ctx);
    // the fullest ten: a shared host lists every user who ever logged in
    return { users: rows.map((r) => ({ ...r, user: userLabel(r.uid, names) })).sort((a, b) => fullness(b) - fullness(a)).slice(0, 10) };
  },
  assess(d, t) {
    const out: Finding[] = [];
    for (const u of d.users.slice(0, 3)) {
      const hint = (what: 'keys' | 'bytes') =>
        `add_key and keyctl fail for ${u.user} with "Disk quota exceeded" although no filesystem has a quota; list them with keyctl show (as that user) or /proc/keys, clear leaked keyrings, or raise kernel.keys.${u.uid === 0 ? 'root_' : ''}max${what}`;
      out.push(usage({ id: 'keys.keys', resource: 'kernel keys', subject: u.user, used: u.keys, limit: u.maxKeys, level: t.keys, hint: hint('keys') }));
      out.push(usage({ id: 'keys.bytes', resource: 'kernel key bytes', subject: u.user, used: u.bytes, limit: u.maxBytes, unit: 'bytes', level: t.keys, hint: hint('bytes') }));
    }
    return out;
  },
};
