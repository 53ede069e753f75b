#!/usr/bin/env node
// Speed goals of the fleet capture (issue 14), each against a peer measured in the same run:
//   (a) one host over loopback ssh: `snapshot --ssh HOST --no-save` <= 1 s wall, and the collector
//       on the host (run directly under BusyBox sh, the test user's login shell) <= a bare `node -e 0`
//   (b) 20 hosts at --parallel 8 <= 1.5x the floor: 20 bare `ssh HOST sh -s < collector` at the
//       same parallelism; the ratio to one host is printed too (over loopback all 20 remote ends
//       share this machine's cores, so it mostly measures the machine)
// It starts its own sshd on 127.0.0.1 (test/remote/sshd.mjs; root needed, as for the live tests).
//   npm run build && node bench/fleet.mjs [runs]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startSshd } from '../test/remote/sshd.mjs';

const cli = path.join(import.meta.dirname, '../dist/cli.js');
if (!existsSync(cli)) {
  console.error('bench/fleet: dist/cli.js missing; run npm run build first');
  process.exit(2);
}
if (process.getuid?.() !== 0) {
  console.error('bench/fleet: needs root (it starts sshd with a test user)');
  process.exit(2);
}
const RUNS = Number(process.argv[2] ?? 7);
const { collectorScript } = await import('../dist/remote/collector.js');
const script = collectorScript();
const HOSTS = Array.from({ length: 20 }, (_, i) => `h${String(i + 1).padStart(2, '0')}`);
const server = await startSshd(HOSTS);
const env = { ...process.env, ...server.env, NO_COLOR: '1' };
const ssh = path.join(server.dir, 'bin', 'ssh');

/** Wall time of one child, ms; a failure stops the bench (a number of a broken run means nothing). */
function once(cmd, args, input) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const c = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    let out = '';
    c.stderr.on('data', (b) => (err += b));
    c.stdout.on('data', (b) => (out += b));
    // a fleet that exits 1 names its failed hosts in the JSON
    const failed = () => (out.includes('"fleet"') ? JSON.parse(out).fleet.filter((h) => h.error).map((h) => h.error).join('; ') : '');
    c.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${cmd} ${args.slice(0, 4).join(' ')}...: exit ${code}: ${err}${failed()}`))));
    c.stdin.end(input ?? '');
  });
}
/** Median of RUNS after one untimed warm-up. */
async function median(run) {
  await run();
  const xs = [];
  for (let i = 0; i < RUNS; i++) xs.push(await run());
  return xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}
/** `n` at a time over `items`, like the CLI's pool; wall of the whole. */
async function parallel(items, n, fn) {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
  return performance.now() - t0;
}
const bareSsh = (h) => once(ssh, ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', '--', h, 'sh -s'], script);
const ms = (x) => `${x.toFixed(0).padStart(5)} ms`;
const verdict = (ok) => (ok ? 'ok' : 'TOO SLOW');

try {
  // (a) one host
  const node = await median(() => once(process.execPath, ['-e', '0']));
  const collector = await median(() => once('busybox', ['sh', '-s'], script));
  const one = await median(() => once(process.execPath, [cli, 'snapshot', '--ssh', 'web-1', '--timeout', '60', '--no-save', '--json']));
  const sshOne = await median(() => bareSsh('web-1'));
  console.log(`one host   snapshot --ssh ${ms(one)} (goal <= 1000 ms) ${verdict(one <= 1000)}   | of it bare ssh + collector ${ms(sshOne)}`);
  console.log(`collector  on the host    ${ms(collector)}  node -e 0 ${ms(node)}  ratio ${(collector / node).toFixed(2)} (goal <= 1) ${verdict(collector <= node)}`);
  // (b) 20 hosts at parallel 8, against 20 bare ssh runs of the collector at the same parallelism
  const floor = await median(() => parallel(HOSTS, 8, bareSsh));
  const fleet = await median(() => once(process.execPath, [cli, 'snapshot', '--ssh', HOSTS.join(','), '--parallel', '8', '--timeout', '60', '--no-save', '--json']));
  console.log(`20 hosts   snapshot --ssh ${ms(fleet)}  floor (20 bare ssh, 8 at a time) ${ms(floor)}  ratio ${(fleet / floor).toFixed(2)} (goal <= 1.5) ${verdict(fleet <= 1.5 * floor)}`);
  console.log(`           20 hosts / one host: ${(fleet / one).toFixed(1)}x (informational: all 20 remote ends share this machine's ${spawnSync('nproc').stdout.toString().trim()} cores)`);
} finally {
  await server.stop();
}
