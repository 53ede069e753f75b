import { parseStamp } from '../../doc/dates.js';
import { keyLine, type Rule } from '../rule.js';

export const TIME_KEYS = ['started', 'detected', 'mitigated', 'resolved'] as const;

export const rule: Rule = {
  id: 'date-format',
  description: 'Front matter times are ISO 8601 with a time and a UTC offset.',
  check(doc, report) {
    for (const key of TIME_KEYS) {
      const v = doc.meta[key];
      if (!v) continue;
      const st = parseStamp(v);
      if (!st) report(`Unexpected ${key} "${v}", expected ISO 8601 like 2026-03-14T09:12:00+01:00`, keyLine(doc, key));
      else if (!st.hasTime || !st.hasOffset) report(`${key} "${v}" lacks ${st.hasTime ? 'a UTC offset' : 'a time'}, expected e.g. 2026-03-14T09:12:00+01:00`, keyLine(doc, key));
    }
  },
};
