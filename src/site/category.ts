// Root-cause category for the statistics: front matter `category` (or `cause`) when the author gave
// one, else the first resource named in the root-cause text, title or tags. Keyword lists are short
// on purpose: a wrong guess is worse than "unclassified".

const RULES: [string, RegExp][] = [
  ['inodes', /\binodes?\b|\bi-?node/i],
  ['disk space', /\bdisk (?:full|space)|no space left|\bENOSPC\b|volume full|platte voll|plattenplatz|\bdisk\b/i],
  ['memory', /\bOOM\b|out of memory|oom[- ]?kill|\bmemory\b|\bswap\b|hauptspeicher|speicher/i],
  ['file descriptors', /file descriptors?|too many open files|\bEMFILE\b|\bfds?\b|\bulimit\b/i],
  ['sockets & ports', /\bsockets?\b|ephemeral ports?|\bconntrack\b|TIME_WAIT/i],
  ['processes', /\bpids?\b|\bthreads?\b|fork failed|\bnproc\b|zombie/i],
  ['cpu', /\bcpu\b|\bload\b|throttl/i],
  ['certificate', /certificate|\btls\b|\bssl\b|zertifikat/i],
  ['dns', /\bdns\b|name resolution|resolver|\bnxdomain\b/i],
  ['network', /\bnetwork\b|packet loss|\brouting\b|firewall|netzwerk/i],
  ['deploy & config', /\bdeploy|\brelease\b|\bconfig|\bupdate|\bupgrade|rollout|plugin|migration/i],
  ['hardware', /\bhardware\b|\braid\b|\bsmart\b|power supply|\bpsu\b/i],
  ['provider', /\bhoster\b|\bhosting\b|\bprovider\b|maintenance|wartung/i],
];

export const UNCLASSIFIED = 'unclassified';

// compiled once: a RegExp per rule per document was 3 % of a cold build
const GLOBAL: [string, RegExp][] = RULES.map(([name, re]) => [name, new RegExp(re.source, 'gi')]);

/**
 * The category: explicit front matter first; else the rule with the most matches, a match in the
 * title counting double (titles name the cause: "Inode quota exhausted by ..."), ties going to
 * the rule listed first.
 */
export function categoryOf(extra: Record<string, unknown>, rootCauseText: string, title: string, tags: string[]): string {
  const given = extra.category ?? extra.cause ?? extra['root-cause'] ?? extra.rootCause;
  if (typeof given === 'string' && given.trim()) return given.trim().toLowerCase();
  let best = UNCLASSIFIED;
  let bestScore = 0;
  for (const [name, g] of GLOBAL) {
    const score = (rootCauseText.match(g)?.length ?? 0) + 2 * (title.match(g)?.length ?? 0) + (tags.join(' ').match(g)?.length ?? 0);
    if (score > bestScore) (best = name), (bestScore = score);
  }
  return best;
}
