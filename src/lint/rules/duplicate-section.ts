import type { Section, SectionId } from '../../doc/model.js';
import { normalizeHeading } from '../../doc/sections.js';
import type { Rule } from '../rule.js';

/** Sections whose items are read from the first one only: entries in a second one are silently lost. */
const READ_FIRST: SectionId[] = ['timeline', 'hypotheses', 'prevention'];

/** `inner` is a sub-heading of `outer` (and so part of it). */
const inside = (inner: Section, outer: Section) => inner.start >= outer.contentStart && inner.start < outer.end;

export const rule: Rule = {
  id: 'duplicate-section',
  description: 'A Timeline, Hypotheses or Prevention section appears once, and no heading twice.',
  check(doc, report) {
    doc.sections.forEach((s, i) => {
      if (!s.id) return;
      // Other headings of one kind may sit side by side (the SRE book's "Root Causes" and "Trigger").
      const twin = (f: Section) => READ_FIRST.includes(f.id!) || normalizeHeading(f.heading) === normalizeHeading(s.heading);
      const first = doc.sections.slice(0, i).find((f) => f.id === s.id && !inside(s, f) && twin(f));
      if (!first) return;
      const lost = READ_FIRST.includes(s.id) ? ': only the first is read' : '';
      const same = first.heading === s.heading ? '' : ` "${first.heading}"`;
      report(`Unexpected second "${s.heading}" section (first${same} on line ${first.line}), expected one${lost}`, s.line, 'warning');
    });
  },
};
