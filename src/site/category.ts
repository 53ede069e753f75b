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

/** The category: explicit front matter first, then the root-cause text, then title and tags. */
export function categoryOf(extra: Record<string, unknown>, rootCauseText: string, title: string, tags: string[]): string {
  const given = extra.category ?? extra.cause ?? extra['root-cause'] ?? extra.rootCause;
  if (typeof given === 'string' && given.trim()) return given.trim().toLowerCase();
  for (const text of [rootCauseText, title, tags.join(' ')]) {
    if (!text) continue;
    for (const [name, re] of RULES) if (re.test(text)) return name;
  }
  return UNCLASSIFIED;
}
