// The hot path: a byte stream to the lines a prefilter wants, without decoding the rest. Each chunk
// is viewed as latin1 (one char per byte, so string offsets are byte offsets and no UTF-8 decoding
// happens), the prefilter runs over the whole chunk at once, and only matching lines are decoded as
// UTF-8 (invalid bytes become U+FFFD). Memory stays at one chunk plus one capped partial line.

/** Longer lines are cut here (a 10 MB line of base64 is kept as its first 64 KB). */
export const MAX_LINE = 64 * 1024;

export interface ScanStats {
  bytes: number;
  /** Lines longer than MAX_LINE (cut). */
  long: number;
}

export async function scanLines(input: AsyncIterable<Buffer | string>, wanted: RegExp, onLine: (line: string) => void, onBytes?: (bytes: number) => void): Promise<ScanStats> {
  const re = new RegExp(wanted.source, wanted.flags.includes('g') ? wanted.flags : wanted.flags + 'g');
  const stats: ScanStats = { bytes: 0, long: 0 };
  let carry: Buffer[] = [];
  let carried = 0;
  let cut = false;
  const emit = (b: Buffer) => {
    let end = b.length;
    if (end && b[end - 1] === 13) end--; // CRLF
    const s = b.toString('utf8', 0, Math.min(end, MAX_LINE));
    if (re.test(s)) onLine(s);
    re.lastIndex = 0;
  };
  const keep = (b: Buffer) => {
    const room = MAX_LINE - carried;
    if (b.length > room) cut = true;
    if (room > 0) {
      const part = b.length > room ? b.subarray(0, room) : b;
      carry.push(part);
      carried += part.length;
    }
  };
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    stats.bytes += chunk.length;
    onBytes?.(stats.bytes);
    let start = 0;
    if (carried || cut) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        keep(chunk);
        continue;
      }
      keep(chunk.subarray(0, nl));
      if (cut) stats.long++;
      emit(Buffer.concat(carry));
      carry = [];
      carried = 0;
      cut = false;
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= start) {
      const body = chunk.subarray(start, last + 1);
      const s = body.toString('latin1');
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(s))) {
        const ls = s.lastIndexOf('\n', m.index) + 1;
        const le = s.indexOf('\n', m.index);
        if (le - ls > MAX_LINE) stats.long++;
        const lineEnd = le - ls > MAX_LINE ? ls + MAX_LINE : le;
        const line = body.subarray(ls, lineEnd);
        const end = line.length && line[line.length - 1] === 13 ? line.length - 1 : line.length;
        onLine(line.toString('utf8', 0, end));
        re.lastIndex = le + 1;
      }
      start = last + 1;
    }
    if (start < chunk.length) keep(chunk.subarray(start));
  }
  if (carried || cut) {
    if (cut) stats.long++;
    emit(Buffer.concat(carry));
  }
  return stats;
}
