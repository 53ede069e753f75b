import type { Rule } from '../rule.js';

export const rule: Rule = {
  id: 'timeline-dates',
  description: 'Every timeline entry starts with a full date, time and UTC offset.',
  check(doc, report) {
    for (const e of doc.timeline) {
      // A template's blank table row (Kehoe's timeline has three) is room to write in, not an entry.
      // (the table reader joins its empty cells with " — ", so only dashes and spaces are left).
      if (e.at || (!e.stamp && !/[^\s—]/.test(e.text))) continue;
      report(
        e.stamp
          ? `Timeline entry "${e.stamp}" lacks a full date, time and offset, expected e.g. "- **2026-03-14 09:12 +01:00** — what happened"`
          : 'Timeline entry has no time, expected e.g. "- **2026-03-14 09:12 +01:00** — what happened"',
        e.line,
      );
    }
  },
};
