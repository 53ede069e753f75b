// A capture of this machine, assessed through the CLI (snapshot --from), names the same resources at
// warning and above as a local snapshot taken in the same test, with a tmpfs full of inodes.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectorScript } from '../../src/remote/collector.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { fillInodes, pm, tempDir, tmpfs } from '../helpers.js';

// kernel-log reads /dev/kmsg locally; the collector carries only the files under /var/log (see
// README). Load and pressure move between two snapshots on a shared machine: not compared.
const alarms = (s: Snapshot) => s.findings.filter((f) => f.severity !== 'info' && !/^(kernel-log|load|psi)\./.test(f.id)).map((f) => `${f.severity} ${f.id} ${f.subject}`).sort();

describe('snapshot --from on a capture of this machine', () => {
  const mnt = tmpfs('size=1m,nr_inodes=300');
  fillInodes(mnt);
  const file = path.join(tempDir(), 'this-host.pmcap');
  const cap = spawnSync('busybox', ['sh', '-s'], { input: collectorScript(), maxBuffer: 1 << 28 });
  writeFileSync(file, cap.stdout);
  const unpacked = () => readdirSync(os.tmpdir()).filter((f) => f.startsWith('pm-capture-')).length;
  const before = unpacked();
  const remote = pm(['snapshot', '--no-save', '--json', '--from', file]);
  const after = unpacked();
  const local = pm(['snapshot', '--no-save', '--json']);

  it('names the full tmpfs critical, as the local snapshot does', () => {
    expect(remote.status, remote.stderr).toBe(0);
    const r = JSON.parse(remote.stdout) as Snapshot;
    expect(r.root).toBe('this-host.pmcap');
    expect(r.findings.find((f) => f.id === 'filesystems.inodes' && f.subject === mnt)).toMatchObject({ severity: 'critical', utilization: 1 });
  });
  it('leaves no unpacked tree behind', () => {
    expect(after).toBe(before);
  });
  it('has the same resources at warning and above as the local snapshot', () => {
    expect(local.status, local.stderr).toBe(0);
    expect(alarms(JSON.parse(remote.stdout))).toEqual(alarms(JSON.parse(local.stdout)));
  });
});
