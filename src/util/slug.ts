// ASCII slugs for incident ids: umlauts spelled out, other accents dropped, nothing but [a-z0-9-].
const SPELLED: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss', æ: 'ae', ø: 'oe', å: 'aa', œ: 'oe', ł: 'l', đ: 'd', þ: 'th' };

export function slugify(title: string, max = 60): string {
  const ascii = title
    .replace(/[äöüÄÖÜßæøåœłđþ]/g, (ch) => SPELLED[ch]!)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const slug = ascii.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, max).replace(/-+$/, '') || 'incident';
}
