// The live check: run the snapshot probes behind the suspects on this machine, say which suspects
// are at or near their limit right now, and re-rank. The snapshot engine does the reading
// (`runProbes` in src/snapshot/run.ts); this file only maps its findings onto suspects.
import { KB, type Env, type Resource } from './kb.js';
import { fillConfirm, shellQuote, type Suspect } from './match.js';

export type LiveState = 'at-limit' | 'near' | 'ok' | 'absent' | 'unknown';

export interface Live {
  state: LiveState;
  /** What the probes saw: finding messages, or why nothing could be checked. */
  detail: string[];
  /** The mount point a filesystem finding names, when that is what is at or near its limit. */
  where?: string;
  /** The same for a mount only another mount namespace has (a container's): its process and mount point. */
  ns?: { pid: number; mount: string };
}

/** What the engine reported, reduced to what explain needs (keeps this file testable with literals). */
export interface LiveReport {
  env: Env;
  probes: Array<{ id: string; status: string; reason?: string }>;
  findings: Array<{ id: string; severity: 'critical' | 'warning' | 'info'; subject?: string; message: string; past?: { now: 'at-limit' | 'recovered' | 'unknown' } }>;
}

export type LiveCheck = (probeIds: string[]) => Promise<LiveReport>;

/** Runs the given probes (plus `host`, which says whether this is a container) on this machine. */
export const checkLive: LiveCheck = async (probeIds) => {
  const { runProbes } = await import('../snapshot/run.js');
  const run = await runProbes({ ids: [...new Set(['host', ...probeIds])], timeoutMs: 3000 });
  const host = run.probes.find((p) => p.id === 'host')?.data as { virtualization?: string | null } | undefined;
  const v = host?.virtualization;
  return {
    env: v === 'openvz' ? 'openvz' : v ? 'container' : 'host',
    probes: run.probes.map((p) => ({ id: p.id, status: p.status, reason: p.reason })),
    findings: run.findings.map((f) => ({ id: f.id, severity: f.severity, subject: f.subject, message: f.message, ...(f.past ? { past: { now: f.past.now } } : {}) })),
  };
};

/** How much a live state moves a suspect: proof beats any wording, absence rules it out. */
const BOOST: Record<LiveState, number> = { 'at-limit': 20, near: 8, ok: -3, absent: -10, unknown: 0 };

/**
 * A message that names a path is about that path's filesystem, not whichever one is full: its mount,
 * or a mount of another namespace ("/var/cache in mnt ns of pid 4242 (nginx)") holding that folder.
 */
function holds(subject: string | undefined, place: { dir: string; mount: string }): boolean {
  if (subject === place.mount) return true;
  const mp = / in mnt ns of pid \d+ /.test(subject ?? '') ? subject!.slice(0, subject!.indexOf(' in mnt ns of pid ')) : null;
  return mp !== null && mp !== '/' && (place.dir === mp || place.dir.startsWith(mp + '/'));
}

/** The live state of one suspect from the report; with `place`, only that filesystem counts. */
export function liveStateOf(r: Resource, report: LiveReport, place?: { dir: string; mount: string }): Live {
  if (!r.probes.length) return { state: 'unknown', detail: ['no probe measures this; use the commands below'] };
  const onMount = (f: LiveReport['findings'][number]) => !place || !f.id.startsWith('filesystems.') || holds(f.subject, place);
  const mine = r.findings ? report.findings.filter((f) => r.findings!.test(f.id) && onMount(f)) : [];
  // the snapshot's rule (src/snapshot/now.ts): critical is now; a past event that is a warning
  // (recovered, or too old to say) is history, not "near its limit now"
  const hot = mine.filter((f) => f.severity === 'critical');
  const warm = mine.filter((f) => f.severity === 'warning' && (!f.past || f.past.now === 'at-limit'));
  const history = mine.filter((f) => f.severity === 'warning' && f.past && f.past.now !== 'at-limit').map((f) => f.message);
  // a plain mount point only: "/x in mnt ns of pid N (c)" is no folder to pass to df
  const where = (fs: typeof mine) => fs.find((f) => f.id.startsWith('filesystems.') && f.subject?.startsWith('/') && !f.subject.includes(' in mnt ns '))?.subject;
  const ns = (fs: typeof mine) => {
    const m = fs.filter((f) => f.id.startsWith('filesystems.')).map((f) => /^(\/.*) in mnt ns of pid (\d+) /.exec(f.subject ?? '')).find(Boolean);
    return m ? { pid: Number(m[2]), mount: m[1]! } : undefined;
  };
  if (hot.length) return { state: 'at-limit', detail: hot.slice(0, 3).map((f) => f.message), where: where(hot), ns: ns(hot) };
  if (warm.length) return { state: 'near', detail: warm.slice(0, 3).map((f) => f.message), where: where(warm), ns: ns(warm) };
  const runs = report.probes.filter((p) => r.probes.includes(p.id));
  // The first probe is the one that measures the resource; the others (kernel log) only add proof.
  const main = runs.find((p) => p.id === r.probes[0]);
  if (main?.status === 'ok') return { state: 'ok', detail: [`${main.id === 'filesystems' && place ? place.mount : main.id}: not near its limit right now`, ...history.slice(0, 3)] };
  if (main?.status === 'absent') return { state: 'absent', detail: [`not on this machine (${main.reason ?? main.id})`] };
  return { state: 'unknown', detail: [main ? `${main.id}: ${main.status}${main.reason ? ` (${main.reason})` : ''}` : 'not checked'] };
}

/** Adds each suspect's live state and re-ranks them. */
export function applyLive(suspects: Suspect[], report: LiveReport, kb: Resource[] = KB): Array<Suspect & { live: Live }> {
  return suspects
    .map((s) => {
      const r = kb.find((k) => k.id === s.resource)!;
      const live = liveStateOf(r, report, s.place);
      // The full filesystem is where to look, whatever folder the message named.
      const confirm = live.where ? fillConfirm(r, { dir: live.where, mount: live.where }) : live.ns && s.place ? inNamespace(r, s.place.dir, live.ns) : s.confirm;
      return { ...s, score: s.score + BOOST[live.state], confirm, live };
    })
    .sort((a, b) => b.score - a.score);
}

/**
 * Confirm commands for a mount only another namespace has, asked from this one through the
 * process's root (/proc/PID/root/...: path lookup there crosses that namespace's mounts). df would
 * answer for our own mount table and `hunt` refuses /proc, so plain tools ask the same questions.
 */
function inNamespace(r: Resource, dir: string, ns: { pid: number; mount: string }): string[] {
  const root = `/proc/${ns.pid}/root`;
  const d = shellQuote(root + dir);
  const m = shellQuote(root + ns.mount);
  return fillConfirm(r, { dir: root + dir, mount: root + ns.mount }).map((c) =>
    c.startsWith('df -i ') ? `stat -f -c 'inodes: %c total, %d free' ${d}`
    : c.startsWith('df -h ') ? `stat -f -c 'blocks of %S bytes: %b total, %a available' ${d}`
    : c.startsWith('findmnt -T ') ? `grep -F ' ${ns.mount} ' /proc/${ns.pid}/mountinfo   (its options)`
    : !c.startsWith('postmortem hunt ') ? c
    : c.includes('--by bytes') ? `du -x ${m} | sort -rn | head   (the biggest folders of that mount)`
    : `find ${m} -xdev -printf '%h\\n' | sort | uniq -c | sort -rn | head   (the folders with the most entries)`);
}
