// Command-line amounts: durations ("10s", "2h") and sizes ("16M", "64MiB"). Pure.
import { UsageError } from '../errors.js';

const MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** "10s", "1.5m", "2h", "500ms", "7d" or plain seconds, for option `what`. */
export function parseDuration(s: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)?\s*$/.exec(s);
  const ms = m ? Math.round(Number(m[1]) * MS[m[2] ?? 's']!) : NaN;
  if (!m || !(ms > 0)) throw new UsageError(`${what}: expected a duration like 10s, 2m or 1h, got "${s}"`);
  return ms;
}

const BYTES: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** "16M", "16MiB", "512k", "1G" or plain bytes. */
export function parseSize(s: string, what: string): number {
  const m = /^\s*(\d+)\s*([kmg]?)(?:i?b)?\s*$/i.exec(s);
  if (!m) throw new UsageError(`${what}: expected a size like 16M or 512k, got "${s}"`);
  return Number(m[1]) * BYTES[m[2]!.toLowerCase()]!;
}
