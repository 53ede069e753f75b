import { parseStamp } from '../../doc/dates.js';
import { keyLine, type Rule } from '../rule.js';
import { TIME_KEYS } from './date-format.js';

export const rule: Rule = {
  id: 'date-order',
  description: 'started <= detected <= mitigated <= resolved.',
  check(doc, report) {
    const seen: { key: string; v: string; ms: number }[] = [];
    for (const key of TIME_KEYS) {
      const v = doc.meta[key];
      const ms = v ? parseStamp(v)?.ms : undefined;
      if (ms === undefined) continue;
      // Against every earlier time, not just the one before: with detected/mitigated missing or wrong
      // themselves, "resolved before started" must still be caught. The earliest key it precedes is named.
      const first = seen.find((p) => ms < p.ms);
      if (first)
        report(`Unexpected ${key} ${v} before ${first.key} ${first.v}, expected started <= detected <= mitigated <= resolved`, keyLine(doc, key));
      seen.push({ key, v: v!, ms });
    }
  },
};
