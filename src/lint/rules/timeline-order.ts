import type { Rule } from '../rule.js';

export const rule: Rule = {
  id: 'timeline-order',
  description: 'Timeline entries are in time order.',
  check(doc, report) {
    let last: { time: number; stamp: string } | null = null;
    for (const e of doc.timeline) {
      if (e.time === null) continue;
      if (last && e.time < last.time) report(`Timeline entry ${e.stamp} is earlier than the one before (${last.stamp}), expected time order`, e.line);
      else last = { time: e.time, stamp: e.stamp! };
    }
  },
};
