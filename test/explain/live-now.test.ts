// explain's "AT ITS LIMIT now" follows the snapshot's rule: critical is now; a past event that is
// only a warning (recovered, or too old to tell) is history, not "near its limit now".
import { describe, expect, it } from 'vitest';
import { explain } from '../../src/explain/explain.js';
import type { LiveReport } from '../../src/explain/live.js';

const report = (findings: LiveReport['findings']): LiveReport => ({ env: 'host', probes: ['memory', 'oom', 'kernel-log', 'overcommit', 'cgroup', 'sockets'].map((id) => ({ id, status: 'ok' })), findings });

describe('explain and past events', () => {
  const recovered = { id: 'kernel-log.oom', severity: 'warning' as const, message: 'kernel log: 1 OOM kill of the whole machine (mysqld [812]), latest 2h 0m ago; now RAM at 30 % of its limit', past: { now: 'recovered' as const } };
  it('an OOM kill two hours ago with memory fine now: "fine right now", the kill kept as detail', async () => {
    const r = await explain('Cannot allocate memory', { live: async () => report([recovered]) });
    const memory = r.suspects.find((s) => s.resource === 'memory')!;
    expect(memory.live).toEqual({ state: 'ok', detail: ['memory: not near its limit right now', recovered.message] });
  });
  it('an OOM kill a minute ago (critical) is at its limit now', async () => {
    const r = await explain('Cannot allocate memory', { live: async () => report([{ ...recovered, severity: 'critical', past: { now: 'unknown' } }]) });
    expect(r.suspects.find((s) => s.resource === 'memory')!.live!.state).toBe('at-limit');
  });
  it('a warning about a level measured now is still "near"', async () => {
    const r = await explain('Cannot allocate memory', { live: async () => report([{ id: 'memory.ram', severity: 'warning', message: 'memory RAM: 93 % used' }]) });
    expect(r.suspects.find((s) => s.resource === 'memory')!.live!.state).toBe('near');
  });
});
