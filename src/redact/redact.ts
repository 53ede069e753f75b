// The one gate for captured text (sos's model: redaction is the framework's job). Command lines,
// command output, process tables, kernel and log lines, remote captures: whatever the tool captured
// passes `redact` before it is stored, printed or published. The gate is a type: every writer of
// captured text (evidence files, snapshot JSON, timeline entries, evidence summaries) takes a
// `Redacted`, and only this module makes one, so a new capture path cannot forget it
// (test/redact/gate.test.ts checks that no other module forges the brand).
import { isSecretName, MASK, mightHoldSecret, redactText } from './rules.js';

export { isSecretName, MASK };

declare const brand: unique symbol;
/** Text that went through the gate. A plain string is not assignable to it. */
export type Redacted = string & { readonly [brand]: true };

/** The text with secrets replaced by "[redacted]", the names around them kept. Idempotent. */
export function redact(text: string): Redacted {
  return redactText(text) as Redacted;
}

/**
 * A command line (argv) as one redacted string, quoting arguments that need it. Each argument is
 * redacted on its own first (shell quoting of a quote, '\'', would hide "DB_PASSWORD='x'" from the
 * rules), then the line as a whole ("--password" and its value are two arguments).
 */
export function redactArgv(argv: string[]): Redacted {
  return redact(argv.map((a) => shellQuote(redactText(a))).join(' '));
}

export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * A JSON-like value with every string redacted and every value under a secret-named key masked
 * ({"password": 42} too). Strings with no keyword of any rule are kept as they are (fast path:
 * a snapshot holds thousands of paths and names).
 */
export function redactValue<T>(value: T): T {
  return walk(value) as T;
}

/** Keys repeat thousands of times in a snapshot ("id", "status", "pid"): judge each name once. */
const secretKeys = new Map<string, boolean>();
const secretKey = (k: string): boolean => {
  let s = secretKeys.get(k);
  if (s === undefined) secretKeys.set(k, (s = isSecretName(k)));
  return s;
};

function walk(v: unknown): unknown {
  if (typeof v === 'string') return mightHoldSecret(v) ? redactText(v) : v;
  if (Array.isArray(v)) return v.map(walk);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = (typeof x === 'string' || typeof x === 'number') && x !== '' && secretKey(k) ? MASK : walk(x);
    return out;
  }
  return v;
}

/** A value as JSON text for a file, through the gate. */
export function redactJson(value: unknown): Redacted {
  return (JSON.stringify(walk(value), null, 2) + '\n') as Redacted;
}
