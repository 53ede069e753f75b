#!/usr/bin/env node
// `npm start`: the main job on the bundled incidents. Each step is one CLI call; the run fails if a
// step fails.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const steps = [
  ['check', 'incidents'],
  ['list'],
  ['snapshot', '--no-save'], // this machine, right now: what is exhausted
  ['build', '--out', 'site'], // the incident site: open site/index.html
];

for (const args of steps) {
  process.stderr.write(`\n$ postmortem ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [cli, '--dir', 'incidents', ...args], { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`postmortem ${args[0]} exited ${r.status}\n`);
    process.exit(r.status ?? 1);
  }
}
