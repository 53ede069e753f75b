// Front matter edits as text: one top-level key's value is replaced (or the key appended), and every
// other byte of the YAML block stays as written: other keys, their order, quoting and comments.
// js-yaml's dump would reformat the whole block and drop comments, so it only checks our work.
import * as yaml from 'js-yaml';
import { PmError } from '../errors.js';
import { splitFrontMatter } from './frontmatter.js';

export type FrontMatterValue = string | string[] | boolean;

const load = (text: string): unknown => yaml.load(text, { schema: yaml.CORE_SCHEMA });

/** A YAML scalar for `value`: plain when it reads back unchanged, else a JSON (double-quoted) string. */
export function yamlScalar(value: string, inFlow = false): string {
  const plain = /^[^\s\-?:,[\]{}#&*!|>'"%@`][^\n]*$/.test(value) && !/:\s|\s#|\s$/.test(value) && !(inFlow && /[,[\]{}]/.test(value));
  if (plain) {
    try {
      const back = load(inFlow ? `k: [${value}]` : `k: ${value}`) as { k: unknown };
      if ((inFlow ? (back.k as unknown[])[0] : back.k) === value) return value;
    } catch {
      /* not plain after all */
    }
  }
  return JSON.stringify(value);
}

export function yamlValue(value: FrontMatterValue): string {
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => yamlScalar(v, true)).join(', ')}]`;
  return yamlScalar(value);
}

interface KeySpan {
  /** Offset where the key's line begins. */
  start: number;
  /** Offset just after the key's last line (its continuation lines included) and its line break. */
  end: number;
  /** Offset where the value text begins (just after "key:"). */
  valueStart: number;
  /** Offset where the value ends (before a trailing comment on the key's line, or after its last continuation line). */
  valueEnd: number;
}

/** Where a top-level key's value sits in `source` (offsets into the whole document), or null. */
export function findKey(source: string, yamlStart: number, yamlEnd: number, key: string): KeySpan | null {
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const head = new RegExp(`^(?:${esc}|"${esc}"|'${esc}')[ \\t]*:(?=[ \\t]|\\r?$)`);
  for (let start = yamlStart; start < yamlEnd; ) {
    const nl = source.indexOf('\n', start);
    const end = nl === -1 || nl >= yamlEnd ? yamlEnd : nl + 1;
    const line = source.slice(start, end).replace(/\r?\n$/, '');
    const m = head.exec(line);
    if (!m) {
      start = end;
      continue;
    }
    const valueStart = start + m[0].length;
    const inline = line.slice(m[0].length);
    // The same-line value ends where a comment begins (outside quotes).
    let valueEnd = start + line.length;
    const q = /^[ \t]*(["'])/.exec(inline);
    const from = q ? closingQuote(inline, q[0].length - 1) : 0;
    const hash = /[ \t]+#/.exec(inline.slice(from));
    if (hash) valueEnd = valueStart + from + hash.index;
    // Continuation lines (block lists, block scalars, folded plain scalars) belong to the value.
    let p = end;
    let lastContent = -1;
    let lastEnd = end;
    while (p < yamlEnd) {
      const n2 = source.indexOf('\n', p);
      const e2 = n2 === -1 || n2 >= yamlEnd ? yamlEnd : n2 + 1;
      const l2 = source.slice(p, e2).replace(/\r?\n$/, '');
      if (/^[ \t]*$/.test(l2)) {
        p = e2;
        continue;
      }
      if (!/^[ \t]/.test(l2) && !(/^-(?:[ \t]|$)/.test(l2) && inline.trim() === '')) break;
      lastContent = p + l2.length;
      lastEnd = e2;
      p = e2;
    }
    if (lastContent !== -1) valueEnd = lastContent;
    return { start, end: lastEnd, valueStart, valueEnd };
  }
  return null;
}

function closingQuote(s: string, open: number): number {
  const ch = s[open]!;
  for (let i = open + 1; i < s.length; i++) {
    if (ch === '"' && s[i] === '\\') i++;
    else if (s[i] === ch) {
      if (ch === "'" && s[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return s.length;
}

/**
 * Sets a top-level front matter key to `value`: replaces its value in place, or appends the key at
 * the end of the block, or creates the block when the document has none. Checks that the edited
 * YAML reads back with the new value and every other key unchanged.
 */
export function setFrontMatterKey(source: string, key: string, value: FrontMatterValue, file = ''): string {
  if (!/^[A-Za-z_][\w-]*$/.test(key)) throw new PmError(`invalid front matter key "${key}"`);
  const text = yamlValue(value);
  const fm = splitFrontMatter(source, file);
  let out: string;
  if (!fm) {
    const bom = source.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
    const eol = /\r\n/.test(source.slice(0, 2000)) ? '\r\n' : '\n';
    out = `${bom}---${eol}${key}: ${text}${eol}---${eol}${source.slice(bom.length)}`;
  } else {
    const eol = source.slice(fm.yamlStart - 2, fm.yamlStart) === '\r\n' ? '\r\n' : '\n';
    const span = findKey(source, fm.yamlStart, fm.yamlEnd, key);
    if (span) out = source.slice(0, span.valueStart) + ` ${text}` + source.slice(span.valueEnd);
    else {
      const sep = fm.yamlEnd > fm.yamlStart && source[fm.yamlEnd - 1] !== '\n' ? eol : '';
      out = source.slice(0, fm.yamlEnd) + `${sep}${key}: ${text}${eol}` + source.slice(fm.yamlEnd);
    }
  }
  verify(source, out, key, value, file);
  return out;
}

/**
 * Removes a top-level key: its line and the continuation lines of its value (a block list), nothing
 * else. Returns the source unchanged when the key is not there.
 */
export function removeFrontMatterKey(source: string, key: string, file = ''): string {
  const fm = splitFrontMatter(source, file);
  const span = fm && findKey(source, fm.yamlStart, fm.yamlEnd, key);
  if (!span) return source;
  const out = source.slice(0, span.start) + source.slice(span.end);
  verify(source, out, key, undefined, file);
  return out;
}

function dataOf(source: string, file: string): Record<string, unknown> {
  const fm = splitFrontMatter(source, file);
  if (!fm) return {};
  return (load(source.slice(fm.yamlStart, fm.yamlEnd)) ?? {}) as Record<string, unknown>;
}

function verify(before: string, after: string, key: string, value: FrontMatterValue | undefined, file: string): void {
  const verb = value === undefined ? 'remove' : 'set';
  let old: Record<string, unknown>, now: Record<string, unknown>;
  try {
    old = dataOf(before, file);
    now = dataOf(after, file);
  } catch (e) {
    throw new PmError(`${file}: cannot ${verb} ${key}: the front matter would not be valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const bad = !same(now[key], value) || Object.keys(old).some((k) => k !== key && !same(old[k], now[k]));
  if (bad) throw new PmError(`${file}: cannot ${verb} ${key} safely in this front matter; edit it by hand`);
}
