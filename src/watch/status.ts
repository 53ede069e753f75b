// The terminal: one status line rewritten in place on stderr (only on a TTY), events printed above
// it on stdout as they happen. Without a TTY there is no status line, only the events.
import { pct } from '../snapshot/format.js';
import { c } from '../util/term.js';
import type { Level } from './types.js';
import { clock } from './text.js';

export class StatusLine {
  private shown = false;
  private readonly tty = Boolean(process.stderr.isTTY);

  /** Prints an event line above the status line. */
  print(line: string): void {
    this.clear();
    process.stdout.write(line + '\n');
  }

  /** "09:12:20 · 12 samples · inodes /mnt/x 100 % · memory 41 % · last: …", cut to the terminal width. */
  update(at: number, samples: number, levels: Level[], last: string | undefined): void {
    if (!this.tty) return;
    const worst = [...levels].sort((a, b) => (b.utilization ?? 0) - (a.utilization ?? 0)).slice(0, 3);
    const colour = (l: Level) => (l.severity === 'critical' ? c.red : l.severity === 'warning' ? c.yellow : (s: string) => s);
    const parts = [clock(at), `${samples} sample${samples === 1 ? '' : 's'}`, ...worst.map((l) => colour(l)(`${l.resource} ${l.subject} ${pct(l.utilization)}`, process.stderr))];
    if (last) parts.push(`last: ${last}`);
    // drop whole parts from the end to fit (cutting inside a colour code would leave it open)
    const width = (process.stderr.columns || 100) - 1;
    const visible = (t: string) => t.replace(/\x1b\[[0-9;]*m/g, '').length;
    while (parts.length > 2 && visible(parts.join(' · ')) > width) parts.pop();
    let text = parts.join(' · ');
    if (visible(text) > width) text = text.replace(/\x1b\[[0-9;]*m/g, '').slice(0, width - 1) + '…';
    process.stderr.write(`\r\x1b[K${text}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}
