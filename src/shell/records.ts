// The parent's side of the pipe: the hooks' byte stream cut into records. A record is
// "start_us TAB duration_us TAB exit TAB pipeline exits TAB text NUL"; the text comes last, so tabs and line breaks in
// it need no quoting. Pure, so it is tested on literal bytes.

export interface ShellRecord {
  /** When the command started (the shell's clock). */
  start: Date;
  durationMs: number;
  exitCode: number;
  /** Exit codes of the last pipeline's commands ($PIPESTATUS), e.g. [2, 0] for a failed `ls | wc -l`. */
  pipeline: number[];
  /** The command line as typed: raw, not yet through the redaction gate. */
  command: string;
}

/** Feeds chunks in, calls `onRecord` for each complete record; a malformed one is dropped. */
export function recordReader(onRecord: (r: ShellRecord) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let nul: number;
    while ((nul = pending.indexOf(0)) !== -1) {
      const r = parseRecord(pending.subarray(0, nul).toString('utf8'));
      pending = pending.subarray(nul + 1);
      if (r) onRecord(r);
    }
  };
}

export function parseRecord(text: string): ShellRecord | null {
  const m = /^(\d+)\t(-?\d+)\t(\d+)\t([\d ]*)\t([\s\S]*)$/.exec(text);
  if (!m) return null;
  const command = m[5]!.trim();
  if (!command) return null;
  const pipeline = m[4]!.split(' ').filter(Boolean).map(Number);
  return { start: new Date(Number(m[1]) / 1000), durationMs: Math.max(0, Number(m[2]) / 1000), exitCode: Number(m[3]), pipeline, command };
}
