import { SEVERITIES, STATUSES } from '../../doc/model.js';
import { checkZone } from '../../util/zone.js';
import { keyLine, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'front-matter',
  description: 'Front matter has title, status, severity and started, from the allowed sets.',
  check(doc, report) {
    if (!doc.frontMatter) {
      report('Missing front matter, expected a YAML block between "---" lines with title, status, severity, started');
      return;
    }
    const m = doc.meta;
    const data = doc.frontMatter.data;
    for (const key of ['title', 'status', 'severity', 'started'] as const)
      if (data[key] === undefined || data[key] === null || data[key] === '') report(`Missing front matter field "${key}"`, keyLine(doc, key));
    if (m.status && !(STATUSES as readonly string[]).includes(m.status))
      report(`Unexpected status "${m.status}", expected one of ${STATUSES.join(', ')}`, keyLine(doc, 'status'));
    if (m.severity && !(SEVERITIES as readonly string[]).includes(m.severity))
      report(`Unexpected severity "${m.severity}", expected one of ${SEVERITIES.join(', ')}`, keyLine(doc, 'severity'));
    if (m.status === 'resolved' && !m.resolved) report('Status is resolved but "resolved" time is missing', keyLine(doc, 'status'));
    for (const key of ['services', 'hosts', 'tags', 'authors'] as const)
      if (data[key] !== undefined && data[key] !== null && !Array.isArray(data[key]) && typeof data[key] !== 'string')
        report(`Unexpected "${key}", expected a list`, keyLine(doc, key));
    if (data.draft !== undefined && typeof data.draft !== 'boolean' && data.draft !== 'true' && data.draft !== 'false')
      report('Unexpected "draft", expected true or false', keyLine(doc, 'draft'));
    // New entries are written in this zone; a typo would stop every command that writes one.
    const tz = data.timezone;
    if (tz !== undefined && tz !== null && tz !== '' && (typeof tz !== 'string' || !checkZone(tz)))
      report(`Unknown timezone "${String(tz)}", expected an IANA name such as Europe/Berlin or UTC`, keyLine(doc, 'timezone'));
  },
};
