// Tiny HTML helpers for pages built as strings: everything from an incident goes through esc().

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values. */
export function esc(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (ch) => ESC[ch]!) : s;
}

/** A path segment for an href (ids are folder names: may hold spaces, '#', '?', '%'). */
export const seg = (s: string): string => encodeURIComponent(s);

/** Lowercase ASCII slug for file names (tags); never empty. */
export function slugify(s: string): string {
  const slug = s
    .normalize('NFKD')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'tag';
}

/** Joins class names, dropping empty ones. */
export const cls = (...names: (string | false | null | undefined)[]): string => names.filter(Boolean).join(' ');

/** FNV-1a, 32 bit, as 6 base-36 chars: short stable suffixes for file names. */
export function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36).padStart(6, '0').slice(-6);
}

/**
 * A tag or service as compared: lowercase, and spaces, hyphens and underscores alike, so "DNS" and
 * "dns", "config change" and "config-change" are one tag. The one rule for pages, filters, slugs.
 */
export const fold = (v: string): string => v.toLowerCase().trim().replace(/[\s_-]+/g, '-');

/**
 * A tag's file name, decided from the tag alone (so pages rendered apart agree): the slug when the
 * folded tag already is one, else slug plus a hash, so "C++" and "c" never share a page.
 */
export function tagSlug(tag: string): string {
  const folded = fold(tag);
  const slug = slugify(folded);
  return slug === folded ? slug : `${slug}-${shortHash(folded)}`;
}
