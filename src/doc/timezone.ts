// The zone a document declares with `timezone: Europe/Berlin`: new entries are written in it and
// local-time inputs ("09:12", "yesterday 14:00") are read in it, so a UTC server and a team in
// Berlin write the same stamps. Undefined when the document declares none (then the local zone).
import { InputError } from '../errors.js';
import { checkZone } from '../util/zone.js';
import { parseFrontMatter } from './frontmatter.js';
import { readText } from './load.js';
import { countLines } from './outline.js';

export function zoneOf(source: string, file = ''): string | undefined {
  const fm = parseFrontMatter(source, file);
  const tz = fm?.data.timezone;
  if (tz === undefined || tz === null || tz === '') return undefined;
  const zone = typeof tz === 'string' ? checkZone(tz) : null;
  if (zone) return zone;
  // A wrong zone would put every new entry at the wrong hour: refuse rather than guess.
  const at = /^timezone[ \t]*:/m.exec(source.slice(fm!.yamlStart, fm!.yamlEnd));
  const line = countLines(source, fm!.yamlStart + (at?.index ?? 0));
  throw new InputError(file, line, `unknown timezone "${String(tz)}", expected an IANA name such as Europe/Berlin or UTC`);
}

export async function zoneOfFile(file: string): Promise<string | undefined> {
  return zoneOf(await readText(file), file);
}
