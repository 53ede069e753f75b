import type { SectionId } from './model.js';

// Headings of the widely used public templates (Google SRE book, PagerDuty, Atlassian, Elastic, Azure,
// Etsy, Dan Luu's collection, and every template of dastergon/postmortem-templates: SRE book, Kehoe,
// Limoncelli's cloud book, Real-World SRE, Google API, Azure, Elastic; see test/doc/sections-foreign)
// and German ones, mapped to our canonical ids. Matching ignores case, punctuation and a leading number
// ("3. Root cause"). Headings that are metadata (Date, Authors, Attendees, Duration) stay unknown.
const ALIASES: Record<SectionId, string[]> = {
  tldr: [
    'tldr', 'tl dr', 'summary', 'issue summary', 'executive summary', 'incident summary', 'overview',
    'description', 'what happened', 'abstract', 'summary of impact', 'zusammenfassung', 'kurzfassung', 'uberblick', 'ueberblick',
  ],
  impact: [
    'impact', 'customer impact', 'user impact', 'what it looked like', 'business impact', 'impact and detection', 'scope',
    'end user impact', 'infrastructure impact', 'productivity impact', 'affected users',
    'auswirkungen', 'auswirkung',
  ],
  timeline: [
    'timeline', 'incident timeline', 'chain of events', 'sequence of events', 'detailed timeline',
    'timeline of events', 'chronology', 'zeitablauf', 'chronologie', 'zeitleiste', 'ablauf', 'verlauf',
  ],
  hypotheses: [
    'hypotheses', 'hypothesis', 'investigation', 'theories', 'what we tried', 'ideas tried',
    'troubleshooting', 'diagnosis', 'what i suspected', 'what i tried', 'suspects', 'hypothesen', 'spurensuche', 'ursachenforschung', 'fehlersuche',
  ],
  'root-cause': [
    'root cause', 'root causes', 'what caused the incident', 'contributing factors', 'root cause analysis',
    'cause', 'causes', 'trigger', 'root cause and trigger', 'five whys', '5 whys', 'why did it happen', 'what caused it', 'the cause',
    'root cause and mitigation', 'process breakdown', 'contributing conditions analysis', 'contributing conditions',
    'ursache', 'ursachen', 'grundursache',
  ],
  fix: [
    'fix', 'resolution', 'mitigation', 'mitigation and resolution', 'resolution and recovery', 'recovery',
    'how was it fixed', 'repair', 'the fix', 'how i fixed it', 'remediation', 'reparatur', 'behebung', 'losung', 'loesung', 'wiederherstellung',
  ],
  prevention: [
    'prevention', 'action items', 'corrective and preventative measures', 'corrective and preventive measures',
    'follow ups', 'followups', 'follow up actions', 'next steps', 'preventive measures', 'remediation items',
    'repair items', 'so it wont happen again', 'so it won t happen again',
    'action items and followups', 'action items and follow ups', 'recommendations', 'vorbeugung', 'massnahmen', 'mabnahmen', 'pravention', 'praevention',
  ],
  evidence: ['evidence', 'supporting information', 'supporting documents', 'appendix', 'attachments', 'data', 'graphs', 'belege', 'anhang', 'beweise'],
  lessons: [
    'lessons learned', 'lessons', 'what went well', 'what went wrong', 'where we got lucky', 'learnings',
    'what went well what went wrong', 'what went well and what didnt',
    'what went badly', 'where did we get lucky', 'what could have gone better', 'lehren', 'erkenntnisse', 'lessons learnt', 'what i learned', 'what i learnt',
  ],
};

/** Lower case, umlauts folded, punctuation and leading numbering dropped: "3. Root Cause(s):" -> "root cause s". */
export function normalizeHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/ü/g, 'u').replace(/ß/g, 'b')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^(\d+ )+/, '')
    .replace(/^(section|teil) /, '');
}

const LOOKUP = new Map<string, SectionId>();
for (const [id, names] of Object.entries(ALIASES) as [SectionId, string[]][]) for (const n of names) LOOKUP.set(normalizeHeading(n), id);

export function sectionIdOf(heading: string): SectionId | null {
  const n = normalizeHeading(heading);
  return LOOKUP.get(n) ?? LOOKUP.get(n.replace(/ s$/, '')) ?? null;
}

/** Canonical English headings, used when a command has to create a section. */
export const CANONICAL_HEADING: Record<SectionId, string> = {
  tldr: 'TL;DR',
  impact: 'Impact',
  timeline: 'Timeline',
  hypotheses: 'Hypotheses',
  'root-cause': 'Root cause',
  fix: 'Fix',
  prevention: 'Prevention',
  evidence: 'Evidence',
  lessons: 'Lessons learned',
};
