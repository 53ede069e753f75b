// A real OOM kill in a memory cgroup of this machine, as root: critical while the cgroup exists and
// the kill is minutes old; a warning "recovered now" once the cgroup is removed. Restores what it
// touches; elsewhere it skips and says why.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProbes } from '../../src/snapshot/run.js';

const root = process.getuid?.() === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where a memory cgroup can be made: the v2 root when it hands out memory, else the v1 memory hierarchy. */
function memoryHierarchy(): { dir: string; v2: boolean } | string {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' '));
  const at = (fs: string, opt?: string) => mounts.find((f) => f[f.indexOf('-', 6) + 1] === fs && f[3] === '/' && (!opt || (f[f.indexOf('-', 6) + 3] ?? '').split(',').includes(opt)))?.[4];
  const v2 = at('cgroup2');
  const h = v2 && readFileSync(path.join(v2, 'cgroup.subtree_control'), 'utf8').includes('memory') ? { dir: v2, v2: true } : at('cgroup', 'memory') ? { dir: at('cgroup', 'memory')!, v2: false } : null;
  if (!h) return 'no memory cgroup controller mounted (v2 root without +memory, no v1 memory hierarchy)';
  if (!existsSync('/dev/kmsg')) return 'no /dev/kmsg to read the OOM report from';
  const probe = path.join(h.dir, `pm-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return h;
  } catch (e) {
    return `cannot create memory cgroups: ${(e as Error).message}`;
  }
}

const h = root ? memoryHierarchy() : 'not root';
if (typeof h === 'string') console.log(`snapshot OOM-kill live test skipped: ${h}`);

describe.skipIf(typeof h === 'string')('an OOM kill in a memory cgroup', () => {
  it('is critical while the cgroup exists and was killed minutes ago; a warning "recovered now" once it is removed', async () => {
    const { dir, v2 } = h as { dir: string; v2: boolean };
    const name = `pm-oom-${process.pid}`;
    const cg = path.join(dir, name);
    const subject = `OOM kills in /${name}`;
    mkdirSync(cg);
    try {
      if (v2) {
        writeFileSync(path.join(cg, 'memory.max'), String(16 << 20));
        if (existsSync(path.join(cg, 'memory.swap.max'))) writeFileSync(path.join(cg, 'memory.swap.max'), '0');
      } else {
        writeFileSync(path.join(cg, 'memory.limit_in_bytes'), String(16 << 20));
        if (existsSync(path.join(cg, 'memory.memsw.limit_in_bytes'))) writeFileSync(path.join(cg, 'memory.memsw.limit_in_bytes'), String(16 << 20));
      }
      // the shell joins the cgroup, then doubles a string until the kernel kills it
      const hog = spawnSync('sh', ['-c', `echo $$ > ${cg}/cgroup.procs && x=x && while :; do x=$x$x; done`], { timeout: 30000 });
      expect(hog.signal).toBe('SIGKILL');
      const during = await runProbes({ ids: ['kernel-log'] });
      const kill = during.findings.find((f) => f.id === 'kernel-log.oom' && f.subject === subject);
      expect(kill, JSON.stringify(during.probes.find((p) => p.id === 'kernel-log')?.reason)).toMatchObject({ severity: 'critical', used: 1, past: { now: 'unknown' } });
      expect(kill!.message).toContain(`in memory cgroup /${name} (sh [${hog.pid}])`);
    } finally {
      for (let i = 0; i < 50 && existsSync(cg); i++) {
        try {
          rmdirSync(cg);
        } catch {
          await sleep(100); // the killed shell still leaving
        }
      }
    }
    expect(existsSync(cg)).toBe(false);
    const after = await runProbes({ ids: ['kernel-log'] });
    // on its own line, or merged with earlier kills in cgroups gone too (this one is the newest)
    const kill = after.findings.find((f) => f.id === 'kernel-log.oom' && (f.subject === subject || f.message.includes(`/${name} is gone`)))!;
    expect(kill).toMatchObject({ severity: 'warning', past: { now: 'recovered' } });
    expect(kill.message).toContain(`recovered now: memory cgroup /${name} is gone`);
  });
});
