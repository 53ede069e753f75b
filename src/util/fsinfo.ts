import { readFileSync, statfsSync } from 'node:fs';
import path from 'node:path';

/** The mount point holding `p` (longest matching prefix in /proc/self/mountinfo). */
export function mountPointOf(p: string): string {
  const abs = path.resolve(p);
  let best = '/';
  try {
    for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
      const mp = line.split(' ')[4]?.replace(/\\040/g, ' ');
      if (mp && (abs === mp || abs.startsWith(mp.endsWith('/') ? mp : mp + '/')) && mp.length > best.length) best = mp;
    }
  } catch {
    /* not Linux: fall back to / */
  }
  return best;
}

/**
 * Why a write into `dir` failed with ENOSPC/EDQUOT: out of bytes or out of inodes.
 * df shows the bytes; the seed's outage was the inodes, so we always say which.
 */
export function explainNoSpace(dir: string, code: string): string {
  const mount = mountPointOf(dir);
  try {
    const s = statfsSync(dir);
    if (s.files > 0 && s.ffree === 0) return `filesystem ${mount} is out of inodes (${s.files} of ${s.files} used)`;
    if (s.bavail === 0) return `filesystem ${mount} is out of space (0 bytes free)`;
  } catch {
    /* fall through */
  }
  return code === 'EDQUOT'
    ? `disk quota exceeded on ${mount} (bytes or inodes)`
    : `no space left on ${mount} (bytes, inodes or a container quota)`;
}
