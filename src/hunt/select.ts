// Which directories are worth a line: where the mass actually lies, not the path leading to it.
//
// A directory whose weight sits mostly in one child is a corridor (/var -> /var/www -> ...); the
// place is where the weight spreads out: a folder of many files or of many small sub-folders, like
// W3TotalCache's `cache/object` with its thousands of hashed folders. So we pick greedily: among
// directories whose heaviest child holds at most a third of their (not yet listed) weight, the one
// with the most weight; then that weight is taken off its ancestors, so a parent comes back later
// only for what lies outside the listed place, and nothing below a listed place is listed again.
// The root itself is news only for the files it holds directly: that it holds its subtree is known.

/** A directory is a place, not a corridor, when no child holds more than this share of its weight. */
export const SHARE = 1 / 3;
/** Weight below this share of the whole is noise, not a place (a parent left with only itself). */
export const FLOOR = 0.001;

/**
 * @param parent parent index per directory; index 0 is the root (parent -1), parents come before children
 * @param total  subtree weight per directory (inodes or bytes), itself included
 * @param rootSelf the root directory's own weight (its inode or blocks), which is no news either
 * @returns indices of the chosen directories, ordered by the weight each adds beyond the others
 *   (a parent picked after its heavy child ranks by what lies outside that child)
 */
export function selectPlaces(parent: ArrayLike<number>, total: ArrayLike<number>, top: number, rootSelf = 0, share = SHARE): number[] {
  const n = total.length;
  const rest = Float64Array.from(total as ArrayLike<number>);
  const listedBelow = new Uint8Array(n); // 1 = this directory or an ancestor is already listed
  const heaviestChild = new Float64Array(n);
  let rootChildren = 0;
  const chosen: number[] = [];
  const adds: number[] = [];
  const floor = Math.max(Number.MIN_VALUE, FLOOR * (total[0] ?? 0));
  while (chosen.length < top) {
    heaviestChild.fill(0);
    rootChildren = 0;
    for (let i = 1; i < n; i++) {
      const p = parent[i]!;
      if (rest[i]! > heaviestChild[p]!) heaviestChild[p] = rest[i]!;
      if (p === 0) rootChildren += rest[i]!;
    }
    let best = -1;
    for (let i = 0; i < n; i++) {
      const r = rest[i]!;
      if (r < floor || listedBelow[i] || heaviestChild[i]! > share * r) continue;
      if (i === 0 && r - rootChildren - rootSelf < share * r) continue;
      if (best < 0 || r > rest[best]!) best = i;
    }
    if (best < 0) break;
    const r = rest[best]!;
    chosen.push(best);
    adds.push(r);
    for (let a = best; a >= 0; a = parent[a]!) rest[a] = rest[a]! - r;
    // Parents precede children, so one forward pass marks every descendant of a listed directory.
    listedBelow[best] = 1;
    for (let i = best + 1; i < n; i++) if (listedBelow[parent[i]!]) listedBelow[i] = 1;
  }
  return chosen.map((i, k) => ({ i, add: adds[k]! })).sort((a, b) => b.add - a.add).map((x) => x.i);
}
