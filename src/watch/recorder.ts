// The flight recorder: a ring file of fixed size, created and filled with zeros at start, so that
// recording afterwards only overwrites blocks it already owns: it never grows the file and never
// creates one, and keeps going while the filesystem or its inodes are full (on filesystems that
// overwrite in place: ext4, xfs, tmpfs; copy-on-write btrfs and zfs need free space for any write).
// Like atop's raw log it stores samples, not text; like netdata's dbengine its cost is fixed.
//
// Layout: a 4 KiB header ("postmortem ring 1" and the size as JSON), then records back to back,
// wrapping to the start of the record area when the next one does not fit. A record is
//   "PMr1" | payload length u32 | sequence u32 | crc32 of (length, sequence, payload) u32 | payload
// so each one is self-delimiting and checked: a kill -9 in the middle of a write loses that record
// only; the reader scans for the magic and keeps what checks out, in sequence order.
// Payloads: a key (resource and subject, or a counter's description, named by the crc32 of its key,
// written again every quarter of the ring so that the definitions survive the wrapping) or a sample
// (time, per resource a utilisation code of 0.5 % steps and a severity, counter deltas).
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { InputError, UsageError, WriteError } from '../errors.js';
import { redact } from '../redact/redact.js';
import type { Severity } from '../snapshot/types.js';
import type { Increment, Level, Sample } from './types.js';

export const DEFAULT_RING = '/var/lib/postmortem/watch.ring';
export const DEFAULT_SIZE = 16 * 1024 * 1024;
export const HEADER = 4096;
const MAGIC = Buffer.from('PMr1');
const HEAD = 16;
const MAX_PAYLOAD = 1 << 20;
const SEVERITIES: Severity[] = ['critical', 'warning', 'info'];
const KEY = 1;
const SAMPLE = 2;

/** Utilisation in 0.5 % steps up to 127 %; 255 when there is none. */
export const utilCode = (u: number | null) => (u === null || !Number.isFinite(u) ? 255 : Math.min(254, Math.max(0, Math.round(u * 200))));
export const utilOf = (code: number) => (code === 255 ? null : code / 200);
const hashOf = (key: string) => crc32(key) >>> 0;

interface KeyDef {
  kind: 'level' | 'counter';
  key: string;
  resource: string;
  subject: string;
  what: string;
}

/** crc32 of a record's length, sequence and payload (the record spans [at, end)). */
const checksum = (buf: Buffer, at: number, end: number) => crc32(buf.subarray(at + HEAD, end), crc32(buf.subarray(at + 4, at + 12))) >>> 0;

/** Frames a payload as a record. */
export function frame(seq: number, payload: Buffer): Buffer {
  const b = Buffer.alloc(HEAD + payload.length);
  MAGIC.copy(b, 0);
  b.writeUInt32LE(payload.length, 4);
  b.writeUInt32LE(seq >>> 0, 8);
  payload.copy(b, HEAD);
  b.writeUInt32LE(checksum(b, 0, b.length), 12);
  return b;
}

