import type { Rule } from '../rule.js';

export const rule: Rule = {
  id: 'action-owner',
  description: 'Every prevention item has an owner.',
  check(doc, report) {
    for (const a of doc.actions)
      if (!a.owner) report(`Prevention item ${a.n} has no owner, expected "— owner: @someone, due: YYYY-MM-DD"`, a.line);
  },
};
