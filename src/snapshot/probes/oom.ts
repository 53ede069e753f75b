// OOM kills since boot (/proc/vmstat oom_kill, Linux 4.13+). Any kill is proof that memory ran out.
import { failures, note } from '../assess.js';
import { parseKeyValues, readRequired } from '../read.js';
import { Absent, type Probe } from '../types.js';

export interface OomData {
  oomKills: number;
}

export const oom: Probe<OomData> = {
  id: 'oom',
  description: 'OOM kills since boot',
  async collect(ctx) {
    const v = parseKeyValues(readRequired(ctx.path('/proc/vmstat')));
    if (v.oom_kill === undefined) throw new Absent('/proc/vmstat has no oom_kill counter (Linux before 4.13)');
    return { oomKills: v.oom_kill };
  },
  assess(d) {
    if (d.oomKills > 0)
      return [
        failures({
          id: 'oom.kills',
          resource: 'memory',
          subject: '/proc/vmstat oom_kill',
          count: d.oomKills,
          message: `the kernel OOM-killed ${d.oomKills} process${d.oomKills === 1 ? '' : 'es'} since boot`,
          hint: 'see kernel-log for which ones and when; check memory, swap and cgroup memory limits',
        }),
      ];
    return [note({ id: 'oom.kills', severity: 'info', resource: 'memory', subject: '/proc/vmstat oom_kill', used: 0, message: 'no OOM kills since boot', hint: '' })];
  },
};
