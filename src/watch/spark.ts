// A sparkline of utilisation over time: one character per bucket, the highest value in the bucket
// (a one-sample spike must not average away). Pure.
const BARS = '▁▂▃▄▅▆▇█';

export function sparkline(points: Array<{ at: number; u: number | null }>, from: number, to: number, width = 48): string {
  const buckets: Array<number | null> = new Array(width).fill(null);
  const span = Math.max(1, to - from);
  for (const p of points) {
    if (p.u === null) continue;
    const i = Math.min(width - 1, Math.max(0, Math.floor(((p.at - from) / span) * width)));
    buckets[i] = Math.max(buckets[i] ?? 0, p.u);
  }
  return buckets.map((u) => (u === null ? ' ' : BARS[Math.min(7, Math.max(0, Math.floor(Math.min(u, 1) * 7.999)))])).join('');
}
