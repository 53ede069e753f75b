// A long document is rendered in a worker of its own whose heap is capped. V8 lets a heap grow to
// about four times what is alive before it collects, and parsing Markdown allocates heavily:
// uncapped, a 10 MB postmortem (about 250 MB alive) took the process past 1 GB. Capped, V8
// collects sooner. Should a document need more than the cap, it is rendered again in this thread,
// uncapped: slower to collect, never a failed build.
import { Worker } from 'node:worker_threads';
import { runJob, type IncidentJob, type JobResult } from './job.js';
import { workerAvailable } from './pool.js';

/** Documents from this size on are rendered in a capped worker. */
export const BIG_DOC = 1024 * 1024;

/** Heap for one document: about 25 times its size is alive at the peak; twice that leaves room to collect. */
const heapCapMb = (bytes: number): number => Math.max(256, Math.ceil((48 * bytes) / (1024 * 1024)));

export async function renderCapped(job: IncidentJob): Promise<JobResult> {
  if (!workerAvailable()) return runJob(job);
  const worker = new Worker(new URL('./worker.js', import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: heapCapMb(job.bytes.byteLength), maxYoungGenerationSizeMb: 32 },
  });
  try {
    const res = await new Promise<JobResult[]>((resolve, reject) => {
      worker.once('message', resolve).once('error', reject).once('exit', (code) => reject(new Error(`exited with code ${code}`)));
      worker.postMessage([job]);
    });
    return res[0]!;
  } catch {
    return runJob(job); // out of its heap (or the worker died): render uncapped here
  } finally {
    await worker.terminate();
  }
}
