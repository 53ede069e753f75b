#!/usr/bin/env node
// The floor for `build`: the bare unified pipeline (remark-parse, remark-gfm, remark-rehype,
// rehype-sanitize, rehype-stringify) over every incidents/*/postmortem.md, on as many worker
// threads as `build` uses (one per core), and nothing else: no index, stats, feeds, search, cache,
// snapshots or writing. bench/build.mjs runs it as a process of its own, timed like our CLI.
//   node bench/bare-unified.mjs <incidents-dir>
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const FRONT_MATTER = /^---\r?\n[\s\S]*?\r?\n---\r?\n/;

if (isMainThread) {
  const dir = process.argv[2];
  const files = readdirSync(dir)
    .map((d) => path.join(dir, d, 'postmortem.md'))
    .filter((f) => {
      try {
        return readFileSync(f).length >= 0;
      } catch {
        return false;
      }
    });
  const n = Math.max(1, Math.min(availableParallelism(), files.length));
  const shares = Array.from({ length: n }, (_, i) => files.filter((_, k) => k % n === i));
  const bytes = await Promise.all(
    shares.map(
      (share) =>
        new Promise((resolve, reject) => {
          const w = new Worker(new URL(import.meta.url), { workerData: share });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  console.log(`rendered ${files.length} documents on ${n} threads, ${bytes.reduce((a, b) => a + b, 0)} bytes of HTML`);
} else {
  const [{ unified }, remarkParse, remarkGfm, remarkRehype, rehypeSanitize, rehypeStringify] = await Promise.all([
    import('unified'),
    import('remark-parse').then((m) => m.default),
    import('remark-gfm').then((m) => m.default),
    import('remark-rehype').then((m) => m.default),
    import('rehype-sanitize').then((m) => m.default),
    import('rehype-stringify').then((m) => m.default),
  ]);
  const proc = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize).use(rehypeStringify).freeze();
  let bytes = 0;
  for (const f of workerData) bytes += String(proc.processSync(readFileSync(f, 'utf8').replace(FRONT_MATTER, ''))).length;
  parentPort.postMessage(bytes);
}
