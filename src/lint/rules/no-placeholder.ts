import type { Rule } from '../rule.js';
import { REQUIRED } from './required-sections.js';

/** Text left from a template: HTML comments (hints) removed, what remains is empty or a stub. */
export function placeholderKind(content: string): 'empty' | 'stub' | null {
  const text = content.replace(/<!--[\s\S]*?(-->|$)/g, '').trim();
  if (!text) return 'empty';
  if (/\{\{\s*\w+\s*\}\}/.test(text) || /^(?:[-*]\s*)?(?:todo|tbd|tba|fixme|xxx|\.\.\.|…|n\/a)\b[.:!]?\s*$/i.test(text)) return 'stub';
  return null;
}

export const rule: Rule = {
  id: 'no-placeholder',
  description: 'Required sections are written, not left empty or as template placeholders.',
  check(doc, report) {
    for (const s of doc.sections) {
      if (!s.id || !REQUIRED.includes(s.id)) continue;
      // A section's own text is what precedes its first sub-heading; sub-sections count as content.
      const kind = placeholderKind(doc.source.slice(s.contentStart, s.end));
      if (kind) report(`Section "${s.heading}" is ${kind === 'empty' ? 'empty' : 'still a template placeholder'}, expected what you found`, s.line);
    }
    const leftover = /\{\{\s*\w+\s*\}\}/.exec(doc.source);
    if (leftover) report(`Unfilled template placeholder ${leftover[0]}`, doc.source.slice(0, leftover.index).split('\n').length);
  },
};
