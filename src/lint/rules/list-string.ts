import { keyLine, type Rule } from '../rule.js';

export const LIST_KEYS = ['services', 'hosts', 'tags', 'authors'] as const;

// `tags: "a,b"` is still read as [a, b] for publishing (many hand-written postmortems do this), but
// YAML says it is one string: say so before another tool reads it as one tag. Other non-lists are
// front-matter's to report.
export const rule: Rule = {
  id: 'list-string',
  description: 'services, hosts, tags and authors are YAML lists, not comma-separated strings.',
  check(doc, report) {
    const data = doc.frontMatter?.data ?? {};
    for (const key of LIST_KEYS) {
      const v = data[key];
      if (typeof v !== 'string' || v.trim() === '') continue;
      const items = v.split(',').map((s) => s.trim()).filter(Boolean);
      report(`Unexpected string "${v}" for ${key}, expected a list like ${key}: [${items.join(', ')}]`, keyLine(doc, key), 'warning');
    }
  },
};
