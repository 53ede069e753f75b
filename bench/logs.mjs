#!/usr/bin/env node
// `logs` against grep on syslog-style lines: node bench/logs.mjs [--size 1G] [--clean].
// --no-grep-too also times `logs` without grep on its PATH (the JS prefilter).
// Writes the files to /tmp/pm-bench-logs (kept for the next run; --clean removes them), then times
// `grep -c -iE 'error|fail|cannot|unable|denied'` and `postmortem logs --json` on the same files in
// the same run, and reads the peak memory (VmHWM) of `logs` from /proc. Target: ratio <= 3, < 200 MB.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = '/tmp/pm-bench-logs';
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const args = process.argv.slice(2);
if (args.includes('--clean')) {
  rmSync(DIR, { recursive: true, force: true });
  console.log(`removed ${DIR}`);
  process.exit(0);
}
const sizeArg = args[args.indexOf('--size') + 1];
const size = args.includes('--size') ? parseSize(sizeArg) : 1 << 30;

function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)([KMG]?)$/i.exec(s ?? '');
  if (!m) throw new Error(`--size: expected e.g. 1G or 200M, got ${s}`);
  return Math.round(Number(m[1]) * { '': 1, K: 1 << 10, M: 1 << 20, G: 1 << 30 }[m[2].toUpperCase()]);
}

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const NORMAL = [
  (i) => `CRON[${i % 30000}]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)`,
  (i) => `systemd[1]: Started session ${i} of user www-data.`,
  (i) => `postfix/smtpd[${i % 9000}]: connect from unknown[10.0.${i % 255}.${i % 200}]`,
  (i) => `sshd[${i % 40000}]: Accepted publickey for deploy from 192.0.2.${i % 250} port ${40000 + (i % 20000)} ssh2`,
  (i) => `kernel: [${i}.123456] IPv4: martian source 10.0.0.${i % 255} from 10.0.0.1, on dev eth0`,
];
const ERRORS = [
  (i) => `sudo: unable to create sockets: No space left on device`,
  (i) => `postfix/smtpd[${i % 9000}]: fatal: open database /etc/postfix/virtual.db: No space left on device`,
  (i) => `mysqld[${i % 5000}]: [ERROR] Can't create/write to file '/tmp/ib${i.toString(16)}' (Errcode: 28 - No space left on device)`,
  (i) => `php-fpm[${i % 3000}]: [WARNING] [pool www] child ${i % 90000} exited on signal 9 (SIGKILL) after 12.3 seconds from start`,
];

async function generate(file, bytes) {
  if (existsSync(file) && statSync(file).size >= bytes) return;
  mkdirSync(DIR, { recursive: true });
  const out = createWriteStream(file);
  let written = 0, i = 0;
  const t0 = Date.UTC(2026, 2, 11, 0, 0, 0);
  while (written < bytes) {
    const lines = [];
    for (let k = 0; k < 2000; k++, i++) {
      const d = new Date(t0 + i * 40);
      const stamp = `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
      // about one line in 25 is an error, like a bad day
      const msg = i % 25 === 0 ? ERRORS[(i / 25) % ERRORS.length](i) : NORMAL[i % NORMAL.length](i);
      lines.push(`${stamp} web1 ${msg}\n`);
    }
    const chunk = lines.join('');
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  const when = new Date(Date.UTC(2026, 2, 20));
  utimesSync(file, when, when); // RFC 3164 lines take their year from the mtime
}

function timed(cmd, argv, env = {}) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '', peak = 0;
    child.stdout.on('data', (b) => (out += b));
    const poll = setInterval(() => {
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peak = Math.max(peak, kb);
      } catch {}
    }, 50);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ s: Number(process.hrtime.bigint() - t0) / 1e9, out, code, peakMb: peak / 1024 });
    });
  });
}

const files = [path.join(DIR, 'syslog.1'), path.join(DIR, 'syslog')];
if (!existsSync(CLI)) throw new Error('build first: npx tsc -p tsconfig.json');
console.log(`generating ${(size / (1 << 20)).toFixed(0)} MB in ${DIR} (kept; --clean removes) ...`);
for (const f of files) await generate(f, size / files.length);
spawnSync('cat', files, { stdio: ['ignore', 'ignore', 'inherit'] }); // warm the page cache for both
const grep = await timed('grep', ['-c', '-iE', 'error|fail|cannot|unable|denied', ...files]);
const logsArgs = [CLI, 'logs', '--json', '--no-journal', '--since', '2026-03-01T00:00:00Z', '--until', '2026-04-01T00:00:00Z', '--tz', 'UTC', ...files];
const logs = await timed(process.execPath, logsArgs);
// where there is no grep, the JS prefilter does it all: shown, not judged
const nogrep = args.includes('--no-grep-too') ? await timed(process.execPath, logsArgs, { PATH: '/nonexistent' }) : null;
if (logs.code !== 0) throw new Error(`logs exited with ${logs.code}`);
const r = JSON.parse(logs.out);
const ratio = logs.s / grep.s;
console.log(`grep -c -iE: ${grep.s.toFixed(2)} s (${grep.out.trim().split('\n').map((l) => l.split(':').pop()).join(' + ')} lines)`);
console.log(`postmortem logs: ${logs.s.toFixed(2)} s, ${r.matched} lines in ${r.clusters.length} shapes, peak ${logs.peakMb.toFixed(0)} MB`);
if (nogrep) console.log(`without grep on the PATH (JS prefilter): ${nogrep.s.toFixed(2)} s, ratio ${(nogrep.s / grep.s).toFixed(2)}, peak ${nogrep.peakMb.toFixed(0)} MB`);
console.log(`ratio ${ratio.toFixed(2)} (target <= 3), memory ${logs.peakMb < 200 ? 'under' : 'OVER'} 200 MB`);
process.exitCode = ratio <= 3 && logs.peakMb < 200 ? 0 : 1;
