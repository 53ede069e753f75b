#!/usr/bin/env node
// Speed and memory of `hunt` against GNU `du --inodes -x` on the same large tree.
//
//   npm run build && node bench/hunt.mjs [--files 1000000] [--dir /tmp/pm-hunt-bench] [--runs 3] [--clean]
//
// The tree mimics the seed's outage: a WordPress object cache with hashed sub-folders holding most
// of the files, beside a smaller, deeper "system" tree. It is built once and reused (building a
// million files takes a while); --clean removes it afterwards. Both tools run warm (one untimed
// run each first), alternating, and the median of --runs is compared. Peak memory is the hunt
// child's maxRSS. Goals (issue 6): time ratio <= 1.0, peak memory < 300 MB.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({
  options: {
    files: { type: 'string', default: '1000000' },
    dir: { type: 'string', default: path.join(os.tmpdir(), 'pm-hunt-bench') },
    runs: { type: 'string', default: '3' },
    clean: { type: 'boolean', default: false },
  },
});
const files = Number(opt.files);
const runs = Math.max(1, Number(opt.runs));
const root = path.resolve(opt.dir);
const huntModule = path.join(here, '..', 'dist', 'hunt', 'hunt.js');
if (!existsSync(huntModule)) {
  console.error(`bench/hunt: ${huntModule} is missing; run \`npm run build\` first`);
  process.exit(2);
}

/** Builds the tree unless a marker says this exact size is already there. */
function build() {
  const marker = path.join(root, '.built');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === String(files)) return false;
  rmSync(root, { recursive: true, force: true });
  const cacheFiles = Math.round(files * 0.9);
  const object = path.join(root, 'var/www/blog/wp-content/cache/object');
  // W3TotalCache spreads keys over two levels of hashed folders.
  const fanout = 64;
  const perLeaf = Math.ceil(cacheFiles / (fanout * fanout));
  let made = 0;
  const t0 = Date.now();
  const touch = (p) => closeSync(openSync(p, 'w'));
  for (let a = 0; a < fanout && made < cacheFiles; a++) {
    for (let b = 0; b < fanout && made < cacheFiles; b++) {
      const leaf = path.join(object, a.toString(16).padStart(3, '0'), b.toString(16).padStart(3, '0'));
      mkdirSync(leaf, { recursive: true });
      for (let i = 0; i < perLeaf && made < cacheFiles; i++, made++) touch(path.join(leaf, `${i.toString(36)}.php`));
    }
    if (process.stderr.isTTY) process.stderr.write(`\rbuilding ${root}: ${made} files`);
  }
  // The rest: a deeper tree of small folders, like /usr.
  let rest = files - made;
  for (let d = 0; rest > 0; d++) {
    const dir = path.join(root, 'usr/share', `pkg${d % 200}`, `sub${d}`);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 25 && rest > 0; i++, rest--) writeFileSync(path.join(dir, `f${i}`), 'x'.repeat(i * 40));
  }
  writeFileSync(marker, String(files));
  process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}built ${root}: ${files} files in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return true;
}

function time(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return { ms, out: r.stdout };
}

const runner = `
import { hunt } from ${JSON.stringify(huntModule)};
const r = await hunt({ path: process.argv[1], by: 'inodes', top: 10 });
process.stdout.write(JSON.stringify({ total: r.total, top: r.entries[0], maxRSS: process.resourceUsage().maxRSS * 1024 }));
`;
const du = () => time('du', ['--inodes', '-x', '-s', root]);
const pm = () => time(process.execPath, ['--input-type=module', '-e', runner, root]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

build();
du();
pm(); // warm the dentry cache for both
const duMs = [];
const pmMs = [];
let last;
for (let i = 0; i < runs; i++) {
  duMs.push(du().ms);
  const r = pm();
  pmMs.push(r.ms);
  last = JSON.parse(r.out);
}
const duInodes = Number(du().out.split('\t')[0]);
// du's peak memory, where GNU time is installed (its %M is maxRSS in KiB).
let duMb = null;
if (existsSync('/usr/bin/time')) {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'du', '--inodes', '-x', '-s', root], { encoding: 'utf8' });
  const kb = Number(r.stderr.trim().split('\n').pop());
  if (r.status === 0 && kb > 0) duMb = kb / 1024;
}
const ratio = median(pmMs) / median(duMs);
const mb = last.maxRSS / 2 ** 20;
console.log(`tree: ${root} (${files} files; du counts ${duInodes} inodes, hunt ${last.total.inodes})`);
console.log(`top entry: ${last.top.path} (${last.top.inodes} inodes)`);
console.log(`du --inodes -x: ${median(duMs).toFixed(0)} ms   hunt: ${median(pmMs).toFixed(0)} ms   (median of ${runs})`);
console.log(`time ratio hunt/du: ${ratio.toFixed(2)}  (goal <= 1.00) ${ratio <= 1 ? 'ok' : 'MISSED'}`);
console.log(`peak memory (maxRSS): ${mb.toFixed(0)} MB  (goal < 300 MB) ${mb < 300 ? 'ok' : 'MISSED'}` + (duMb ? `   du: ${duMb.toFixed(0)} MB, ratio ${(mb / duMb).toFixed(1)}` : ''));
if (opt.clean) rmSync(root, { recursive: true, force: true });
