// A line's shape: what varies between occurrences of the same error (numbers, hex, pids, IPs,
// UUIDs, file names) masked, the words kept. Lines with the same shape form one cluster.

const RULES: [RegExp, string][] = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>'],
  [/\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}\b/gi, '<ip>'],
  // absolute and relative paths with a slash, and bare file names with an extension
  // a path starts a word: "postfix/smtpd" and "create/write" are names, not paths
  [/(?<=^|[\s'"`(=:])(?:~|\.{0,2})\/[^\s'"`()\[\],;]*|\b[\w.-]+\.(?:php|log|sock|pid|conf|cnf|ibd|frm|MYD|MYI|html?|js|css|py|pl|sh|so|lock|tmp|txt)\b/g, '<file>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\b/gi, '<hex>'],
  [/\d+(?:\.\d+)?/g, '<n>'],
];

export function signature(message: string): string {
  let s = message.length > 500 ? message.slice(0, 500) : message;
  for (const [re, mask] of RULES) s = s.replace(re, mask);
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * The rule for which lines are clustered: those that look like errors or warnings, by words (the
 * cheap prefilter on the hot path runs this over raw bytes before any time is read), or a journal
 * priority of warning or worse.
 */
// Written as a trie by first letter: V8's regex engine scans this about 1.5x faster than the flat
// alternation of the same words (abort alert cannot can't crit denied error emerg exhausted exceeded
// fail fatal killed "no space" "not permitted" oom "out of memory" panic refused segfault
// timeout "timed out" "too many" unable warn).
export const ERRORISH = /a(?:bort|lert)|c(?:an(?:not|'t)|rit)|denied|e(?:rror|merg|x(?:hausted|ceeded))|f(?:ail|atal)|killed|n(?:o space|ot permitted)|o(?:om|ut of memory)|panic|refused|segfault|t(?:imed? ?out|oo many)|unable|warn/i;

/** The same words as POSIX ERE for grep(1), the native prefilter on the hot path (sources.ts). */
export const ERRORISH_ERE = "abort|alert|cannot|can't|crit|denied|error|emerg|exhausted|exceeded|fail|fatal|killed|no space|not permitted|oom|out of memory|panic|refused|segfault|timed? ?out|too many|unable|warn";
