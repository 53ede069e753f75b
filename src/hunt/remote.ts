// `hunt --ssh HOST PATH`: the inode hunt on a host where postmortem is not installed. The host does
// the counting: `find PATH -xdev` lists the tree and awk keeps one number per directory (the
// directory itself and the non-directories in it), so only per-directory totals travel, never the
// file names. Here they become the same tree the local walk builds and are ranked by the same code
// (rankTree, selectPlaces); what comes back is host text and passes the redaction gate.
import { RemoteError, UsageError } from '../errors.js';
import { redact, shellQuote } from '../redact/redact.js';
import { runCollector } from '../remote/ssh.js';
import { rankTree, type HuntError, type HuntResult } from './hunt.js';

/** Without --max-time a remote walk still stops here: a host is not ours to keep busy. */
export const REMOTE_MAX_MS = 10 * 60_000;

/**
 * The script: find killed at `maxS` (then "P": partial), its paths aggregated per directory by
 * awk. Output: "D <own inodes> <dir>" per folder (itself and the non-folders directly in it),
 * "W <find's complaint>" (the first few), "X <n>" complaints in all, "P" when cut off, "END".
 */
export function huntScript(root: string, maxS: number): string {
  // folders are printed by printf (batched by -exec +) with a "d" in front, so an empty folder is
  // still a folder; every other path find prints starts with "/", its complaints with "find:"
  return `LC_ALL=C; export LC_ALL
R=${shellQuote(root)}
[ -d "$R" ] || { echo NODIR; exit 0; }
{ find "$R" -xdev \\( -type d -exec printf 'd%s\\n' {} + \\) -o -print 2>&1 </dev/null & p=$!
  # the watchdog takes its sleep along when it is stopped: no stray process stays on the host
  ( trap 'kill $z; exit 0' TERM; sleep ${Math.max(0.1, maxS).toFixed(1)} & z=$!; wait $z; kill $p ) </dev/null >/dev/null 2>&1 & w=$!
  wait $p; s=$?
  kill $w 2>/dev/null
  [ $s -gt 128 ] && printf '\\nPARTIAL\\n' # find was killed mid-line, maybe
} | awk -v R="$R" '
  function up(p) { sub(/\\/[^\\/]*$/, "", p); return p == "" ? "/" : p }
  /^d\\// { p = substr($0, 2); dir[p] = 1; if (p != R) c[up(p)]++; next }
  /^\\// { if ($0 != R) c[up($0)]++; next }
  $0 == "PARTIAL" { partial = 1; next }
  { x++; if (x <= 5) print "W " $0 }
  END {
    dir[R] = 1
    for (d in c) dir[d] = 1 # cut off before printf named it: it has entries, so it is a folder
    for (d in dir) if (d != R) sub1[up(d)]++
    for (d in dir) print "D " (1 + c[d] - sub1[d]) " " d
    print "X " (x + 0); if (partial) print "P"; print "END" }'
`;
}

export interface RemoteTree {
  /** Directory -> its own inodes (itself and the non-directories directly in it). */
  dirs: Map<string, number>;
  partial: boolean;
  complaints: string[];
  complaintCount: number;
}

/** Pure: the script's output. `name` names the host in errors. */
export function parseHuntOutput(text: string, name: string, root: string): RemoteTree {
  const lines = text.split('\n');
  if (lines[0] === 'NODIR') throw new RemoteError(redact(`${name}: ${root}: no such folder on the host`));
  if (!lines.includes('END')) throw new RemoteError(`${name}: the hunt was cut short (no END line)`);
  const out: RemoteTree = { dirs: new Map(), partial: false, complaints: [], complaintCount: 0 };
  for (const l of lines) {
    if (l.startsWith('D ')) {
      const sp = l.indexOf(' ', 2);
      const own = Number(l.slice(2, sp));
      if (sp > 0 && Number.isFinite(own)) out.dirs.set(l.slice(sp + 1), own);
    } else if (l.startsWith('W ')) out.complaints.push(l.slice(2));
    else if (l.startsWith('X ')) out.complaintCount = Number(l.slice(2)) || 0;
    else if (l === 'P') out.partial = true;
  }
  return out;
}

const up = (p: string) => (p.lastIndexOf('/') <= 0 ? '/' : p.slice(0, p.lastIndexOf('/')));

/** "find: '/srv/x': Permission denied" -> { path, code, message }. */
function complaint(text: string): HuntError {
  const m = /^find: [‘'](.*)[’']: (.*)$/.exec(text);
  const message = m ? m[2]! : text;
  return { path: redact(m ? m[1]! : '?'), code: /Permission denied/.test(message) ? 'EACCES' : 'EIO', message: redact(message) };
}

/** The tree as the local walk has it (parents first), ranked by the shared code. */
export function rankRemote(t: RemoteTree, host: string, root: string, top: number, elapsedMs: number): HuntResult {
  // a parent sorts before its children ("/a" < "/a/b"); every non-empty folder's parent is non-empty
  const paths = [...t.dirs.keys()].filter((p) => p === root || p.startsWith(root === '/' ? '/' : `${root}/`)).sort();
  if (paths[0] !== root) paths.unshift(root);
  const index = new Map(paths.map((p, i) => [p, i]));
  const parent = paths.map((p, i) => (i === 0 ? -1 : index.get(up(p)) ?? 0));
  const own = paths.map((p) => t.dirs.get(p) ?? 1);
  const { subInodes, chosen } = rankTree(parent, own, null, top, 1);
  return {
    root: redact(`${host}:${root}`),
    by: 'inodes',
    complete: !t.partial,
    errors: t.complaints.map(complaint),
    errorCount: t.complaintCount,
    skippedMounts: [],
    total: { inodes: subInodes[0] ?? 0, bytes: null, dirs: paths.length },
    elapsedMs,
    entries: chosen.map((i) => ({ path: redact(paths[i]!), inodes: subInodes[i]!, bytes: null })),
  };
}

/** Runs the hunt on `host` over the user's ssh. */
export async function huntOverSsh(host: string, root: string, top: number, maxTimeMs = REMOTE_MAX_MS): Promise<HuntResult> {
  if (!root.startsWith('/')) throw new UsageError(`hunt --ssh ${host} ${root}: expected an absolute path on the host, e.g. /var`);
  const clean = root.length > 1 ? root.replace(/\/+$/, '') : root;
  const t0 = performance.now();
  // ssh's own connect and the awk summary get room beyond the walk's budget
  const buf = await runCollector(host, huntScript(clean, maxTimeMs / 1000), maxTimeMs + 15_000);
  const tree = parseHuntOutput(buf.toString('utf8'), host, clean);
  return rankRemote(tree, host, clean, top, Math.round(performance.now() - t0));
}
