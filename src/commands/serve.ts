// `postmortem serve`: build, serve the site on 127.0.0.1, rebuild when an incident changes and
// reload the open pages. The preview is built into a folder in the user's cache (with drafts on
// request), so previewing never touches the published `site/`.
import { realpathSync, watch } from 'node:fs';
import path from 'node:path';
import type { Globals } from '../context.js';
import { PmError, UsageError } from '../errors.js';
import { buildSite, type BuildResult } from '../site/build.js';
import { cacheFolder } from '../site/cache.js';
import { isLoopback, startPreview } from '../site/serve.js';
import { c } from '../util/term.js';
import { buildOptions, type BuildArgs } from './build.js';

export interface ServeArgs extends BuildArgs {
  port?: string;
  host?: string;
}

/** Quiet time after the last change before rebuilding: an editor's save is several events. */
const SETTLE_MS = 150;

/** Serves until SIGINT or SIGTERM; returns the exit code. Prints as it goes. */
export async function run(args: ServeArgs, g: Globals): Promise<number> {
  const host = args.host ?? '127.0.0.1';
  const port = args.port === undefined ? 0 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`invalid --port "${args.port}": expected a number from 0 to 65535`);
  const out = args.out ?? path.join(cacheFolder(`${safeReal(g.dir)}\0preview`), 'site');
  const o = buildOptions(args, g, out);
  const say = (event: Record<string, unknown>, text: string) =>
    process.stdout.write(g.json ? JSON.stringify(event) + '\n' : text + '\n');
  const warn = (text: string) => process.stderr.write(`${c.yellow('warning')} ${text}\n`);

  const first = await buildSite(o);
  for (const w of first.warnings) warn(w);
  const preview = await startPreview(o.out, host, port);
  if (!isLoopback(host)) warn(`serving on ${host}: anyone who can reach this address can read the site${o.drafts ? ', drafts included' : ''}`);
  say({ type: 'listening', url: preview.url, out: o.out, ...summary(first) }, `serving ${preview.url}  (${first.incidents} incident${first.incidents === 1 ? '' : 's'}; rebuilds when ${path.relative(process.cwd(), g.dir) || '.'} changes; Ctrl-C stops)`);

  // Rebuilds run one at a time; changes during a build schedule one more after it.
  let timer: NodeJS.Timeout | undefined;
  let building: Promise<void> | null = null;
  let again = false;
  const rebuild = async () => {
    if (building) return void (again = true);
    building = (async () => {
      do {
        again = false;
        try {
          const r = await buildSite(o);
          const pages = preview.reload();
          say({ type: 'build', ...summary(r), reloaded: pages },
            `rebuilt in ${(r.ms / 1000).toFixed(2)} s: ${r.rendered} rendered, ${r.cached} from cache${r.warnings.length ? `, ${r.warnings.length} warnings` : ''}; reloaded ${pages} page${pages === 1 ? '' : 's'}`);
          for (const w of r.warnings) warn(w);
        } catch (e) {
          if (!(e instanceof PmError)) throw e;
          // the last good site stays served; the next save tries again
          say({ type: 'error', message: e.message }, `${c.red('not rebuilt')} ${e.message}`);
        }
      } while (again);
    })();
    await building;
    building = null;
  };
  const watcher = watch(g.dir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), SETTLE_MS);
  });
  watcher.on('error', (e) => say({ type: 'error', message: e.message }, `${c.red('not watching')} ${g.dir}: ${e.message}`));

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearTimeout(timer);
  watcher.close();
  await building;
  await preview.close();
  say({ type: 'stopped' }, 'stopped');
  return 0;
}

const summary = (r: BuildResult) => ({ incidents: r.incidents, rendered: r.rendered, cached: r.cached, warnings: r.warnings.length, ms: Math.round(r.ms) });

function safeReal(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
