// Amounts with SI prefixes (1000-based): bytes as "186 GB", counts as "12.5 k". What the Prometheus
// charts' axes and `evidence prometheus`'s Evidence line print, so both read the same. Here in site/
// because it is rendering code: the build cache's code hash covers this folder.

const PREFIX = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
/** "1.50" -> "1.5", "2.0" -> "2"; exponent notation is left as it is. */
export const trimZeros = (s: string): string => (s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s);

/** 3 significant digits with a prefix; whole numbers below 1000 as they are. */
export function siAmount(v: number, bytes = false): string {
  const a = Math.abs(v);
  const i = a < 1000 ? 0 : Math.min(PREFIX.length - 1, Math.floor(Math.log10(a) / 3));
  const scaled = v / 1000 ** i;
  const num = i === 0 && Number.isInteger(v) ? String(v) : trimZeros(scaled.toPrecision(3));
  const p = PREFIX[i]!;
  return bytes ? `${num} ${p}B` : p ? `${num} ${p}` : num;
}
