// Renders incident jobs on every core: worker threads take batches (small enough to balance, large
// enough that messaging is cheap). Few jobs, or running from TypeScript sources (tests), render
// in this thread: starting a worker costs more than a handful of pages.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runJob, type IncidentJob, type JobResult } from './job.js';

const WORKER = new URL('./worker.js', import.meta.url);
/** Below this many documents one thread is faster than starting workers. */
const MIN_PARALLEL = 48;

export interface PoolOptions {
  /** Threads to use; default: the cores available. */
  threads?: number;
  onProgress?: (done: number, total: number) => void;
}

export function workerAvailable(): boolean {
  return WORKER.protocol === 'file:' && existsSync(fileURLToPath(WORKER));
}

export async function renderAll(jobs: IncidentJob[], o: PoolOptions = {}): Promise<JobResult[]> {
  const threads = Math.max(1, o.threads ?? availableParallelism());
  if (jobs.length < MIN_PARALLEL || threads === 1 || !workerAvailable()) {
    const out: JobResult[] = [];
    for (const j of jobs) {
      out.push(runJob(j));
      o.onProgress?.(out.length, jobs.length);
    }
    return out;
  }
  const batch = Math.max(4, Math.min(32, Math.ceil(jobs.length / (threads * 8))));
  const results: JobResult[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const workers = Array.from({ length: Math.min(threads, Math.ceil(jobs.length / batch)) }, () =>
    // A larger young generation: the Markdown parser allocates many short-lived objects, and
    // fewer scavenges make it markedly faster.
    new Worker(WORKER, { resourceLimits: { maxYoungGenerationSizeMb: 96 } }),
  );
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let from = 0;
            const send = () => {
              if (next >= jobs.length) return resolve();
              from = next;
              next = Math.min(jobs.length, next + batch);
              w.postMessage(jobs.slice(from, next));
            };
            w.on('message', (res: JobResult[]) => {
              for (let i = 0; i < res.length; i++) results[from + i] = res[i]!;
              done += res.length;
              o.onProgress?.(done, jobs.length);
              send();
            });
            w.on('error', reject);
            w.on('exit', (code) => (next < jobs.length || code !== 0 ? reject(new Error(`render worker exited with code ${code}`)) : resolve()));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
