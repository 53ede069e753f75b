// The language a build publishes in. One build renders one language, in the main thread and in
// every render worker, so the table is chosen once per process (`useLang`) and read as `L`: the
// pages need no extra parameter threaded through every call.
import { UsageError } from '../../errors.js';
import { de } from './de.js';
import { en, type Labels } from './en.js';

export type { Labels };

export const LANGUAGES: Record<string, Labels> = { en, de };

export let L: Labels = en;

/** Picks the language for this process; an unknown one is a usage error naming those there are. */
export function useLang(lang: string | undefined): Labels {
  const table = LANGUAGES[(lang ?? 'en').toLowerCase()];
  if (!table) throw new UsageError(`unknown language "${lang}": expected one of ${Object.keys(LANGUAGES).join(', ')}`);
  return (L = table);
}
