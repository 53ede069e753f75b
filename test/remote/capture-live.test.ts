// A capture of this machine, assessed through the CLI (snapshot --from), names the same resources at
// warning and above as a local snapshot taken in the same test: a tmpfs full of inodes, a tmpfs
// whose bytes a deleted-but-open file holds, a tmpfs full of inodes that only another mount
// namespace sees, and the kernel log (the collector carries /dev/kmsg).
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectorScript } from '../../src/remote/collector.js';
import { unpackBase } from '../../src/remote/unpack.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { fillInodes, pm, tempDir, tmpfs } from '../helpers.js';

// (load and pressure move from one second to the next on this shared machine: the two snapshots are
// taken a second apart, so those two are compared by presence, not by level)
const moving = /^(load|psi)\./;
const alarms = (s: Snapshot) => s.findings.filter((f) => f.severity !== 'info' && !moving.test(f.id)).map((f) => `${f.severity} ${f.id} ${f.subject}`).sort();

// 3.8 MiB of a 4 MiB tmpfs (95 %) held by a deleted file a sleeping process keeps open
const held = tmpfs('size=4m');
const holder = spawn('sh', ['-c', `exec 3>${held}/big.log; head -c 3984588 /dev/zero >&3; rm ${held}/big.log; echo ready; exec sleep 120`], { stdio: ['ignore', 'pipe', 'ignore'] });
// a tmpfs full of inodes that only a private mount namespace has (a container's)
const nsDir = tempDir('pm-ns-');
const inNs = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', `mount -t tmpfs -o size=1m,nr_inodes=40 pm-ns-tmpfs ${nsDir} && i=0; while true 2>/dev/null > ${nsDir}/f$i; do i=$((i+1)); done; echo ready; exec sleep 120`], { stdio: ['ignore', 'pipe', 'ignore'] });
const ready = (c: typeof holder) => new Promise((r) => c.stdout!.once('data', r));
afterAll(() => {
  holder.kill('SIGKILL');
  inNs.kill('SIGKILL');
});

describe('snapshot --from on a capture of this machine', async () => {
  await Promise.all([ready(holder), ready(inNs)]);
  const mnt = tmpfs('size=1m,nr_inodes=300');
  fillInodes(mnt);
  const file = path.join(tempDir(), 'this-host.pmcap');
  const cap = spawnSync('busybox', ['sh', '-s'], { input: collectorScript(), maxBuffer: 1 << 28 });
  writeFileSync(file, cap.stdout);
  const unpacked = () => [...new Set([os.tmpdir(), unpackBase()])].flatMap((d) => readdirSync(d)).filter((f) => f.startsWith('pm-capture-')).length;
  const before = unpacked();
  const remote = pm(['snapshot', '--no-save', '--json', '--from', file]);
  const after = unpacked();
  const local = pm(['snapshot', '--no-save', '--json']);
  const r = JSON.parse(remote.stdout) as Snapshot;
  const l = JSON.parse(local.stdout) as Snapshot;

  it('names the full tmpfs critical, as the local snapshot does', () => {
    expect(remote.status, remote.stderr).toBe(0);
    expect(r.root).toBe('this-host.pmcap');
    expect(r.findings.find((f) => f.id === 'filesystems.inodes' && f.subject === mnt)).toMatchObject({ severity: 'critical', utilization: 1 });
  });
  it('names the process holding a deleted file, with the words of the local snapshot', () => {
    const bytes = (s: Snapshot) => s.findings.find((f) => f.id === 'filesystems.bytes' && f.subject === held);
    expect(bytes(r)!.message).toContain(`held by 1 deleted file still open: pid ${holder.pid} (sleep, root)`);
    expect(bytes(r)!.message).toBe(bytes(l)!.message);
    expect(bytes(r)!.hint).toBe(bytes(l)!.hint);
  });
  it('sees the tmpfs only another mount namespace has', () => {
    const ns = r.findings.find((f) => f.id === 'filesystems.inodes' && f.subject.startsWith(`${nsDir} in mnt ns of pid `));
    expect(ns).toMatchObject({ severity: 'critical', utilization: 1 });
  });
  it('reads the kernel log from /dev/kmsg, as locally', () => {
    if (process.getuid?.() !== 0) return console.log('skipped: /dev/kmsg needs root');
    const source = (s: Snapshot) => s.probes.find((p) => p.id === 'kernel-log');
    expect(source(r)).toMatchObject({ status: 'ok' });
    expect(JSON.stringify(r.findings.filter((f) => f.id.startsWith('kernel-log')).map((f) => f.hint))).not.toContain('/var/log');
  });
  it('leaves no unpacked tree behind', () => {
    expect(after).toBe(before);
  });
  it('has the same resources at warning and above as the local snapshot', () => {
    expect(local.status, local.stderr).toBe(0);
    expect(alarms(r)).toEqual(alarms(l));
    const probes = (s: Snapshot) => s.probes.filter((p) => /^(load|psi)$/.test(p.id)).map((p) => `${p.id} ${p.status}`);
    expect(probes(r)).toEqual(probes(l));
  });
});
