import { STATUSES } from '../../doc/model.js';
import { keyLine, type Rule } from '../rule.js';

// The converse of front-matter's "status is resolved but the resolved time is missing": a resolved
// time on an open incident makes the site show a time to resolve for something still going on.
export const rule: Rule = {
  id: 'resolved-status',
  description: 'A `resolved` time only on an incident whose status is resolved.',
  check(doc, report) {
    const { status, resolved } = doc.meta;
    // An unknown or missing status is front-matter's to report.
    if (!resolved || !status || status === 'resolved' || !(STATUSES as readonly string[]).includes(status)) return;
    report(
      `Unexpected resolved time ${resolved} with status "${status}", expected status resolved ("postmortem close") or no resolved time`,
      keyLine(doc, 'resolved'),
      'warning',
    );
  },
};
