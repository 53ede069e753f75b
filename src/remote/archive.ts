// Parses the collector's archive (format: src/remote/collector.ts). Pure: bytes in, entries out.
import { InputError } from '../errors.js';
import { redact } from '../redact/redact.js';
import type { StatfsResult } from '../snapshot/types.js';

export type Entry =
  | { kind: 'file'; path: string; data: Buffer }
  | { kind: 'link'; path: string; target: string }
  | { kind: 'dir'; path: string }
  | { kind: 'statfs'; path: string; result: StatfsResult | 'stuck' | { error: string } };

export interface Archive {
  entries: Entry[];
  /** False when the end marker is missing: the host stopped (or was stopped) mid-way. */
  complete: boolean;
}

const NL = 0x0a;

/** "/mnt/a\040b" (mountinfo's escapes) -> "/mnt/a b", as the filesystems probe names mount points. */
const unescape = (p: string) => p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

function statfsOf(text: string): StatfsResult | 'stuck' | { error: string } {
  if (text === 'stuck') return 'stuck';
  const f = text.split(',');
  if (f.length !== 7) return { error: text || 'error' };
  const [type, bsize, blocks, bfree, bavail, files, ffree] = [parseInt(f[0]!, 16), ...f.slice(1).map(Number)] as number[];
  if ([type, bsize, blocks, bfree, bavail, files, ffree].some((n) => !Number.isFinite(n))) return { error: `unexpected statfs "${text}"` };
  return { type: type!, bsize: bsize!, blocks: blocks!, bfree: bfree!, bavail: bavail!, files: files!, ffree: ffree! };
}

/** `name` names the input in errors (a file, a host). */
export function parseArchive(buf: Buffer, name: string): Archive {
  const entries: Entry[] = [];
  let pos = 0;
  let lineNo = 0;
  const line = (): string | null => {
    if (pos >= buf.length) return null;
    let nl = buf.indexOf(NL, pos);
    if (nl < 0) nl = buf.length;
    const s = buf.subarray(pos, nl).toString('utf8');
    pos = nl + 1;
    lineNo++;
    return s;
  };
  // the archive is raw host text: even an error quoting it goes through the gate
  const bad = (why: string) => new InputError(name, lineNo, redact(why));
  if (line() !== 'PMCAP 1') throw bad('not a postmortem capture (expected "PMCAP 1" on the first line)');
  for (let l = line(); l !== null; l = line()) {
    if (l === 'E') return { entries, complete: true };
    const m = /^([FLDS]) (.*)$/.exec(l);
    if (!m) throw bad(`unexpected line "${l.slice(0, 60)}"; expected F, L, D, S or E`);
    const [, kind, rest] = m as unknown as [string, string, string];
    if (kind === 'D') {
      entries.push({ kind: 'dir', path: rest });
      continue;
    }
    const sp = rest.indexOf(' ');
    if (sp < 0) throw bad(`"${l.slice(0, 60)}": expected "${kind} <n> <path>"`);
    const head = rest.slice(0, sp);
    const p = rest.slice(sp + 1);
    if (kind === 'S') {
      entries.push({ kind: 'statfs', path: unescape(p), result: statfsOf(head) });
      continue;
    }
    const n = Number(head);
    if (!Number.isInteger(n) || n < 0) throw bad(`"${head}" is not a length`);
    if (pos + n > buf.length) return { entries, complete: false }; // cut short inside the data
    const data = buf.subarray(pos, pos + n);
    pos += n;
    if (buf[pos] !== NL && pos < buf.length) throw bad(`${p}: data is not ${n} bytes long`);
    pos++;
    lineNo += data.filter((b) => b === NL).length + 1;
    if (kind === 'F') entries.push({ kind: 'file', path: p, data: Buffer.from(data) });
    else entries.push({ kind: 'link', path: p, target: data.toString('utf8') });
  }
  return { entries, complete: false };
}
