// Helpers that turn a measurement into a finding, and the ordering of findings.
import { amount, pct } from './format.js';
import type { Level } from './thresholds.js';
import { SEVERITY_RANK, type Finding, type Severity, type Unit } from './types.js';

export function levelOf(utilization: number | null, t: Level): Severity {
  if (utilization === null || !Number.isFinite(utilization)) return 'info';
  return utilization >= t.crit ? 'critical' : utilization >= t.warn ? 'warning' : 'info';
}

const worse = (a: Severity, b: Severity): Severity => (SEVERITY_RANK[a] <= SEVERITY_RANK[b] ? a : b);
export { worse };

export interface UsageSpec {
  id: string;
  resource: string;
  subject: string;
  used: number;
  limit: number | null;
  unit?: Unit;
  level: Level;
  /** What running out of it looks like to programs, and where to look next. */
  hint: string;
  /** Overrides the generated message. */
  message?: string;
  /** Raises the severity regardless of utilization (a failure counter). */
  atLeast?: Severity;
}

/** A used-of-limit finding: "inodes on /: 3,000,000 of 3,000,000 (100 %)". */
export function usage(s: UsageSpec): Finding {
  const unit = s.unit ?? 'count';
  const limited = s.limit !== null && Number.isFinite(s.limit) && s.limit > 0;
  const utilization = limited ? s.used / s.limit! : null;
  let severity = levelOf(utilization, s.level);
  if (s.atLeast) severity = worse(severity, s.atLeast);
  const message =
    s.message ??
    (limited
      ? `${s.resource} ${s.subject}: ${amount(s.used, unit)} of ${amount(s.limit, unit)} used (${pct(utilization)})`
      : `${s.resource} ${s.subject}: ${amount(s.used, unit)} used, no limit`);
  return { id: s.id, severity, resource: s.resource, subject: s.subject, used: s.used, limit: limited ? s.limit : null, utilization, unit, message, hint: s.hint };
}

/**
 * Something failing right now (a hung mount, a superblock remounted read-only, a cgroup under OOM):
 * critical. A failure counter without a time is not proof of now: grade it with now.ts's judgeCounter.
 */
export function failures(s: { id: string; resource: string; subject: string; count: number; message: string; hint: string }): Finding {
  return { id: s.id, severity: 'critical', resource: s.resource, subject: s.subject, used: s.count, limit: null, utilization: null, unit: 'count', message: s.message, hint: s.hint };
}

export function note(s: Omit<Finding, 'used' | 'limit' | 'utilization' | 'unit'> & Partial<Pick<Finding, 'used' | 'limit' | 'utilization' | 'unit'>>): Finding {
  return { used: null, limit: null, utilization: null, unit: 'count', ...s };
}

/** Most severe first; within a severity the fullest first; stable otherwise. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || (b.f.utilization ?? -1) - (a.f.utilization ?? -1) || a.i - b.i)
    .map(({ f }) => f);
}
