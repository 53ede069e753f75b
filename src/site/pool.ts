// Renders incident jobs on every core: worker threads take batches (small enough to balance, large
// enough that messaging is cheap). Few jobs, or running from TypeScript sources (tests), render
// in this thread: starting a worker costs more than a handful of pages. Workers can be started
// before the jobs are known, so their start-up overlaps reading the incidents.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runJob, type IncidentJob, type JobResult } from './job.js';

const WORKER = new URL('./worker.js', import.meta.url);
/** Below this many documents one thread is faster than starting workers. */
export const MIN_PARALLEL = 48;

export function workerAvailable(): boolean {
  return WORKER.protocol === 'file:' && existsSync(fileURLToPath(WORKER));
}

export class RenderPool {
  private workers: Worker[] = [];

  /** Starts `threads` workers now (none when workers are unavailable or one thread is asked). */
  constructor(threads = availableParallelism()) {
    if (threads < 2 || !workerAvailable()) return;
    // A larger young generation: the Markdown parser allocates many short-lived objects, and
    // fewer scavenges make it markedly faster.
    for (let i = 0; i < threads; i++) this.workers.push(new Worker(WORKER, { resourceLimits: { maxYoungGenerationSizeMb: 96 } }));
  }

  get started(): boolean {
    return this.workers.length > 0;
  }

  async run(jobs: IncidentJob[], onProgress?: (done: number, total: number) => void): Promise<JobResult[]> {
    if (!this.workers.length || jobs.length < MIN_PARALLEL) {
      const out: JobResult[] = [];
      for (const j of jobs) {
        out.push(runJob(j));
        onProgress?.(out.length, jobs.length);
      }
      return out;
    }
    const batch = Math.max(4, Math.min(32, Math.ceil(jobs.length / (this.workers.length * 8))));
    const results: JobResult[] = new Array(jobs.length);
    let next = 0;
    let done = 0;
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let from = 0;
            const send = () => {
              if (next >= jobs.length) return finish(resolve);
              from = next;
              next = Math.min(jobs.length, next + batch);
              w.postMessage(jobs.slice(from, next));
            };
            const onMessage = (res: JobResult[]) => {
              for (let i = 0; i < res.length; i++) results[from + i] = res[i]!;
              done += res.length;
              onProgress?.(done, jobs.length);
              send();
            };
            const onError = (e: Error) => finish(() => reject(e));
            const onExit = (code: number) => finish(() => reject(new Error(`render worker exited with code ${code}`)));
            const finish = (then: () => void) => {
              w.off('message', onMessage).off('error', onError).off('exit', onExit);
              then();
            };
            w.on('message', onMessage).on('error', onError).on('exit', onExit);
            send();
          }),
      ),
    );
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}

/** Renders all jobs with a pool started for them. */
export async function renderAll(jobs: IncidentJob[], o: { threads?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<JobResult[]> {
  const pool = new RenderPool(jobs.length >= MIN_PARALLEL ? o.threads : 1);
  try {
    return await pool.run(jobs, o.onProgress);
  } finally {
    await pool.close();
  }
}
