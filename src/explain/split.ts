// A pasted log holds the same error many times with different times, pids and file names; each
// distinct error is explained once, with how often it occurred.

export interface DistinctError {
  text: string;
  count: number;
}

/** The shape of a line without what varies between repeats: times, numbers, quoted names, paths. */
export function errorKey(line: string): string {
  return line
    .replace(/^\S+\s+\d+\s+[\d:]+\s+\S+\s+/, '') // syslog "Mar 14 09:12:03 host "
    .replace(/\d{4}[-/]\d\d[-/]\d\d[T ][\d:.,]+(Z|[+-]\d\d:?\d\d)?/g, '') // ISO and nginx times
    .replace(/^\[[^\]]*\]\s*/, '') // "[Sat Mar 14 09:12:03.123 2026]" or "[12345.678]"
    .replace(/'[^']*'|"[^"]*"|`[^`]*'/g, '…')
    .replace(/(^|[\s(=])\/[^\s:,)]*/g, '$1/…')
    .replace(/0x[0-9a-f]+/gi, '#')
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Lines (in order of first appearance) that `isError` accepts, repeats folded together. */
export function distinctErrors(text: string, isError: (line: string) => boolean): DistinctError[] {
  const seen = new Map<string, DistinctError>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || !isError(line)) continue;
    const key = errorKey(line);
    const known = seen.get(key);
    if (known) known.count++;
    else seen.set(key, { text: line, count: 1 });
  }
  return [...seen.values()];
}
