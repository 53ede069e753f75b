// Ranks the knowledge base against one error message: which exhausted resources produce it.
import path from 'node:path';
import { mountPointOf, type Mount } from '../util/mountinfo.js';
import { findErrnos } from './errno.js';
import { KB, STRONG, type Env, type Resource } from './kb.js';

export interface Suspect {
  resource: string;
  title: string;
  /** How well the message fits; only the order is meaningful. */
  score: number;
  why: string;
  confirm: string[];
  /** Snapshot probes that can check it live. */
  probes: string[];
  /** The folder the message names and its mount point: the live check looks at that filesystem only. */
  place?: { dir: string; mount: string };
}

export interface RankOptions {
  /** Where we run; unknown (no adjustment) unless checked live. */
  env?: Env;
  kb?: Resource[];
  /** The mount table to find a named path's filesystem in (default: this machine's). */
  mounts?: Mount[];
}

/** Where the message happened: the folder of the first absolute path it names, and that folder's mount. */
export interface Place {
  dir: string;
  mount: string;
  /** The message names a path (else dir and mount are "/" for want of one). */
  named?: true;
}

export function placeOf(text: string, table?: Mount[]): Place {
  const m = /(?:^|[\s'"`(=])(\/[^\s'"`):,]*)/.exec(text);
  if (!m || m[1] === '/') return { dir: '/', mount: '/' };
  // The named file may be the one that could not be created: its folder exists.
  const dir = m[1]!.endsWith('/') ? m[1]!.replace(/\/+$/, '') || '/' : path.dirname(m[1]!);
  if (table) return { dir, mount: mountPointOf(dir, table), named: true };
  let mount = mounts.get(dir);
  if (mount === undefined) mounts.set(dir, (mount = mountPointOf(dir))); // reads the mount table: once per folder
  return { dir, mount, named: true };
}
const mounts = new Map<string, string>();

/** The paths come from pasted logs: quote them so a suggested command stays that command when pasted. */
export function shellQuote(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

export function fillConfirm(r: Resource, place: Place): string[] {
  return r.confirm.map((c) => c.replaceAll('{dir}', shellQuote(place.dir)).replaceAll('{mount}', shellQuote(place.mount)));
}

export function rank(text: string, opts: RankOptions = {}): Suspect[] {
  const errnos = findErrnos(text);
  let place: Place | undefined;
  const out: Suspect[] = [];
  for (const r of opts.kb ?? KB) {
    const fromErrno = errnos.filter((e) => (r.errnos[e] ?? 0) > 0);
    let score = fromErrno.reduce((s, e) => s + r.errnos[e]!, 0);
    const hits = r.signals.filter((s) => s.re.test(text));
    score += hits.reduce((s, h) => s + h.weight, 0);
    const strong = hits.some((h) => h.weight >= STRONG);
    if (!fromErrno.length && !strong) continue;
    // Where we run can at most double what the text says: an OpenVZ container makes every ENOSPC
    // a little more likely a beancounter, but no more than the message itself suggests.
    const envWeight = Math.min(opts.env ? (r.env?.[opts.env] ?? 0) : 0, score);
    score += envWeight;
    if (score <= 0) continue;
    const reasons = hits.filter((h) => h.weight > 0).sort((a, b) => b.weight - a.weight).map((h) => h.why);
    if (envWeight > 0 && opts.env) reasons.push(ENV_WHY[opts.env]);
    const lead = fromErrno.length ? `${fromErrno.join(', ')}${reasons.length ? ': ' : ''}` : '';
    out.push({
      resource: r.id,
      title: r.title,
      score,
      why: `${lead}${capital(reasons.join('; '))}${lead || reasons.length ? '. ' : ''}${r.why}`,
      confirm: fillConfirm(r, (place ??= placeOf(text, opts.mounts))),
      probes: r.probes,
      ...(place.named ? { place: { dir: place.dir, mount: place.mount } } : {}),
    });
  }
  // Ties keep the knowledge base's order, which lists the commoner cause first.
  return out.sort((a, b) => b.score - a.score);
}

const ENV_WHY: Record<Env, string> = {
  openvz: 'this machine is an OpenVZ/Virtuozzo container',
  container: 'this machine is a container',
  host: 'this machine is not a container',
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
