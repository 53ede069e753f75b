import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/doc/parse.js';
import { formatDuration, parseStamp } from '../../src/doc/dates.js';
import { sectionIdOf } from '../../src/doc/sections.js';

const DOC = `---
title: Inodes
status: resolved
severity: SEV2
started: 2026-03-14T09:00:00+01:00
detected: 2026-03-14T09:12:00+01:00
resolved: 2026-03-15T10:30:00+01:00
tags: inodes, container
---

# Inodes

## Zusammenfassung

Kurz.

### Chronologie

- **2026-03-14 09:12 +01:00** — Alarm.
  continued text
- **09:30** — time only
- no stamp at all

## Spurensuche

- **H1** rejected — Hoster maintenance.
  Rejected 2026-03-14 10:00 +01:00: it went on for days.
- **H2** confirmed — Inode quota.
- Something unnumbered

## Vorbeugung

- [ ] Alert on inodes — owner: @ops, due: 2026-04-01, type: detect
- [x] Disable cache (owner: @me)

| Action Item | Type | Owner | Status |
|---|---|---|---|
| Move cache to Redis | prevent | @dev | done |
`;

describe('parseDocument', () => {
  const doc = parseDocument(DOC, 'incidents/2026-03-14-x/postmortem.md');

  it('reads meta, falling back to the folder name for the id', () => {
    expect(doc.meta).toMatchObject({ id: '2026-03-14-x', title: 'Inodes', status: 'resolved', severity: 'SEV2', tags: ['inodes', 'container'] });
    expect(doc.durations.toDetect).toBe(12 * 60000);
    expect(formatDuration(doc.durations.toResolve)).toBe('1 d 1 h');
    expect(doc.durations.toMitigate).toBeNull();
  });

  it('finds German sections at any depth with their lines', () => {
    expect(doc.sections.map((s) => [s.id, s.line])).toEqual([[null, 11], ['tldr', 13], ['timeline', 17], ['hypotheses', 24], ['prevention', 31]]);
  });

  it('reads timeline entries with full stamps, partial stamps and none', () => {
    expect(doc.timeline.map((t) => [t.at, t.stamp, t.text, t.line])).toEqual([
      ['2026-03-14T09:12:00+01:00', '2026-03-14 09:12 +01:00', 'Alarm. continued text', 19],
      [null, '09:30', 'time only', 21],
      [null, null, 'no stamp at all', 22],
    ]);
    expect(doc.timeline[0]!.time).toBe(Date.parse('2026-03-14T08:12:00Z'));
  });

  it('reads hypotheses with number, status, reason and time', () => {
    expect(doc.hypotheses.map((h) => [h.n, h.status, h.text, h.reason, h.at])).toEqual([
      [1, 'rejected', 'Hoster maintenance.', 'it went on for days.', '2026-03-14 10:00 +01:00'],
      [2, 'confirmed', 'Inode quota.', null, null],
      [3, null, 'Something unnumbered', null, null],
    ]);
  });

  it('reads prevention items from lists and tables', () => {
    expect(doc.actions.map((a) => [a.n, a.done, a.text, a.owner, a.due, a.type])).toEqual([
      [1, false, 'Alert on inodes', '@ops', '2026-04-01', 'detect'],
      [2, true, 'Disable cache', '@me', null, null],
      [3, true, 'Move cache to Redis', '@dev', null, 'prevent'],
    ]);
  });
});

describe('section aliases', () => {
  it.each([
    ['TL;DR', 'tldr'], ['Issue Summary', 'tldr'], ['Executive Summary', 'tldr'], ['Root Causes', 'root-cause'],
    ['What caused the incident?', 'root-cause'], ['3. Contributing Factors', 'root-cause'], ['Mitigation & Resolution', 'fix'],
    ['Resolution and recovery', 'fix'], ['Corrective and Preventative Measures', 'prevention'], ['Action Items', 'prevention'],
    ['Follow-ups', 'prevention'], ['Supporting information', 'evidence'], ['Where we got lucky', 'lessons'],
    ['Chain of Events', 'timeline'], ['Zeitablauf', 'timeline'], ['Ursache', 'root-cause'], ['Auswirkungen', 'impact'],
    ['Maßnahmen', 'prevention'], ['Lessons Learned', 'lessons'], ['Trigger', 'root-cause'], ['Background', null],
  ])('%s -> %s', (heading, id) => expect(sectionIdOf(heading)).toBe(id));
});

describe('parseStamp', () => {
  it('reads offsets, Z and date-only stamps; refuses impossible dates', () => {
    expect(parseStamp('2026-03-14 09:12 +01:00')).toEqual({ ms: Date.parse('2026-03-14T08:12:00Z'), hasTime: true, hasOffset: true });
    expect(parseStamp('2026-03-14T09:12:00Z')!.hasOffset).toBe(true);
    expect(parseStamp('2026-03-14')).toMatchObject({ hasTime: false, hasOffset: false });
    expect(parseStamp('2026-02-30 10:00')).toBeNull();
    expect(parseStamp('yesterday')).toBeNull();
  });
});
