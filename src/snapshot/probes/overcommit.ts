// With vm.overcommit_memory = 2 the kernel refuses allocations once Committed_AS reaches CommitLimit:
// malloc and fork fail with "Cannot allocate memory" while free still shows plenty.
import { usage, note } from '../assess.js';
import { parseKeyValues, readNumber, readRequired } from '../read.js';
import type { Finding, Probe } from '../types.js';

export interface OvercommitData {
  mode: number;
  ratio: number | null;
  committed: number;
  commitLimit: number;
}

export const overcommit: Probe<OvercommitData> = {
  id: 'overcommit',
  description: 'committed memory against CommitLimit (matters in overcommit mode 2)',
  reads: ['/proc/meminfo', '/proc/sys/vm/overcommit_memory', '/proc/sys/vm/overcommit_ratio'],
  async collect(ctx) {
    const mi = parseKeyValues(readRequired(ctx.path('/proc/meminfo')));
    const mode = readNumber(ctx.path('/proc/sys/vm/overcommit_memory'));
    if (mode === null) throw new Error('/proc/sys/vm/overcommit_memory: unreadable');
    return { mode, ratio: readNumber(ctx.path('/proc/sys/vm/overcommit_ratio')), committed: mi.Committed_AS ?? 0, commitLimit: mi.CommitLimit ?? 0 };
  },
  assess(d, t): Finding[] {
    if (d.mode !== 2)
      return [
        note({
          id: 'overcommit.mode',
          severity: 'info',
          resource: 'overcommit',
          subject: `mode ${d.mode}`,
          message: `overcommit mode ${d.mode} (${d.mode === 1 ? 'always' : 'heuristic'}): committed memory is not limited`,
          hint: 'in mode 2 allocations fail once Committed_AS reaches CommitLimit',
        }),
      ];
    return [
      usage({
        id: 'overcommit.commit',
        resource: 'committed memory',
        subject: `mode 2, ratio ${d.ratio ?? '?'} %`,
        used: d.committed,
        limit: d.commitLimit,
        unit: 'bytes',
        level: t.commit,
        hint: 'malloc, fork and mmap fail with "Cannot allocate memory" although free shows memory; raise vm.overcommit_ratio or add swap',
      }),
    ];
  },
};
