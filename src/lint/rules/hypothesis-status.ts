import type { Rule } from '../rule.js';

export const rule: Rule = {
  id: 'hypothesis-status',
  description: 'Every hypothesis has a status (open, rejected, confirmed) and rejected ones a reason.',
  check(doc, report) {
    for (const h of doc.hypotheses) {
      if (!h.status) report(`Hypothesis H${h.n} has no status, expected "**H${h.n}** open|rejected|confirmed — ..."`, h.line);
      else if (h.status === 'rejected' && !h.reason)
        report(`Hypothesis H${h.n} is rejected without a reason, expected a line "Rejected <time>: why"`, h.line);
    }
  },
};
