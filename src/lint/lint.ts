import type { PostmortemDoc } from '../doc/model.js';
import type { Diagnostic, LintSeverity, Rule } from './rule.js';
import { rule as requiredSections } from './rules/required-sections.js';
import { rule as noPlaceholder } from './rules/no-placeholder.js';
import { rule as frontMatter } from './rules/front-matter.js';
import { rule as dateFormat } from './rules/date-format.js';
import { rule as dateOrder } from './rules/date-order.js';
import { rule as timelineDates } from './rules/timeline-dates.js';
import { rule as timelineOrder } from './rules/timeline-order.js';
import { rule as hypothesisStatus } from './rules/hypothesis-status.js';
import { rule as resolvedHasCause } from './rules/resolved-has-cause.js';
import { rule as actionOwner } from './rules/action-owner.js';
import { rule as resolvedStatus } from './rules/resolved-status.js';
import { rule as listString } from './rules/list-string.js';
import { rule as duplicateSection } from './rules/duplicate-section.js';

export const RULES: Rule[] = [
  frontMatter, dateFormat, dateOrder, resolvedStatus, listString, requiredSections, duplicateSection, noPlaceholder,
  timelineDates, timelineOrder, hypothesisStatus, resolvedHasCause, actionOwner,
];

export function lint(doc: PostmortemDoc, file = doc.file, rules = RULES): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of rules)
    r.check(doc, (message: string, line = 1, severity: LintSeverity = 'error') => out.push({ file, line, column: 1, severity, message, rule: r.id }));
  return out.sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}
