#!/usr/bin/env node
// Start-up and write cost of `log` into a 1 MB postmortem, against a bare `node -e 0` measured in the
// same run (issue 4: at most 3x).
//
//   npm run build && node bench/log.mjs [--runs 15] [--size 1000000]
//
// The document is the worked example padded with realistic timeline entries to --size bytes. The two
// commands alternate (so drift in machine load hits both), one warm-up run each first; the medians
// are compared. Every log run must succeed and the document must end with all entries present.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'dist', 'cli.js');
const { values: opt } = parseArgs({ options: { runs: { type: 'string', default: '15' }, size: { type: 'string', default: '1000000' } } });
const runs = Math.max(3, Number(opt.runs));
const size = Number(opt.size);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pm-log-bench-'));
const dir = path.join(tmp, 'incidents');
const incident = path.join(dir, '2026-03-14-bench');
mkdirSync(incident, { recursive: true });
const file = path.join(incident, 'postmortem.md');
const example = readFileSync(path.join(here, '..', 'incidents', '2026-03-14-blog-inode-quota', 'postmortem.md'), 'utf8').replace('status: resolved', 'status: investigating');
const lines = [];
for (let i = 0, len = example.length; len < size; i++) {
  const d = new Date(Date.UTC(2026, 2, 11, 21, 40) + i * 7000);
  const l = `- **${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} +00:00** — Padding entry ${i}: apache error log says "Cannot allocate memory" again, load 0.4, df -h 51 %.`;
  lines.push(l);
  len += l.length + 1;
}
writeFileSync(file, example.replace('## Hypotheses', `${lines.join('\n')}\n\n## Hypotheses`));
const bytes = readFileSync(file).length;

const env = { ...process.env, NO_COLOR: '1' };
function time(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

time(['-e', '0']);
time([cli, '--dir', dir, 'log', 'warm-up']);
const bare = [], log = [];
for (let i = 0; i < runs; i++) {
  bare.push(time(['-e', '0']));
  log.push(time([cli, '--dir', dir, 'log', `bench entry ${i}`]));
}
const text = readFileSync(file, 'utf8');
for (let i = 0; i < runs; i++) if (!text.includes(`— bench entry ${i}\n`)) throw new Error(`entry ${i} missing`);
rmSync(tmp, { recursive: true, force: true });

const ratio = median(log) / median(bare);
console.log(`document: ${(bytes / 1e6).toFixed(2)} MB, ${runs} runs each, alternating`);
console.log(`node -e 0          median ${median(bare).toFixed(1)} ms`);
console.log(`postmortem log     median ${median(log).toFixed(1)} ms`);
console.log(`ratio ${ratio.toFixed(2)}x (goal <= 3x) ${ratio <= 3 ? 'ok' : 'TOO SLOW'}`);
process.exitCode = ratio <= 3 ? 0 : 1;
