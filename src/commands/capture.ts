// `postmortem capture --script`: prints the collector, for hosts without Node (and to read it first).
import { UsageError } from '../errors.js';
import { collectorScript } from '../remote/collector.js';

export async function run(args: { script?: boolean }): Promise<string> {
  if (!args.script) throw new UsageError('capture: expected --script (prints the collector: sh collect.sh > host.pmcap)');
  return collectorScript();
}

export function format(script: string): string {
  return script;
}
