// rsyslog on Debian and RHEL writes what journald receives into /var/log/syslog or messages (and
// kern.log, auth.log...): on most servers every line is in the journal and in a file. Read both and
// each error would count twice. The journal is read first; a file line whose time (to the second),
// program and message match a journal entry is counted once, as the journal's.
export interface Said {
  ident: string;
  message: string;
}

/** "web-1 sshd[812]: Failed password" -> sshd, "Failed password"; also without the host. Pure. */
export function syslogSaid(rest: string): Said | null {
  const m = /^\s*(?:(\S+)\s+)??([^\s:[\]]+)(?:\[\d+\])?:\s?(.*)$/.exec(rest);
  return m ? { ident: m[2]!, message: bare(m[3]!) } : null;
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

  /** True when a file line at `ms` saying `rest` is a copy of a journal entry (±1 s: the two clocks read apart). */
  has(ms: number, rest: string): boolean {
    if (!this.keys.size) return false;
    const said = syslogSaid(rest);
    if (!said) return false;
    const s = Math.floor(ms / 1000);
    return this.keys.has(key(s, said)) || this.keys.has(key(s - 1, said)) || this.keys.has(key(s + 1, said));
  }
}

const key = (second: number, s: Said) => `${second}\0${s.ident}\0${s.message}`;
