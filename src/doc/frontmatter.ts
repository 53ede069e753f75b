import * as yaml from 'js-yaml';
import { InputError } from '../errors.js';
import type { FrontMatter } from './model.js';
import { countLines } from './outline.js';

// Front matter is YAML and nothing else. gray-matter evaluates `---js` blocks with eval by default
// (and `engines: {js: false}` does not stop it), so we read the fences and their language ourselves,
// refuse anything but YAML, and hand the text straight to js-yaml.
// CORE_SCHEMA: timestamps stay strings (keeping their UTC offset), no custom tags.
const loadYaml = (s: string): unknown => yaml.load(s, { schema: yaml.CORE_SCHEMA });

const OPEN = /^---([^\r\n]*)\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*\r?$/m;

/** Finds the front matter fences; null when the document has none. */
export function splitFrontMatter(source: string, file: string): { lang: string; yamlStart: number; yamlEnd: number; end: number } | null {
  const bom = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const open = OPEN.exec(source.slice(bom));
  if (!open) return null;
  const lang = open[1]!.trim();
  if (/^-/.test(open[1]!)) return null; // "----" is a thematic break, not a fence
  if (lang && !/^ya?ml$/i.test(lang))
    throw new InputError(file, 1, `front matter in "${lang}" is not allowed (it would run as code); expected YAML after "---"`);
  const yamlStart = bom + open[0].length;
  const rest = source.slice(yamlStart);
  const close = CLOSE.exec(rest);
  if (!close) throw new InputError(file, 1, 'front matter is not closed; expected a line "---" after the YAML');
  const yamlEnd = yamlStart + close.index;
  let end = yamlEnd + close[0].length;
  if (source[end] === '\n') end++;
  return { lang, yamlStart, yamlEnd, end };
}

export function parseFrontMatter(source: string, file: string): FrontMatter | null {
  const fences = splitFrontMatter(source, file);
  if (!fences) return null;
  const yamlText = source.slice(fences.yamlStart, fences.yamlEnd);
  let data: unknown;
  try {
    // The fences and the language are already checked above, so the YAML engine is called directly:
    // importing gray-matter costs ~40 ms, a third of `log`'s budget on a sick machine.
    data = loadYaml(yamlText);
  } catch (e) {
    const mark = (e as { mark?: { line?: number } }).mark;
    const line = mark?.line !== undefined ? countLines(source, fences.yamlStart) + mark.line : countLines(source, fences.yamlStart);
    const reason = (e as { reason?: string }).reason ?? (e as Error).message.split('\n')[0];
    throw new InputError(file, line, `invalid YAML front matter: ${reason}`);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw new InputError(file, countLines(source, fences.yamlStart), 'front matter must be a mapping of keys (key: value)');
  return { data: data as Record<string, unknown>, yamlStart: fences.yamlStart, yamlEnd: fences.yamlEnd, end: fences.end };
}
