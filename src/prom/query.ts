// Prometheus's HTTP API, read side: query_range and the instance label's values, through Node's
// built-in fetch with a deadline (a dead Prometheus must not hang the command). Fetching is split
// from parsing: parseApiResponse and parseMatrix take the response text and are tested on literal
// JSON. Every failure is a PmError with one line that names the URL.
import { PmError } from '../errors.js';
import { httpUrl } from '../util/http-url.js';

/** One time series of a range query: its labels and [unix seconds, value] pairs (finite values only). */
export interface RangeSeries {
  labels: Record<string, string>;
  points: [number, number][];
}

/** Seconds to wait for an answer: Prometheus answers in milliseconds or not at all. */
export const TIMEOUT_S = 15;

/** The base URL without credentials, for messages and the evidence file (user:password@ would be published). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** Checks and normalises --url: http(s) only, no trailing slash. */
export function baseUrl(url: string): string | null {
  return httpUrl(url)?.toString().replace(/\/+$/, '') ?? null;
}

/**
 * The `data` of an API answer, or a PmError saying what was wrong: not JSON (some other server on
 * that port), `status: "error"` (Prometheus refused the query), or an HTTP error without a body.
 */
export function parseApiResponse(text: string, httpStatus: number, where: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const first = text.trim().split('\n')[0]?.slice(0, 80) ?? '';
    throw new PmError(`${where}: not a Prometheus API answer (HTTP ${httpStatus}${first ? `, "${first}"` : ', empty body'}); expected JSON with "status"`);
  }
  const o = body as { status?: unknown; data?: unknown; error?: unknown; errorType?: unknown };
  if (!o || typeof o !== 'object' || (o.status !== 'success' && o.status !== 'error'))
    throw new PmError(`${where}: not a Prometheus API answer (HTTP ${httpStatus}); expected JSON with "status": "success"`);
  if (o.status === 'error') throw new PmError(`${where}: Prometheus refused the query (${String(o.errorType ?? 'error')}: ${String(o.error ?? 'no reason given')})`);
  if (httpStatus < 200 || httpStatus >= 300) throw new PmError(`${where}: HTTP ${httpStatus}`);
  return o.data;
}

/** The series of a query_range answer's `data` (resultType "matrix"); NaN and ±Inf samples are dropped. */
export function parseMatrix(data: unknown, where: string): RangeSeries[] {
  const d = data as { resultType?: unknown; result?: unknown };
  if (!d || typeof d !== 'object' || d.resultType !== 'matrix' || !Array.isArray(d.result))
    throw new PmError(`${where}: expected a range query result (resultType "matrix"), got ${d && typeof d === 'object' ? `"${String(d.resultType)}"` : typeof d}`);
  return d.result.map((r: { metric?: unknown; values?: unknown }) => {
    const labels: Record<string, string> = {};
    if (r?.metric && typeof r.metric === 'object') for (const [k, v] of Object.entries(r.metric)) if (typeof v === 'string') labels[k] = v;
    const points: [number, number][] = [];
    for (const p of Array.isArray(r?.values) ? r.values : []) {
      if (!Array.isArray(p) || p.length < 2) continue;
      const t = Number(p[0]);
      const v = Number(p[1]); // values are strings ("NaN", "+Inf" too)
      if (Number.isFinite(t) && Number.isFinite(v)) points.push([t, v]);
    }
    return { labels, points };
  });
}

/** The values of a label/<name>/values answer's `data`. */
export function parseLabelValues(data: unknown, where: string): string[] {
  if (!Array.isArray(data)) throw new PmError(`${where}: expected a list of label values`);
  return data.filter((v): v is string => typeof v === 'string').sort();
}

/** A step in whole seconds that gives about `points` points over [start, end] (seconds). */
export function stepFor(start: number, end: number, points = 300): number {
  return Math.max(1, Math.ceil((end - start) / points));
}

/** A string as a literal inside a PromQL regex matcher (RE2, inside a double-quoted string). */
export function regexLiteral(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&').replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** `instance=~"^(a|b)$"` for exact instance values. */
export function instanceMatcher(instances: string[]): string {
  return `instance=~"${instances.map(regexLiteral).join('|')}"`;
}

/** The host part of an instance label: "web-3:9100" -> "web-3", "[::1]:9100" -> "::1". */
export function hostOf(instance: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(instance);
  if (v6) return v6[1]!;
  const m = /^([^:]+):\d+$/.exec(instance);
  return m ? m[1]! : instance;
}

/**
 * Instances that belong to `host`: with a port, the instance itself; without one, any port on
 * that host, and a short name matches its FQDN either way (web-3 and web-3.example.com:9100).
 */
export function instancesOf(host: string, instances: string[]): string[] {
  const h = host.trim().toLowerCase();
  const hasPort = /^\[[^\]]+\]:\d+$/.test(h) || /^[^:]+:\d+$/.test(h);
  return instances.filter((i) => {
    const il = i.toLowerCase();
    if (hasPort) return il === h;
    const part = hostOf(il);
    // web-3 matches web-3.example.com and the other way round; 10.0.0.1 never matches 10.0.0.10
    return part === h || part === h.replace(/^\[|\]$/g, '') || part.startsWith(`${h}.`) || (h.startsWith(`${part}.`) && !/^[\d.]+$/.test(h));
  });
}

export interface PromClient {
  url: string;
  rangeQuery(query: string, start: number, end: number, step: number): Promise<RangeSeries[]>;
  instances(start: number, end: number): Promise<string[]>;
}

/** A client for the Prometheus at `url` (already checked by baseUrl). */
export function client(url: string, timeoutS = TIMEOUT_S): PromClient {
  const shown = displayUrl(url);
  // fetch refuses a URL with credentials: they go into a Basic authorization header instead
  const u = new URL(url);
  const auth = u.username ? `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}` : null;
  const base = shown;
  const get = async (path: string, params: Record<string, string>): Promise<unknown> => {
    const where = `Prometheus at ${shown}`;
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${base}${path}?${new URLSearchParams(params)}`, { signal: AbortSignal.timeout(timeoutS * 1000), headers: { accept: 'application/json', ...(auth ? { authorization: auth } : {}) } });
      text = await res.text();
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === 'TimeoutError' || err.name === 'AbortError') throw new PmError(`${where} did not answer within ${timeoutS} s`);
      const why = err.cause?.code ?? err.cause?.message ?? err.message;
      throw new PmError(`${where} is unreachable (${why}); check --url or $PROMETHEUS_URL`);
    }
    return parseApiResponse(text, res.status, where);
  };
  return {
    url: shown,
    async rangeQuery(query, start, end, step) {
      const data = await get('/api/v1/query_range', { query, start: String(start), end: String(end), step: String(step) });
      return parseMatrix(data, `Prometheus at ${shown}, query ${query}`);
    },
    async instances(start, end) {
      const data = await get('/api/v1/label/instance/values', { start: String(start), end: String(end) });
      return parseLabelValues(data, `Prometheus at ${shown}`);
    },
  };
}
