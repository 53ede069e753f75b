// `build`: the published incident history as a static site (see src/site/build.ts).
import path from 'node:path';
import type { Globals } from '../context.js';
import { UsageError } from '../errors.js';
import { buildSite, type BuildOptions, type BuildResult } from '../site/build.js';
import { readSiteConfig } from '../site/config.js';
import { normalizeBaseUrl } from '../site/feeds.js';
import { c, progress, progressDone } from '../util/term.js';

export interface BuildArgs {
  out?: string;
  /** commander's --no-cache: false when given. */
  cache?: boolean;
  drafts?: boolean;
  baseUrl?: string;
  title?: string;
  lang?: string;
}

/** What `build` (and `serve`) pass to the site builder: flags first, then incidents/site.yml. */
export function buildOptions(args: BuildArgs, g: Globals, out = args.out ?? 'site'): BuildOptions {
  const config = readSiteConfig(g.dir);
  const rawUrl = args.baseUrl ?? config.baseUrl;
  const baseUrl = normalizeBaseUrl(rawUrl);
  if (baseUrl === null) throw new UsageError(`invalid ${args.baseUrl ? '--base-url' : 'base_url in site.yml'} "${rawUrl}": expected an http(s) URL such as https://status.example.org/incidents/`);
  return {
    dir: g.dir,
    out: path.resolve(out),
    cache: args.cache !== false,
    drafts: Boolean(args.drafts),
    baseUrl,
    siteTitle: args.title ?? config.title,
    lang: args.lang ?? config.lang,
  };
}

export async function run(args: BuildArgs, g: Globals): Promise<BuildResult> {
  const o = buildOptions(args, g);
  try {
    return await buildSite({ ...o, onProgress: (m) => progress(m) });
  } finally {
    progressDone();
  }
}

export function format(r: BuildResult): string {
  const lines = r.warnings.map((w) => `${c.yellow('warning')} ${w}`);
  const secs = (r.ms / 1000).toFixed(r.ms < 10_000 ? 2 : 1);
  const rel = path.relative(process.cwd(), r.out) || '.';
  lines.push(
    `built ${rel}${rel.endsWith('/') ? '' : '/'}: ${r.incidents} incident${r.incidents === 1 ? '' : 's'}, ${r.pages} pages, ` +
      `${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'} in ${secs} s` +
      ` (${r.rendered} rendered, ${r.cached} from cache${r.removed ? `, ${r.removed} stale files removed` : ''}${r.draftsSkipped ? `, ${r.draftsSkipped} drafts left out` : ''})`,
  );
  return lines.join('\n');
}
