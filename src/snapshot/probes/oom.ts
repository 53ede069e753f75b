// OOM kills since boot (/proc/vmstat oom_kill, Linux 4.13+). The counter has no time: it is critical
// only when it rose since the previous sample or memory is at its limit now (now.ts); kernel-log
// says when and where each kill happened.
import { note } from '../assess.js';
import { judgeCounter, nowPhrase, stateNow, type LiveResource } from '../now.js';
import { parseKeyValues, readOptional, readRequired } from '../read.js';
import { Absent, type Probe } from '../types.js';

export interface OomData {
  oomKills: number;
  /** RAM now (MemTotal - MemAvailable of MemTotal), when readable. */
  memory?: LiveResource | null;
}

export const oom: Probe<OomData> = {
  id: 'oom',
  description: 'OOM kills since boot',
  reads: ['/proc/vmstat', '/proc/meminfo'],
  async collect(ctx) {
    const v = parseKeyValues(readRequired(ctx.path('/proc/vmstat')));
    if (v.oom_kill === undefined) throw new Absent('/proc/vmstat has no oom_kill counter (Linux before 4.13)');
    const mi = parseKeyValues(readOptional(ctx.path('/proc/meminfo')) ?? '');
    const memory: LiveResource | null = mi.MemTotal === undefined ? null : { what: 'RAM', used: mi.MemTotal - (mi.MemAvailable ?? mi.MemFree ?? 0), limit: mi.MemTotal, unit: 'bytes', threshold: 'memory' };
    return { oomKills: v.oom_kill, memory };
  },
  assess(d, t, prev) {
    const base = { id: 'oom.kills', resource: 'memory', subject: '/proc/vmstat oom_kill', used: d.oomKills };
    if (d.oomKills === 0) return [note({ ...base, severity: 'info', message: 'no OOM kills since boot', hint: '' })];
    const state = stateNow(d.memory, t.memory);
    const rose = prev !== undefined && d.oomKills > prev.oomKills ? d.oomKills - prev.oomKills : 0;
    const n = `${d.oomKills} process${d.oomKills === 1 ? '' : 'es'}`;
    return [
      note({
        ...base,
        severity: judgeCounter(d.oomKills, prev?.oomKills, state.now),
        message: `the kernel OOM-killed ${n} since boot${rose ? `, ${rose} since the last sample` : ''}${nowPhrase(state)}`,
        hint: 'see kernel-log for which ones, when and in which cgroup; a count since boot proves nothing about now unless it rises (watch) or memory is full',
        past: { ageSeconds: null, ...state },
      }),
    ];
  },
};
