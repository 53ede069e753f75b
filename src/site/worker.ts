// A render worker: takes batches of incident jobs, answers with their results.
import { parentPort } from 'node:worker_threads';
import { runJob, type IncidentJob } from './job.js';

parentPort!.on('message', (batch: IncidentJob[]) => {
  parentPort!.postMessage(batch.map(runJob));
});
