// Prometheus alerting rules from the alert table: one rule per severity for each limit (the same
// thresholds as snapshot), one critical rule per failure counter, one for a stale export. Summary
// and description come from the probe's own finding for sample data, so the alert says what
// `snapshot` would say.
import { DEFAULT_THRESHOLDS, type Thresholds } from '../snapshot/thresholds.js';
import type { Finding } from '../snapshot/types.js';
import { ALERTS, isOwn, type AlertSpec, type OwnAlertSpec } from './rules-table.js';

export interface Rule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: 'warning' | 'critical' };
  annotations: { summary: string; description: string };
}
export interface RuleFile {
  groups: Array<{ name: string; rules: Rule[] }>;
}

/** The finding the probe makes of the spec's sample data: where resource and hint come from. */
export function findingOf(s: AlertSpec | OwnAlertSpec): Pick<Finding, 'resource' | 'hint'> {
  if (isOwn(s)) return s;
  const f = s.probe.assess(s.sample, DEFAULT_THRESHOLDS).find((x) => x.id === s.check);
  if (!f) throw new Error(`alert ${s.alert}: probe ${s.probe.id} made no ${s.check} finding of the sample data`);
  return f;
}

/**
 * The description: the probe's hint, or where it depends on a label, a Go template choosing the
 * probe's hint for the label's value (`branches`), the generic hint otherwise.
 */
export function describeAlert(s: AlertSpec | OwnAlertSpec): { template: string; base: string; label?: string; branches: Map<string, string> } {
  const base = findingOf(s).hint;
  const branches = new Map<string, string>();
  if (isOwn(s) || !s.describeBy) return { template: base, base, branches };
  for (const [value, sample] of s.describeBy.samples) {
    const f = s.probe.assess(sample, DEFAULT_THRESHOLDS).find((x) => x.id === s.check);
    // a value the probe does not assess this way (a beancounter guarantee) keeps the generic words
    if (f && f.hint !== base) branches.set(value, f.hint);
  }
  const label = s.describeBy.label;
  const arms = [...branches].map(([v, h], i) => `{{ ${i ? 'else if' : 'if'} eq $labels.${label} ${JSON.stringify(v)} }}${h}`);
  return { template: arms.length ? `${arms.join('')}{{ else }}${base}{{ end }}` : base, base, label, branches };
}

/** A Prometheus duration: "5m", "1h30m", "0s". */
export const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

const pct = (x: number) => `${+(x * 100).toFixed(2)} %`;
/** Per-CPU load and the like are not fractions: a threshold of 2 is printed as 2, not 200 %. */
const level = (s: AlertSpec, x: number) => (s.value === 'plain' ? String(x) : pct(x));

export function buildRules(t: Thresholds = DEFAULT_THRESHOLDS, forDuration = '5m'): RuleFile {
  const rules: Rule[] = [];
  for (const s of ALERTS) {
    if (isOwn(s)) {
      rules.push({ alert: s.alert, expr: s.expr, for: '0m', labels: { severity: s.severity }, annotations: { summary: s.summary, description: s.hint } });
      continue;
    }
    const f = findingOf(s);
    const what = `${f.resource}${s.subject ? ` ${s.subject}` : ''}`;
    const description = describeAlert(s).template;
    if (!s.threshold) {
      // a counter has no level: it rose, so something failed within the window
      rules.push({ alert: s.alert, expr: `${s.expr} > 0`, for: '0m', labels: { severity: 'critical' }, annotations: { summary: `${what}: ${s.rose} in the last 5 minutes`, description } });
      continue;
    }
    const lv = t[s.threshold];
    const value = s.value === 'plain' ? '{{ $value | humanize }}' : '{{ $value | humanizePercentage }}';
    for (const severity of ['critical', 'warning'] as const) {
      const at = severity === 'critical' ? lv.crit : lv.warn;
      // a fraction of time or of a limit never passes 1: a level above it (cgroup-throttle's 200 %) cannot fire
      if (s.value !== 'plain' && at > 1) continue;
      rules.push({
        alert: s.alert,
        expr: `(${s.expr}) >= ${at}`,
        for: forDuration,
        labels: { severity },
        annotations: { summary: `${what}: ${value} ${s.used ?? 'used'} (${severity} at ${level(s, at)}, threshold ${s.threshold})`, description },
      });
    }
  }
  return { groups: [{ name: 'postmortem', rules }] };
}
