// Errno names, numbers (Linux x86-64, asm-generic/errno*.h) and glibc's strerror texts, and a
// finder that spots them however a program spells them: "ENOSPC", "(28: No space left on device)"
// (nginx), "(28)No space left on device" (apache), "[Errno 28]" (Python), "Errcode: 28" (MySQL),
// "error -28" (kernel), "Error 23" (ld.so), or the bare text (coreutils, bash, sudo, Java), in English or in German
// (the seed's author runs a German system; texts from glibc's po/de.po, as `LANGUAGE=de gettext -d libc` prints them).

export interface Errno {
  name: string;
  number: number;
  /** glibc strerror(3) text, matched case-insensitively. */
  text: string;
  /** The same in a German locale. */
  de: string;
}

export const ERRNOS: Errno[] = [
  { name: 'EPERM', number: 1, text: 'Operation not permitted', de: 'Die Operation ist nicht erlaubt' },
  { name: 'E2BIG', number: 7, text: 'Argument list too long', de: 'Die Argumentliste ist zu lang' },
  { name: 'EAGAIN', number: 11, text: 'Resource temporarily unavailable', de: 'Die Ressource ist zur Zeit nicht verfügbar' },
  { name: 'ENOMEM', number: 12, text: 'Cannot allocate memory', de: 'Nicht genügend Hauptspeicher verfügbar' },
  { name: 'ENFILE', number: 23, text: 'Too many open files in system', de: 'Zu viele offene Dateien im System' },
  { name: 'EMFILE', number: 24, text: 'Too many open files', de: 'Zu viele offene Dateien' },
  { name: 'EFBIG', number: 27, text: 'File too large', de: 'Die Datei ist zu groß' },
  { name: 'ENOSPC', number: 28, text: 'No space left on device', de: 'Auf dem Gerät ist kein Speicherplatz mehr verfügbar' },
  { name: 'EROFS', number: 30, text: 'Read-only file system', de: 'Das Dateisystem ist nur lesbar' },
  { name: 'EMLINK', number: 31, text: 'Too many links', de: 'Zu viele Links' },
  { name: 'EADDRINUSE', number: 98, text: 'Address already in use', de: 'Die Adresse wird bereits verwendet' },
  { name: 'EADDRNOTAVAIL', number: 99, text: 'Cannot assign requested address', de: 'Die angeforderte Adresse kann nicht zugewiesen werden' },
  { name: 'ENOBUFS', number: 105, text: 'No buffer space available', de: 'Kein Hauptspeicher für den Puffer verfügbar' },
  { name: 'EDQUOT', number: 122, text: 'Disk quota exceeded', de: 'Der zugewiesene Plattenplatz (Quota) ist überschritten' },
];

const byName = new Map(ERRNOS.map((e) => [e.name, e]));
const byNumber = new Map(ERRNOS.map((e) => [e.number, e]));
// EWOULDBLOCK is EAGAIN on Linux; musl and Python spell ENOMEM's text "Out of memory" only in
// contexts we match separately (the kernel's OOM killer), so it is not an alias here.
const ALIASES: Record<string, string> = { EWOULDBLOCK: 'EAGAIN' };

// Longest texts first, so "Too many open files in system" is not also read as EMFILE.
const texts = ERRNOS.flatMap((e) => [e.text, e.de].map((t) => ({ name: e.name, text: t.toLowerCase() }))).sort((a, b) => b.text.length - a.text.length);

/**
 * Places where a number is an errno: "[Errno 28]", "errno=28", "Errcode: 28", "error -28", and ld.so's
 * "error while loading shared libraries: ...: Error 23": the dynamic linker carries no strerror table
 * and spells every errno but ENOMEM, EINVAL, ENOENT, EPERM, EIO and EACCES as "Error N"
 * (glibc elf/dl-minimal.c, __strerror_r), so "Error 23" is ENFILE and "Error 24" EMFILE.
 */
const NUMBER_PATTERNS = [
  /\berrno\]?\s*[=:]?\s*-?(\d{1,3})\b/gi,
  /\[errno (\d{1,3})\]/gi,
  /\berrcode:?\s*(\d{1,3})\b/gi,
  /\b(?:error|err|ret|returned|rc|code)\s*[=:]?\s*-(\d{1,3})\b/gi,
  /error while loading shared libraries: .*: Error (\d{1,3})\b/gi,
];

/**
 * "(28)No space left on device" (Apache) and "(28: No space left on device)" (nginx) are errnos only
 * when that errno's text follows: curl's "(28) Operation timed out" and "(7) Couldn't connect to
 * server" are curl's own exit codes, not ENOSPC and E2BIG.
 */
const PAREN_NUMBER = /\((\d{1,3})(?:\)\s*|:\s+)([^)\n]*)/g;

function parenErrno(n: number, after: string): Errno | undefined {
  const e = byNumber.get(n);
  const rest = after.toLowerCase();
  return e && [e.text, e.de].some((t) => rest.startsWith(t.toLowerCase())) ? e : undefined;
}

export function errnoByName(name: string): Errno | undefined {
  return byName.get(ALIASES[name] ?? name);
}
export function errnoByNumber(n: number): Errno | undefined {
  return byNumber.get(n);
}

/** The errnos a message mentions, by name, number or text, each once, in a stable order. */
export function findErrnos(text: string): string[] {
  const found = new Set<string>();
  // A bare number or name is a question about that errno: `pm explain 28`, `pm explain ENOSPC`.
  const bare = text.trim();
  if (/^-?\d{1,3}$/.test(bare)) {
    const e = byNumber.get(Math.abs(Number(bare)));
    if (e) found.add(e.name);
  }
  for (const m of text.matchAll(/\bE[A-Z0-9]{2,14}\b/g)) {
    const e = errnoByName(m[0]);
    if (e) found.add(e.name);
  }
  let rest = text.toLowerCase();
  for (const e of texts) {
    if (rest.includes(e.text)) {
      found.add(e.name);
      rest = rest.split(e.text).join(' ');
    }
  }
  for (const re of NUMBER_PATTERNS)
    for (const m of text.matchAll(re)) {
      const e = byNumber.get(Number(m[1]));
      if (e) found.add(e.name);
    }
  for (const m of text.matchAll(PAREN_NUMBER)) {
    const e = parenErrno(Number(m[1]), m[2]!);
    if (e) found.add(e.name);
  }
  return ERRNOS.map((e) => e.name).filter((n) => found.has(n));
}