/** The valid records in a ring's bytes (from the end of the header), oldest first. */
export function scan(buf: Buffer): Array<{ seq: number; offset: number; end: number; payload: Buffer }> {
  const out: Array<{ seq: number; offset: number; end: number; payload: Buffer }> = [];
  let pos = HEADER;
  for (;;) {
    const at = buf.indexOf(MAGIC, pos);
    if (at < 0 || at + HEAD > buf.length) break;
    const len = buf.readUInt32LE(at + 4);
    const end = at + HEAD + len;
    if (len <= MAX_PAYLOAD && end <= buf.length && checksum(buf, at, end) === buf.readUInt32LE(at + 12)) {
      out.push({ seq: buf.readUInt32LE(at + 8), offset: at, end, payload: buf.subarray(at + HEAD, end) });
      pos = end;
    } else pos = at + 1;
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** Names pass the redaction gate like everything captured (a cgroup or mount path is the machine's text). */
function keyPayload(hash: number, d: KeyDef): Buffer {
  // field by field: redactValue would mask the whole of "key", a secret-sounding name
  const json = Buffer.from(JSON.stringify({ kind: d.kind, key: redact(d.key), resource: redact(d.resource), subject: redact(d.subject), what: redact(d.what) }));
  const b = Buffer.alloc(5 + json.length);
  b.writeUInt8(KEY, 0);
  b.writeUInt32LE(hash, 1);
  json.copy(b, 5);
  return b;
}

/** A sample as bytes: 6 per resource, 16 per counter increment, plus kernel log examples. */
export function samplePayload(s: Sample): Buffer {
  const ex = s.increments.filter((i) => i.example).map((i) => ({ hash: hashOf(i.key), text: Buffer.from(i.example!.slice(0, 300)) }));
  const size = 1 + 8 + 2 + s.levels.length * 6 + 2 + s.increments.length * 16 + 2 + ex.reduce((n, e) => n + 6 + e.text.length, 0);
  const b = Buffer.alloc(size);
  let p = b.writeUInt8(SAMPLE, 0);
  p = b.writeDoubleLE(s.at, p);
  p = b.writeUInt16LE(s.levels.length, p);
  for (const l of s.levels) {
    p = b.writeUInt32LE(hashOf(l.key), p);
    p = b.writeUInt8(utilCode(l.utilization), p);
    p = b.writeUInt8(SEVERITIES.indexOf(l.severity), p);
  }
  p = b.writeUInt16LE(s.increments.length, p);
  for (const i of s.increments) {
    p = b.writeUInt32LE(hashOf(i.key), p);
    p = b.writeUInt32LE(Math.min(i.delta, 0xffffffff), p);
    p = b.writeDoubleLE(i.from, p);
  }
  p = b.writeUInt16LE(ex.length, p);
  for (const e of ex) {
    p = b.writeUInt32LE(e.hash, p);
    p = b.writeUInt16LE(e.text.length, p);
    p += e.text.copy(b, p);
  }
  return b;
}

export class Recorder {
  private cursor = HEADER;
  private seq = 0;
  private written = 0;
  /** When (in bytes written) each key was last defined. */
  private defined = new Map<number, number>();

  private constructor(
    readonly file: string,
    private readonly fd: number,
    readonly size: number,
  ) {}

  /**
   * Opens the ring, creating and fully allocating it when it does not exist. An existing ring keeps
   * its size and continues after its newest record.
   */
  static open(file: string, size = DEFAULT_SIZE): Recorder {
    if (size < 64 * 1024) throw new UsageError(`--record-size: at least 64k, got ${size} bytes`);
    let fd: number;
    try {
      fd = openSync(file, 'r+');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new WriteError(`${file}: cannot open the recording: ${(e as Error).message}`);
      return Recorder.create(file, size);
    }
    const buf = readAll(fd, file);
    const declared = headerSize(buf, file);
    const r = new Recorder(file, fd, declared);
    const recs = scan(buf);
    const newest = recs[recs.length - 1];
    if (newest) {
      r.seq = newest.seq + 1;
      r.cursor = newest.end;
    }
    return r;
  }

  private static create(file: string, size: number): Recorder {
    let fd: number | undefined;
    try {
      fd = openSync(file, 'wx+', 0o640);
      const zeros = Buffer.alloc(1024 * 1024);
      for (let p = 0; p < size; p += zeros.length) writeSync(fd, zeros, 0, Math.min(zeros.length, size - p), p);
      const head = Buffer.alloc(HEADER, 0x20);
      head.write(`postmortem ring 1\n${JSON.stringify({ size })}\n`);
      writeSync(fd, head, 0, HEADER, 0);
      return new Recorder(file, fd, size);
    } catch (e) {
      if (fd !== undefined) closeSync(fd);
      throw new WriteError(`${file}: cannot create the recording of ${size} bytes: ${(e as Error).message}`);
    }
  }

  /** Records one sample (and the keys it names that are not defined recently enough). */
  write(s: Sample): void {
    const defs: Array<[number, KeyDef]> = [];
    for (const l of s.levels) defs.push([hashOf(l.key), { kind: 'level', key: l.key, resource: l.resource, subject: l.subject, what: '' }]);
    for (const i of s.increments) defs.push([hashOf(i.key), { kind: 'counter', key: i.key, resource: '', subject: '', what: i.what }]);
    for (const [hash, d] of defs) {
      const at = this.defined.get(hash);
      if (at !== undefined && this.written - at < this.size / 4) continue;
      this.put(keyPayload(hash, d));
      this.defined.set(hash, this.written);
    }
    this.put(samplePayload(s));
  }

  private put(payload: Buffer): void {
    const rec = frame(this.seq++, payload);
    if (rec.length > this.size - HEADER) return; // cannot happen with sane samples; never corrupt the ring
    if (this.cursor + rec.length > this.size) this.cursor = HEADER;
    writeSync(this.fd, rec, 0, rec.length, this.cursor);
    this.cursor += rec.length;
    this.written += rec.length;
  }

  close(): void {
    closeSync(this.fd);
  }
}

function readAll(fd: number, file: string): Buffer {
  const size = fstatSync(fd).size;
  const buf = Buffer.alloc(size);
  for (let p = 0; p < size; ) {
    const n = readSync(fd, buf, p, size - p, p);
    if (n <= 0) break;
    p += n;
  }
  if (size < HEADER) throw new InputError(file, undefined, 'not a postmortem recording (too short)');
  return buf;
}

function headerSize(buf: Buffer, file: string): number {
  const m = /^postmortem ring 1\n(\{.*\})\n/.exec(buf.toString('latin1', 0, 200));
  const size = m ? (JSON.parse(m[1]!) as { size: number }).size : NaN;
  if (!m || size !== buf.length) throw new InputError(file, 1, m ? `recording of ${size} bytes, but the file has ${buf.length}` : 'not a postmortem recording (expected "postmortem ring 1")');
  return size;
}

export interface Recording {
  file: string;
  size: number;
  samples: Sample[];
  /** Records that a torn write or a wrap left unreadable are simply absent; this counts the valid ones. */
  records: number;
}

/** Reads a ring back into samples, oldest first. */
export function readRecording(file: string): Recording {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new InputError(file, undefined, `cannot read the recording: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let buf: Buffer;
  try {
    buf = readAll(fd, file);
  } finally {
    closeSync(fd);
  }
  const size = headerSize(buf, file);
  const recs = scan(buf);
  const keys = new Map<number, KeyDef>();
  for (const r of recs) if (r.payload[0] === KEY) keys.set(r.payload.readUInt32LE(1), JSON.parse(r.payload.toString('utf8', 5)) as KeyDef);
  const samples: Sample[] = [];
  for (const r of recs) if (r.payload[0] === SAMPLE) samples.push(decodeSample(r.payload, keys));
  return { file, size, samples: samples.sort((a, b) => a.at - b.at), records: recs.length };
}

function decodeSample(b: Buffer, keys: Map<number, KeyDef>): Sample {
  let p = 1;
  const at = b.readDoubleLE(p);
  p += 8;
  const levels: Level[] = [];
  const unknown = (h: number): KeyDef => ({ kind: 'level', key: `#${h.toString(16)}`, resource: 'unknown', subject: `#${h.toString(16)}`, what: `counter #${h.toString(16)}` });
  for (let n = b.readUInt16LE(p), k = (p += 2, 0); k < n; k++, p += 6) {
    const d = keys.get(b.readUInt32LE(p)) ?? unknown(b.readUInt32LE(p));
    levels.push({ key: d.key, resource: d.resource, subject: d.subject, utilization: utilOf(b[p + 4]!), severity: SEVERITIES[b[p + 5]!] ?? 'info' });
  }
  const increments: Increment[] = [];
  const byHash = new Map<number, Increment>();
  for (let n = b.readUInt16LE(p), k = (p += 2, 0); k < n; k++, p += 16) {
    const h = b.readUInt32LE(p);
    const d = keys.get(h) ?? unknown(h);
    const i: Increment = { key: d.key, what: d.what, delta: b.readUInt32LE(p + 4), from: b.readDoubleLE(p + 8), to: at };
    increments.push(i);
    byHash.set(h, i);
  }
  for (let n = b.readUInt16LE(p), k = (p += 2, 0); k < n; k++) {
    const h = b.readUInt32LE(p);
    const len = b.readUInt16LE(p + 4);
    const i = byHash.get(h);
    if (i) i.example = b.toString('utf8', p + 6, p + 6 + len);
    p += 6 + len;
  }
  return { at, levels, increments };
}
