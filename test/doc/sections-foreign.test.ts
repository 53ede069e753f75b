// Every template of the public dastergon/postmortem-templates collection (verbatim copies in
// test/fixtures/foreign, sources in SOURCES.txt): each heading maps to the section we expect.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/doc/parse.js';
import { lint } from '../../src/lint/lint.js';
import { pm, ROOT, tempDir } from '../helpers.js';

const DIR = path.join(ROOT, 'test', 'fixtures', 'foreign');

// Heading -> section id; null for titles and metadata headings (date, authors, attendees, durations).
const EXPECTED: Record<string, [string, string | null][]> = {
  'dastergon-azure.md': [
    ['Title (incident)', null], ['Date', null], ['Summary of impact', 'tldr'], ['Customer impact', 'impact'],
    ['Root cause and mitigation', 'root-cause'], ['Next steps', 'prevention'], ['Provide feedback (customer survey)', null],
  ],
  'dastergon-elastic.md': [
    ['Title of the incident: Date', null], ['Background', null], ['What Happened', 'tldr'], ['Chain of Events', 'timeline'],
    ['Root Cause', 'root-cause'], ['Resolution', 'fix'], ['Impact', 'impact'], ['Action Items', 'prevention'],
  ],
  'dastergon-google-api-infra.md': [
    ['Title', null], ['Issue Summary', 'tldr'], ['Timeline', 'timeline'], ['Root Cause', 'root-cause'],
    ['Resolution and recovery', 'fix'], ['Corrective and Preventative Measures', 'prevention'],
  ],
  'dastergon-michael-kehoe.md': [
    ['Postmortem Template', null], ['Summary', 'tldr'], ['Postmortem Attendees', null], ['Incident Timing', null],
    ['Incident Timeline', 'timeline'], ['Impact', 'impact'], ['End User Impact', 'impact'], ['Infrastructure Impact', 'impact'],
    ['Productivity Impact', 'impact'], ['What caused the incident?', 'root-cause'], ['Trigger(s)', 'root-cause'],
    ['Process Breakdown(s)', 'root-cause'], ['Root Cause(s)', 'root-cause'], ['Mitigation & Resolution', 'fix'],
    ['Open Questions', null], ['Lessons Learnt', 'lessons'], ['What went well', 'lessons'], ['What went badly', 'lessons'],
    ['Where did we get lucky', 'lessons'], ['Action Items & Followups', 'prevention'], ['Supporting Documents', 'evidence'],
  ],
  'dastergon-real-world-sre.md': [
    ['Title of the incident', null], ['Summary', 'tldr'], ['Impact', 'impact'], ['Timeline', 'timeline'],
    ['Root Cause(s)', 'root-cause'], ['Action Items', 'prevention'], ['Appendix', 'evidence'],
  ],
  'dastergon-srebook.md': [
    ['Title (incident #)', null], ['Date', null], ['Authors', null], ['Status', null], ['Summary', 'tldr'], ['Impact', 'impact'],
    ['Root Causes', 'root-cause'], ['Trigger', 'root-cause'], ['Resolution', 'fix'], ['Detection', null],
    ['Action Items', 'prevention'], ['Lessons Learned', 'lessons'], ['What went well', 'lessons'], ['What went wrong', 'lessons'],
    ['Where we got lucky', 'lessons'], ['Timeline', 'timeline'], ['Supporting information', 'evidence'],
  ],
  'dastergon-thecloudbook.md': [
    ['Title', null], ['Report Status', null], ['Executive Summary', 'tldr'], ['Outage Description', null], ['Affected users', 'impact'],
    ['Start Date/Time', null], ['End Date/Time', null], ['Duration', null], ['Timeline', 'timeline'],
    ['Contributing Conditions Analysis', 'root-cause'], ['What went well?', 'lessons'], ['What could have gone better?', 'lessons'],
    ['Recommendations', 'prevention'], ['Names of people involved', null],
  ],
};

describe.each(Object.keys(EXPECTED))('%s', (name) => {
  const src = readFileSync(path.join(DIR, name), 'utf8');
  const doc = parseDocument(src, name);

  it('is listed in SOURCES.txt', () => {
    expect(readFileSync(path.join(DIR, 'SOURCES.txt'), 'utf8')).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')} +dastergon/postmortem-templates `, 'm'));
  });

  it('maps every heading to the expected section', () => {
    expect(doc.sections.map((s) => [s.heading, s.id])).toEqual(EXPECTED[name]);
  });

  it('draws no duplicate-section warning: sub-headings and side-by-side headings of one kind are fine', () => {
    expect(lint(doc).filter((d) => d.rule === 'duplicate-section')).toEqual([]);
  });
});

it("reads Kehoe's blank template rows as room to write in: no actions, no timeline-dates or action-owner errors", () => {
  const src = readFileSync(path.join(DIR, 'dastergon-michael-kehoe.md'), 'utf8');
  const doc = parseDocument(src, 'k.md');
  expect(doc.actions).toEqual([]);
  expect(lint(doc).filter((d) => ['timeline-dates', 'action-owner'].includes(d.rule))).toEqual([]);
  // A filled row is read, and then its missing owner is reported.
  const filled = src.replace(/(\| Action Item \| Type[^\n]*\n[^\n]*\n)\|[^\n]*\n/, '$1| Alert on inodes | Prevent |  | P1 |  | 2026-04-01 |\n');
  const d2 = parseDocument(filled, 'k.md');
  expect(d2.actions.map((a) => [a.n, a.text, a.due])).toEqual([[1, 'Alert on inodes', '2026-04-01']]);
  expect(lint(d2).filter((d) => d.rule === 'action-owner').map((d) => d.line)).toEqual([d2.actions[0]!.line]);
  const timed = src.replace(/(\| Date\/Time \|[^\n]*\n[^\n]*\n)\|[^\n]*\n/, '$1| 14:51 | pager | alarm |\n');
  expect(lint(parseDocument(timed, 'k.md')).filter((d) => d.rule === 'timeline-dates').map((d) => d.message)).toEqual([
    expect.stringMatching(/^Timeline entry "14:51" lacks a full date/),
  ]);
});

it("pm action add on Kehoe's template fills his action table instead of adding a second Prevention section", () => {
  const src = readFileSync(path.join(DIR, 'dastergon-michael-kehoe.md'), 'utf8');
  const dir = path.join(tempDir('pm-kehoe-'), 'incidents');
  mkdirSync(path.join(dir, '2026-03-14-kehoe'), { recursive: true });
  const file = path.join(dir, '2026-03-14-kehoe', 'postmortem.md');
  writeFileSync(file, src);
  const r = pm(['--dir', dir, 'action', 'add', 'Alert on inodes', '--owner', '@ops', '--due', '2026-04-01', '--type', 'detect', '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout).item).toMatchObject({ n: 1, text: 'Alert on inodes', owner: '@ops', due: '2026-04-01', type: 'detect' });
  const after = readFileSync(file, 'utf8');
  expect(after).not.toMatch(/^#+ Prevention/m);
  // After the template's three blank rows: Action Item, Type, Who, Priority, Bug #, Due Date.
  expect(after).toContain('|             |                                          |     |          |       |          |\n| Alert on inodes | detect | @ops |  |  | 2026-04-01 |\n\n### Supporting Documents');
});
