// Prometheus text exposition format (version 0.0.4), the one node_exporter's textfile collector
// reads: HELP and TYPE once per family, samples grouped under them, label values escaped. Pure: data
// in, text out, tested on literal families.

export type MetricType = 'gauge' | 'counter';

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label values: backslash, double quote and line feed escaped (the format's only three). */
export const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
/** HELP text: backslash and line feed escaped (quotes stay). */
export const escapeHelp = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/** Go's float formatting as Prometheus parses it: +Inf, -Inf, NaN, else the shortest exact decimal. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/**
 * The families as exposition text. Throws on a bad metric or label name, a counter without `_total`,
 * a name used twice or a duplicate series: those are our bugs, and promtool would refuse the file.
 */
export function serialize(families: Family[]): string {
  const out: string[] = [];
  const names = new Set<string>();
  for (const f of families) {
    if (!NAME.test(f.name)) throw new Error(`metric name "${f.name}": expected [a-zA-Z_:][a-zA-Z0-9_:]*`);
    if (f.type === 'counter' && !f.name.endsWith('_total')) throw new Error(`counter ${f.name}: expected a name ending in _total`);
    if (names.has(f.name)) throw new Error(`metric ${f.name}: family written twice`);
    names.add(f.name);
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    const seen = new Set<string>();
    for (const s of f.samples) {
      const pairs = Object.entries(s.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [k] of pairs) if (!LABEL.test(k) || k.startsWith('__')) throw new Error(`metric ${f.name}: label name "${k}": expected [a-zA-Z_][a-zA-Z0-9_]* not starting with __`);
      const labels = pairs.length ? `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
      if (seen.has(labels)) throw new Error(`metric ${f.name}${labels}: series written twice`);
      seen.add(labels);
      out.push(`${f.name}${labels} ${formatValue(s.value)}`);
    }
  }
  return out.join('\n') + '\n';
}

/** Series in the families (what --json reports and the README's bound is about). */
export const seriesCount = (families: Family[]): number => families.reduce((n, f) => n + f.samples.length, 0);
