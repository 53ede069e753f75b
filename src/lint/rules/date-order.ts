import { parseStamp } from '../../doc/dates.js';
import { keyLine, type Rule } from '../rule.js';
import { TIME_KEYS } from './date-format.js';

export const rule: Rule = {
  id: 'date-order',
  description: 'started <= detected <= mitigated <= resolved.',
  check(doc, report) {
    let prev: { key: string; ms: number } | null = null;
    for (const key of TIME_KEYS) {
      const v = doc.meta[key];
      const ms = v ? parseStamp(v)?.ms : undefined;
      if (ms === undefined) continue;
      if (prev && ms < prev.ms) report(`${key} (${v}) is before ${prev.key}, expected started <= detected <= mitigated <= resolved`, keyLine(doc, key));
      prev = { key, ms };
    }
  },
};
