// Speed and memory goals of `watch` (issue 12):
//   CPU at --every 10s: <= 1 % of one core, averaged over a few minutes (utime+stime from /proc/PID/stat),
//   printed beside atop's own cost at the same interval (Debian's atop, installed with apt-get where
//   it is missing and we are root) as a ratio;
//   RSS flat: after 2,000 samples at most 10 % above the RSS after 200 (--rss: a fast interval).
// Run: npm run build && node bench/watch.mjs [--minutes 3] [--rss]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const cli = path.join(import.meta.dirname, '../dist/cli.js');
if (!existsSync(cli)) {
  console.error('bench/watch: dist/cli.js missing; run npm run build first');
  process.exit(2);
}
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const MINUTES = Number(arg('--minutes', 3));
const RSS = process.argv.includes('--rss');
const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);
const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-bench-watch-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) of a process so far. */
function cpu(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / TICK; // fields 14 and 15: utime, stime
}
const rssKiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

function start(cmd, args) {
  const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  p.stderr.on('data', (d) => (err += d));
  p.on('exit', (code) => code && code !== 0 && !p.stopping && console.error(`bench/watch: ${cmd} exited ${code}: ${err.trim()}`));
  return p;
}
const stop = async (p) => {
  p.stopping = true;
  p.kill('SIGTERM');
  await new Promise((r) => (p.exitCode !== null ? r() : p.once('exit', r)));
};

/** Debian's atop, installed with apt-get when missing (root only); null when it cannot be had. */
function atopBinary() {
  const has = () => spawnSync('sh', ['-c', 'command -v atop'], { encoding: 'utf8' }).stdout.trim() || null;
  if (has()) return has();
  if (process.getuid?.() !== 0) return null;
  console.log('installing atop with apt-get for the comparison…');
  spawnSync('apt-get', ['install', '-y', '-q', 'atop'], { stdio: 'ignore' });
  return has();
}

async function cpuBench() {
  const ring = path.join(dir, 'watch.ring');
  const watch = start(process.execPath, [cli, 'watch', '--every', '10s', '--no-save', '--record', ring]);
  const atopBin = atopBinary();
  // atop writing its raw log every 10 s, like its daily service (which uses 600 s by default)
  const atop = atopBin ? start(atopBin, ['-w', path.join(dir, 'atop.raw'), '10']) : null;
  await sleep(15_000); // start-up (node's own, atop's first full sample) is not the steady cost
  const w0 = cpu(watch.pid);
  const a0 = atop ? cpu(atop.pid) : 0;
  const t0 = performance.now();
  await sleep(MINUTES * 60_000);
  const secs = (performance.now() - t0) / 1000;
  const w = ((cpu(watch.pid) - w0) / secs) * 100;
  const a = atop ? ((cpu(atop.pid) - a0) / secs) * 100 : null;
  await stop(watch);
  if (atop) await stop(atop);
  console.log(`watch --every 10s over ${secs.toFixed(0)} s: ${w.toFixed(3)} % of one core (goal <= 1 %) ${w <= 1 ? 'ok' : 'TOO MUCH'}`);
  if (a !== null) console.log(`atop -w raw 10     over ${secs.toFixed(0)} s: ${a.toFixed(3)} % of one core; watch / atop = ${(w / Math.max(a, 1e-6)).toFixed(2)}`);
  else console.log('atop: not installed and not installable here (not root or no apt-get): no comparison');
}

/** Samples so far, read from the ring the watcher writes. */
async function samplesIn(ring) {
  const { readRecording } = await import('../dist/watch/recorder.js');
  try {
    return readRecording(ring).samples.length;
  } catch {
    return 0;
  }
}

async function rssBench() {
  const ring = path.join(dir, 'fast.ring');
  const watch = start(process.execPath, [cli, 'watch', '--every', '20ms', '--no-save', '--record', ring, '--record-size', '4M']);
  // RSS swings with the garbage collector's cycle (tens of MiB of short-lived /proc text per few
  // samples): the median over 10 s at each point, not one reading at a random phase of the cycle.
  const at = async (n) => {
    for (;;) {
      const k = await samplesIn(ring);
      if (k >= n) break;
      if (watch.exitCode !== null) throw new Error('watch ended early');
      await sleep(500);
    }
    const xs = [];
    for (let i = 0; i < 40; i++, await sleep(250)) xs.push(rssKiB(watch.pid));
    return xs.sort((a, b) => a - b)[20];
  };
  const t0 = performance.now();
  const r200 = await at(200);
  const r2000 = await at(2000);
  const secs = (performance.now() - t0) / 1000;
  await stop(watch);
  const growth = (r2000 / r200 - 1) * 100;
  console.log(`median RSS after 200 samples ${(r200 / 1024).toFixed(1)} MiB, after 2,000 ${(r2000 / 1024).toFixed(1)} MiB: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} % (goal <= 10 %) ${growth <= 10 ? 'ok' : 'GROWS'}  (${secs.toFixed(0)} s, ${(secs * 1000 / 1800).toFixed(0)} ms per sample)`);
}

try {
  if (RSS) await rssBench();
  else await cpuBench();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
