import { statfsSync } from 'node:fs';
import { mountPointOf } from './mountinfo.js';

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
