// One pull of the incident window: every panel's queries for the instances, and one query for what
// `export --textfile` adds; the answers become charts (evidence.ts, exported.ts).
import { chartsFrom, PANELS, type Chart } from './evidence.js';
import { exportedCharts, exportedQuery } from './exported.js';
import { instanceMatcher, type PromClient } from './query.js';

/** Runs every panel's queries for the instances over [start, end] (seconds); charts in panel order, ours last. */
export async function pullCharts(c: PromClient, instances: string[], start: number, end: number, step: number): Promise<Chart[]> {
  const sel = instanceMatcher(instances);
  const answers = await Promise.all(
    PANELS.map(async (p) => {
      const q = p.used(sel);
      const [used, limits] = await Promise.all([c.rangeQuery(q, start, end, step), p.limit ? c.rangeQuery(p.limit(sel), start, end, step) : Promise.resolve([])]);
      return chartsFrom(p, used, limits, q);
    }),
  );
  // everything `export --textfile` wrote, in one query (its label values are bounded there)
  const q = exportedQuery(sel);
  answers.push(exportedCharts(await c.rangeQuery(q, start, end, step), q));
  return answers.flat();
}
