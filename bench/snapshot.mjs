// Speed goal of `snapshot` (issue 5): its own work stays small next to Node's start-up.
//   full snapshot <= 3x the wall time of a bare `node -e 0`
//   and <= 10x with 5,000 extra processes running (census and per-process fd counts grow with them)
// For scale it also times the by-hand first look (uptime; free; df -h; df -i; ps aux; ss -s), which
// covers a fraction of the resources. Run: npm run build && node bench/snapshot.mjs [runs]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const cli = path.join(import.meta.dirname, '../dist/cli.js');
if (!existsSync(cli)) {
  console.error('bench/snapshot: dist/cli.js missing; run npm run build first');
  process.exit(2);
}
const RUNS = Number(process.argv[2] ?? 15);
const EXTRA = 5000;

function wall(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return performance.now() - t0;
}
function median(cmd, args) {
  wall(cmd, args); // warm the page cache
  const xs = Array.from({ length: RUNS }, () => wall(cmd, args)).sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)];
}
const procCount = () => readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;

function measure(label) {
  const node = median(process.execPath, ['-e', '0']);
  const snap = median(process.execPath, [cli, 'snapshot', '--no-save', '--json']);
  const peer = median('sh', ['-c', 'uptime; free; df -h; df -i; ps aux; ss -s']);
  return { label, processes: procCount(), node, snap, peer, ratio: snap / node };
}

const row = (m, goal) =>
  `${m.label.padEnd(24)} ${String(m.processes).padStart(6)} procs  node -e 0 ${m.node.toFixed(0).padStart(4)} ms  snapshot ${m.snap.toFixed(0).padStart(5)} ms  ratio ${m.ratio.toFixed(2).padStart(5)} (goal <= ${goal})  ${m.ratio <= goal ? 'ok' : 'TOO SLOW'}  | by-hand first look ${m.peer.toFixed(0)} ms`;

const idle = measure('as is');
console.log(row(idle, 3));

// 5,000 extra processes: one shell starts them all in its own process group, killed at the end
const crowd = spawn('sh', ['-c', `i=0; while [ $i -lt ${EXTRA} ]; do sleep 600 & i=$((i+1)); done; wait`], { stdio: 'ignore', detached: true });
try {
  const target = procCount() + EXTRA - 50;
  for (let t = 0; procCount() < target && t < 600; t++) await new Promise((r) => setTimeout(r, 100));
  console.log(row(measure(`+${EXTRA} processes`), 10));
} finally {
  process.kill(-crowd.pid, 'SIGKILL');
}
