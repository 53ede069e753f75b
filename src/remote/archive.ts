// Parses the collector's archive (formats: src/remote/collector.ts, README). Pure: bytes in, entries out.
// Version 2 is what the collector writes; version 1 (length-prefixed entries) is still read, for
// capture files made by an older collector.
import { InputError } from '../errors.js';
import { redact } from '../redact/redact.js';
import type { StatfsResult } from '../snapshot/types.js';

export type Entry =
  | { kind: 'file'; path: string; data: Buffer }
  | { kind: 'link'; path: string; target: string }
  | { kind: 'dir'; path: string }
  | { kind: 'statfs'; path: string; result: StatfsResult | 'stuck' | { error: string } }
  /** stat through an fd link whose target was deleted (/proc/PID/fd/N): what the bytes held cost. */
  | { kind: 'fdstat'; path: string; dev: string; ino: number; blocks: number; nlink: number };

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
  if (buf.subarray(0, 8).toString('latin1') === 'PMCAP 2 ') return parseV2(buf, name);
  return parseV1(buf, name);
}

function parseV1(buf: Buffer, name: string): Archive {
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

/** The header prefix: 8 to 64 steps of "/." or "//." (the collector draws 32). */
const NONCE = /^(?:\/\/?\.){8,64}$/;

/** One block of a version 2 archive: its name and the bytes up to the next header. */
interface Block {
  name: string;
  data: Buffer;
}

/** Splits a version 2 archive into its blocks; `complete` when the end block was reached. */
export function blocksV2(buf: Buffer, name: string): { blocks: Block[]; complete: boolean } {
  const nl = buf.indexOf(NL);
  const first = buf.subarray(0, nl < 0 ? buf.length : nl).toString('latin1');
  const q = first.slice('PMCAP 2 '.length);
  if (!NONCE.test(q)) throw new InputError(name, 1, `expected "PMCAP 2 <prefix>" on the first line, got "${redact(first.slice(0, 60))}"`);
  const mark = Buffer.from(`==> ${q}`, 'latin1');
  const heads: Array<{ at: number; name: string; body: number }> = [];
  for (let at = buf.indexOf(mark, nl); at >= 0; at = buf.indexOf(mark, at + mark.length)) {
    const eol = buf.indexOf(NL, at);
    if (eol < 0) break; // cut short inside a header
    const line = buf.subarray(at + mark.length, eol).toString('utf8');
    // a header cut off mid-line: a head killed at its deadline (a process stuck with its mmap lock)
    if (!line.endsWith(' <==') || line.includes(`==> ${q}`)) continue; // (the next header may follow on its line)
    heads.push({ at, name: line.slice(0, -4), body: eol + 1 });
  }
  const blocks: Block[] = [];
  for (let i = 0; i < heads.length; i++) {
    const h = heads[i]!;
    if (h.name === ':end') return { blocks, complete: true };
    const next = heads[i + 1];
    if (!next) break; // the last block was cut short: its data may be partial, so it is dropped
    // the newline before every header but /dev/null's separates, and belongs to neither block
    const sep = next.name !== '/dev/null' && buf[next.at - 1] === NL ? 1 : 0;
    blocks.push({ name: h.name, data: buf.subarray(h.body, Math.max(h.body, next.at - sep)) });
  }
  return { blocks, complete: false };
}

const lineAt = (buf: Buffer, at: number) => {
  let n = 1;
  for (let i = buf.indexOf(NL); i >= 0 && i < at; i = buf.indexOf(NL, i + 1)) n++;
  return n;
};

/** "'/proc/1/fd/3' -> 'x'" (BusyBox), "/proc/1/fd/3 -> x" (coreutils, literal quoting), "`p' -> `x'" (old coreutils): the target. */
export function linkTarget(path: string, n: string): string | null {
  for (const [open, close] of [['', ''], ["'", "'"], ['`', "'"]] as const) {
    const head = `${open}${path}${close} -> `;
    if (!n.startsWith(head)) continue;
    const t = n.slice(head.length);
    return open && t.startsWith(open) && t.endsWith(close) ? t.slice(open.length, -close.length) : t;
  }
  return null;
}

/** The :stat block: folders, and links under /proc and /sys (the others travel as files). */
function statEntries(text: string, q: string, out: Entry[]): void {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l.startsWith(`${q} `)) continue;
    const m = /^([0-9a-f]+) (.*)$/.exec(l.slice(q.length + 1));
    if (!m) continue;
    const [, mode, p] = m as unknown as [string, string, string];
    const type = parseInt(mode, 16) & 0xf000;
    if (type === 0x4000) out.push({ kind: 'dir', path: p });
    else if (type === 0xa000 && /^\/(proc|sys)\//.test(p)) {
      // %N is the next line, and more when the target holds a newline
      let n = lines[i + 1] ?? '';
      for (let j = i + 2; j < lines.length && !lines[j]!.startsWith(`${q} `); j++) n += `\n${lines[j]}`;
      n = n.replace(/\n+$/, '');
      const target = linkTarget(p, n);
      if (target !== null) out.push({ kind: 'link', path: p, target });
    }
  }
}

function parseV2(buf: Buffer, name: string): Archive {
  const { blocks, complete } = blocksV2(buf, name);
  const q = buf.subarray(8, buf.indexOf(NL)).toString('latin1');
  const entries: Entry[] = [];
  const statfs = new Map<string, Entry & { kind: 'statfs' }>();
  for (const b of blocks) {
    if (b.name === '/dev/null') continue;
    if (b.name === ':stat') statEntries(b.data.toString('utf8'), q, entries);
    else if (b.name === ':statfs') {
      for (const l of b.data.toString('utf8').split('\n')) {
        const m = /^S (\S+) (.+)$/.exec(l);
        if (!m) continue;
        const e = { kind: 'statfs' as const, path: m[2]!, result: statfsOf(m[1]!) };
        // a mount that answered just as the deadline struck is reported both ways: the answer wins
        if (e.result !== 'stuck' || !statfs.has(e.path)) statfs.set(e.path, e);
      }
    } else if (b.name === ':deleted') {
      for (const l of b.data.toString('utf8').split('\n')) {
        const m = /^(\S+) (\d+) (\d+) (\d+) (\d+) (\/proc\/\d+\/fd\/\d+)$/.exec(l);
        if (m && m[1] === q) entries.push({ kind: 'fdstat', path: m[6]!, dev: m[2]!, ino: Number(m[3]), blocks: Number(m[4]), nlink: Number(m[5]) });
      }
    } else if (b.name.startsWith('/')) {
      if (b.name === '/dev/kmsg' && b.data.length === 0) continue; // not readable there (dmesg_restrict): as if absent
      entries.push({ kind: 'file', path: b.name, data: Buffer.from(b.data) });
    } else if (!b.name.startsWith(':')) {
      throw new InputError(name, lineAt(buf, buf.indexOf(Buffer.from(`==> ${q}${b.name}`, 'latin1'))), `unexpected block "${redact(b.name.slice(0, 60))}"`);
    }
  }
  entries.push(...statfs.values());
  return { entries, complete };
}
