// "Critical means now." A stressed admin acts on critical, so a past event (a kernel message, a
// failure counter that may have stopped rising) is checked against the same resource measured now
// before it is graded. What happened and has recovered stays in the report, as a warning.
import { amount, duration, pct } from './format.js';
import type { Level, ThresholdName } from './thresholds.js';
import { SEVERITY_RANK, type Occurrence, type Severity, type Unit } from './types.js';

/** An event this recent whose resource has not verifiably recovered is treated as still going on. */
export const RECENT_SECONDS = 10 * 60;
/** The stretch of kernel log that is judged: older messages are history (info). */
export const LOG_WINDOW_SECONDS = 24 * 3600;

/** The resource an event is about, as read now (plain data: it is saved with the snapshot). */
export interface LiveResource {
  /** What was measured: "memory /pm-test", "mount of /dev/loop0". */
  what: string;
  /** It no longer exists: the cgroup was removed, the device unmounted. */
  gone?: boolean;
  /** Still failing in a way a level cannot show (the filesystem is still read-only). */
  failing?: boolean;
  /** It exists and works again (mounted read-write). */
  fine?: boolean;
  used?: number | null;
  limit?: number | null;
  unit?: Unit;
  /** The limit when it ran out, where the kernel printed it (a memcg OOM report). */
  limitThen?: number | null;
  /** Says why for gone, failing and fine: "/dev/sda1 is still mounted read-only". */
  said?: string;
  /** Low use now proves nothing: an OOM kill frees the very memory that ran out. */
  lowUseIsNoProof?: boolean;
  /** Which threshold says "near its limit". */
  threshold?: ThresholdName;
}

/** The resource now: at or near its limit, verifiably recovered, or not known. */
export function stateNow(r: LiveResource | null | undefined, level: Level | undefined): Pick<Occurrence, 'now' | 'why'> {
  if (!r) return { now: 'unknown', why: 'its state now is not known' };
  if (r.gone) return { now: 'recovered', why: r.said ?? `${r.what} is gone` };
  if (r.failing) return { now: 'at-limit', why: r.said ?? `${r.what} is still failing` };
  if (r.fine) return { now: 'recovered', why: r.said ?? `${r.what} works again` };
  const unit = r.unit ?? 'count';
  const limited = typeof r.limit === 'number' && r.limit > 0 && Number.isFinite(r.limit);
  const u = limited && typeof r.used === 'number' ? r.used / r.limit! : null;
  const where = u === null ? '' : `${pct(u)} of its limit (${amount(r.used!, unit)} of ${amount(r.limit!, unit)})`;
  if (u !== null && level && u >= level.warn) return { now: 'at-limit', why: `${r.what} at ${where}` };
  if (typeof r.limitThen === 'number' && (!limited || r.limit! > r.limitThen))
    return { now: 'recovered', why: `${r.what}: limit raised from ${amount(r.limitThen, unit)} to ${limited ? amount(r.limit!, unit) : 'unlimited'}` };
  if (u === null || !level) return { now: 'unknown', why: `${r.what}: no limit to compare with` };
  // after an OOM kill use is low because of the kill: the workload may come back to the same wall
  if (r.lowUseIsNoProof) return { now: 'unknown', why: `${r.what} at ${where}, low because of the kill` };
  return { now: 'recovered', why: `${r.what} at ${where}` };
}

const milder = (a: Severity, b: Severity): Severity => (SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b);

/**
 * A timestamped event (a kernel message): critical when its resource is at its limit now, or when it
 * is at most RECENT_SECONDS old and not verifiably recovered; a warning while in the log window;
 * info beyond it. Never more severe than the kind allows (`base`: hung tasks are warnings at most).
 */
export function judgeEvent(ageSeconds: number | null, now: Occurrence['now'], base: Severity): Severity {
  let s: Severity;
  if (ageSeconds !== null && ageSeconds > LOG_WINDOW_SECONDS) s = 'info';
  else if (now === 'at-limit') s = 'critical';
  else if (now === 'recovered') s = 'warning';
  else s = ageSeconds !== null && ageSeconds <= RECENT_SECONDS ? 'critical' : 'warning';
  return milder(s, base);
}

/**
 * A failure counter without a time (beancounter failcnt, oom_kill since boot, memory.events,
 * pids.events, conntrack drops) cannot prove "now" in one snapshot. Critical when it rose since the
 * previous sample (watch), or when its resource is at or near its limit now; else a warning: it
 * happened, some time since boot or reset, and the resource is fine now.
 */
export function judgeCounter(count: number, previous: number | undefined, now: Occurrence['now']): Severity {
  if (previous !== undefined && count > previous) return 'critical';
  return now === 'at-limit' ? 'critical' : 'warning';
}

/** "1h 5m ago" / "at an unknown time". */
export const ago = (ageSeconds: number | null): string => (ageSeconds === null ? 'at an unknown time' : `${duration(ageSeconds)} ago`);

/** What a message adds after the event: "; recovered now: the cgroup is gone". */
export function nowPhrase(o: Pick<Occurrence, 'now' | 'why'>): string {
  if (o.now === 'recovered') return `; recovered now: ${o.why}`;
  if (o.now === 'at-limit') return `; now ${o.why}`;
  return o.why.startsWith('its state') ? '' : `; now ${o.why}`;
}
