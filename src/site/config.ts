// The site's own settings, kept beside the incidents in `site.yml` so every build of the same
// history (a laptop, CI) publishes the same site without repeating flags. Flags win over the file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { InputError } from '../errors.js';

export interface SiteConfig {
  title?: string;
  lang?: string;
  baseUrl?: string;
}

export const CONFIG_FILE = 'site.yml';

const KEYS: Record<string, keyof SiteConfig> = { title: 'title', lang: 'lang', base_url: 'baseUrl' };

/** Parses site.yml's text; errors name the file and the line of the key at fault. */
export function parseSiteConfig(text: string, file: string): SiteConfig {
  if (!/^[ \t]*[^#\s]/m.test(text)) return {}; // empty or comments only (js-yaml 5 refuses an empty document)
  let data: unknown;
  try {
    data = yaml.load(text, { schema: yaml.CORE_SCHEMA }); // plain data: no tags, nothing evaluated
  } catch (e) {
    const mark = (e as yaml.YAMLException).mark;
    throw new InputError(file, mark ? mark.line + 1 : undefined, `not valid YAML: ${(e as yaml.YAMLException).reason ?? (e as Error).message}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new InputError(file, 1, 'expected keys such as "title:" and "lang:"');
  const lineOf = (key: string) => {
    const i = text.split(/\r?\n/).findIndex((l) => l.startsWith(`${key}:`) || l.startsWith(`"${key}":`));
    return i < 0 ? undefined : i + 1;
  };
  const out: SiteConfig = {};
  for (const [key, value] of Object.entries(data)) {
    const field = KEYS[key];
    if (!field) throw new InputError(file, lineOf(key), `unknown key "${key}": expected ${Object.keys(KEYS).join(', ')}`);
    if (typeof value !== 'string' || !value.trim()) throw new InputError(file, lineOf(key), `"${key}" must be text`);
    out[field] = value.trim();
  }
  return out;
}

/** The incidents folder's site.yml, or {} when there is none. */
export function readSiteConfig(dir: string): SiteConfig {
  const file = path.join(dir, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new InputError(file, undefined, (e as Error).message);
  }
  return parseSiteConfig(text, file);
}
