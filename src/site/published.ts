// Which files of an incident folder the site publishes, and under which name. Only evidence/ is
// published (snapshots become cards on the page, see snapshot.ts), minus what the author keeps
// private: a file or folder whose name is `private` or starts with `private-`, `private_` or
// `private.` (evidence/private/, evidence/private-dmesg.txt). The same rule turns links to such
// files into plain text, so the page never links to something that is not there.

const PRIVATE = /^private(?:[-_.]|$)/i;

/** Whether a path inside the incident folder ("evidence/private/x.txt") is kept private. */
export const isPrivate = (rel: string): boolean => rel.split('/').some((seg) => PRIVATE.test(seg));

// Evidence is served from the site's own origin: a file a browser would run (.html, .svg, .js,
// ...) would be a way to script the site. Such files are published with ".txt" added, so any
// static host serves them as plain text.
const INERT = /\.(txt|log|out|err|json|csv|tsv|md|png|jpe?g|gif|webp|avif|pdf|gz|tgz|zip|xz|bz2|zst|tar)$/i;
export const inertName = (rel: string): string => (INERT.test(rel) ? rel : `${rel}.txt`);
