import path from 'node:path';

/** Options every command receives: the global flags, resolved once. */
export interface Globals {
  /** The incidents folder (absolute). */
  dir: string;
  /** --incident: an incident id, or undefined for the active one. */
  incident?: string;
  json: boolean;
}

export function globalsFrom(opts: { dir?: string; incident?: string; json?: boolean }): Globals {
  const dir = path.resolve(opts.dir ?? process.env.POSTMORTEM_DIR ?? 'incidents');
  return { dir, incident: opts.incident, json: Boolean(opts.json) };
}
