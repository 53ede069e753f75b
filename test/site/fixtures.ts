// Small incident folders written by the tests themselves.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IncidentRecord } from '../../src/site/record.js';

export function doc(o: { title?: string; severity?: string; status?: string; started?: string; detected?: string; resolved?: string; tags?: string[]; services?: string[]; draft?: boolean; body?: string } = {}): string {
  const fm = [
    '---',
    o.title !== undefined ? `title: "${o.title}"` : null,
    o.severity ? `severity: ${o.severity}` : null,
    o.status ? `status: ${o.status}` : null,
    o.started ? `started: ${o.started}` : null,
    o.detected ? `detected: ${o.detected}` : null,
    o.resolved ? `resolved: ${o.resolved}` : null,
    o.tags ? `tags: [${o.tags.join(', ')}]` : null,
    o.services ? `services: [${o.services.join(', ')}]` : null,
    o.draft ? 'draft: true' : null,
    '---',
  ].filter((l) => l !== null);
  return `${fm.join('\n')}\n\n${o.body ?? '## TL;DR\n\nSomething broke and we fixed it.\n'}`;
}

/** Writes incidents/<id>/postmortem.md (and extra files) for each entry. */
export function writeIncidents(dir: string, incidents: Record<string, string | Record<string, string | Buffer>>): void {
  for (const [id, content] of Object.entries(incidents)) {
    const files = typeof content === 'string' || Buffer.isBuffer(content) ? { 'postmortem.md': content } : content;
    for (const [rel, text] of Object.entries(files)) {
      const f = path.join(dir, id, rel);
      mkdirSync(path.dirname(f), { recursive: true });
      writeFileSync(f, text);
    }
  }
}

export function record(o: Partial<IncidentRecord> & { id: string }): IncidentRecord {
  return {
    title: o.id,
    status: 'resolved',
    severity: 'SEV3',
    started: null,
    detected: null,
    mitigated: null,
    resolved: null,
    startedMs: o.started ? Date.parse(o.started) : null,
    durations: { toDetect: null, toMitigate: null, toResolve: null },
    services: [],
    hosts: [],
    tags: [],
    authors: [],
    draft: false,
    category: 'unclassified',
    summary: '',
    words: '',
    actions: { total: 0, done: 0 },
    openActions: [],
    snapshots: 0,
    critical: 0,
    ...o,
  };
}

export const SEED = `---
title: "Blog down: inode quota full"
status: resolved
severity: SEV2
started: 2026-03-14T09:12:00+01:00
detected: 2026-03-14T09:20:00+01:00
mitigated: 2026-03-14T11:00:00+01:00
resolved: 2026-03-15T10:00:00+01:00
services: [blog, mail]
tags: [inodes, container]
authors: ["@ops"]
---

# Blog down: inode quota full

## TL;DR

The object cache filled the container's inode quota of 3,000,000.

## Timeline

- **2026-03-14 09:12 +01:00** — Uptime alarm: blog unreachable.
- **2026-03-14 09:40 +01:00** — \`df -i\` shows 100 %.

## Hypotheses

- **H1** rejected — The MTA is choking on spam.
  Rejected 2026-03-14 10:02 +01:00: failures went on with postfix stopped.
- **H2** confirmed — The inode quota is full.

## Root cause

W3 Total Cache's object cache left millions of small files: the inode quota ran out.

## Prevention

- [ ] Alert when inode use passes 80 % — owner: @ops, due: 2026-04-01
- [x] Switch the object cache off — owner: @ops, due: 2026-03-15

## Evidence

- [df -i](evidence/df-i.txt)
`;
