// The kernel log as a stream: /dev/kmsg is opened once and read without blocking at each sample, so
// only the lines written since the previous sample are seen (and no file needs opening later, when
// the inodes or file descriptors may have run out). Lines become events by the kernel-log probe's
// own reading (one OOM kill is one event, however many lines it printed); each kind and subject that
// appeared is an increment with its newest line as the example.
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { groupEvents, kernelEvents, parseKmsg } from '../snapshot/probes/kernel-log.js';
import { redact } from '../redact/redact.js';
import type { Increment } from './types.js';

export class KmsgStream {
  private fd: number | null = null;
  private buf = Buffer.allocUnsafe(8192);

  /** Opens /dev/kmsg and skips what is already in it; false when it cannot be read (not root). */
  open(file = '/dev/kmsg'): boolean {
    try {
      this.fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch {
      return false;
    }
    this.drain();
    return true;
  }

  get readable(): boolean {
    return this.fd !== null;
  }

  /** The records written since the last call (each read(2) of /dev/kmsg returns one record). */
  drain(): string[] {
    const out: string[] = [];
    if (this.fd === null) return out;
    for (let k = 0; k < 10000; k++) {
      try {
        const n = readSync(this.fd, this.buf, 0, this.buf.length, null);
        if (n <= 0) break;
        out.push(this.buf.toString('utf8', 0, n).split('\n')[0]!);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EPIPE') continue; // overwritten while we slept
        break; // EAGAIN: nothing more
      }
    }
    return out;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** New kernel log records as increments per kind and subject ("kmsg pids-rejected"), in the window [from, to]. */
export function kmsgIncrements(records: string[], from: number, to: number): Increment[] {
  return groupEvents(kernelEvents(parseKmsg(records.join('\n'), null))).map((k) => ({
    key: `kmsg ${k.kind}${k.subject ? ` ${k.subject}` : ''}`,
    what: `kernel events (${k.kind}${k.subject ? ` in ${k.subject}` : ''})`,
    delta: k.count,
    from,
    to,
    example: redact(k.example),
  }));
}
