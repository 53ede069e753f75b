import type { Rule } from '../rule.js';
import { placeholderKind } from './no-placeholder.js';

export const rule: Rule = {
  id: 'resolved-has-cause',
  description: 'A resolved incident names its cause: a confirmed hypothesis or a written root cause.',
  check(doc, report) {
    if (doc.meta.status !== 'resolved') return;
    if (doc.hypotheses.some((h) => h.status === 'confirmed')) return;
    const rc = doc.sections.find((s) => s.id === 'root-cause');
    if (rc && !placeholderKind(doc.source.slice(rc.contentStart, rc.end))) return;
    report('Incident is resolved but names no cause, expected a confirmed hypothesis or a Root cause section', rc?.line ?? 1);
  },
};
