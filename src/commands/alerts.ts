// `postmortem alerts`: Prometheus alerting rules for every limit the snapshot assesses, with the same
// thresholds (--threshold as for snapshot). YAML for a rule_files entry; --json prints the same structure.
import * as yaml from 'js-yaml';
import type { Globals } from '../context.js';
import { UsageError } from '../errors.js';
import { buildRules, DURATION, type RuleFile } from '../prom/alerts.js';
import { parseThresholds } from '../snapshot/thresholds.js';

export interface AlertsArgs {
  threshold?: string[];
  for?: string;
}

export async function run(args: AlertsArgs, _g: Globals): Promise<RuleFile> {
  const forDuration = args.for ?? '5m';
  if (!DURATION.test(forDuration)) throw new UsageError(`--for ${forDuration}: expected a Prometheus duration, e.g. 5m, 1h30m`);
  return buildRules(parseThresholds(args.threshold ?? []), forDuration);
}

export function format(d: RuleFile): string {
  // no line wrapping: an expression folded over lines reads worse than a long line
  return `# Prometheus alerting rules written by postmortem alerts; thresholds as in postmortem snapshot.\n${yaml.dump(d, { lineWidth: -1, noRefs: true })}`;
}
