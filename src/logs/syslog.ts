// Syslog lines as the journal has them. rsyslog on Debian and RHEL writes what journald receives
// into /var/log/syslog or messages (and kern.log, auth.log...): on most servers every line is in the
// journal and in a file. So a syslog line is read as "program: message" (no host, no pid), the
// journal's own shape, and the two group together; and as the journal is read first, a file line
// whose time (to the second), program and message match a journal entry is counted once, as the
// journal's.
export interface Said {
  ident: string;
  message: string;
}

/**
 * "web-1 sshd[812]: Failed password" -> sshd, "Failed password"; also without the host. Pure.
 * `strict` (a line whose format does not say it is syslog, ISO 8601): a first word is taken for a
 * host only when a "program[pid]:" or "kernel:" follows, so "ERROR main: failed" keeps its level.
 */
export function syslogSaid(rest: string, strict = false): Said | null {
  const m = /^\s*(?:(\S+)\s+)??([^\s:[\]]+)(\[\d+\])?:\s?(.*)$/.exec(rest);
  if (!m) return null;
  if (strict && m[1] !== undefined && !m[3] && m[2] !== 'kernel') return null;
  return { ident: m[2]!, message: bare(m[4]!) };
}

// the kernel's own time stamp ("[ 1234.567890] ") is in some copies and not in others
const bare = (message: string) => message.replace(/^\[\s*\d+\.\d+\]\s?/, '').trimEnd();

/** Bounded: past this many error-like journal entries, later file lines are simply counted. */
const MAX = 500_000;

export class JournalSeen {
  private readonly keys = new Set<string>();

  add(ms: number, ident: string, message: string): void {
    if (this.keys.size < MAX) this.keys.add(key(Math.floor(ms / 1000), { ident, message: bare(message) }));
  }

  /** True when a line at `ms` saying `said` is a copy of a journal entry (±1 s: the two clocks read apart). */
  has(ms: number, said: Said): boolean {
    if (!this.keys.size) return false;
    const s = Math.floor(ms / 1000);
    return this.keys.has(key(s, said)) || this.keys.has(key(s - 1, said)) || this.keys.has(key(s + 1, said));
  }
}

const key = (second: number, s: Said) => `${second}\0${s.ident}\0${s.message}`;
