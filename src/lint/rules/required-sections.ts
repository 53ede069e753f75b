import { CANONICAL_HEADING } from '../../doc/sections.js';
import type { SectionId } from '../../doc/model.js';
import type { Rule } from '../rule.js';

export const REQUIRED: SectionId[] = ['tldr', 'timeline', 'hypotheses', 'root-cause', 'fix', 'prevention'];

export const rule: Rule = {
  id: 'required-sections',
  description: 'The sections every postmortem needs: TL;DR, Timeline, Hypotheses, Root cause, Fix, Prevention.',
  check(doc, report) {
    for (const id of REQUIRED)
      if (!doc.sections.some((s) => s.id === id)) report(`Missing section "${CANONICAL_HEADING[id]}", expected a heading like "## ${CANONICAL_HEADING[id]}"`);
  },
};
