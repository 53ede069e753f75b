#!/usr/bin/env node
// Wires commands only. Each command lives in src/commands/<id>.ts as a plain async `run` that returns
// data (printed as JSON with --json, else through the module's `format`) and throws typed errors.
// Commands are imported lazily so a command loads only what it needs (start-up matters on a sick machine).
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { globalsFrom, type Globals } from './context.js';
import { exitCodeOf, InputError, PmError, UsageError, WriteError } from './errors.js';

export interface CommandModule<A = any, D = any> {
  run(args: A, g: Globals): Promise<D>;
  /** Human-readable output; omitted when the command prints as it goes. */
  format?(data: D): string;
  /** Exit code for a successful run that should still signal something (lint errors, findings). */
  exitCode?(data: D, args: A): number;
}

type Loader = () => Promise<CommandModule>;

/** Builds a commander action: collect args, run the command, print, set the exit code. */
function wire(load: Loader, argsOf: (positional: any[], opts: any) => any = (_p, o) => o) {
  return async (...a: any[]) => {
    const cmd = a[a.length - 1] as Command;
    const positional = a.slice(0, -2);
    const opts = cmd.optsWithGlobals();
    const g = globalsFrom(opts);
    const mod = await load();
    const args = argsOf(positional, cmd.opts());
    const data = await mod.run(args, g);
    if (g.json) process.stdout.write(JSON.stringify(data, null, 2) + '\n');
    else if (mod.format) {
      const text = mod.format(data);
      if (text) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    }
    process.exitCode = mod.exitCode?.(data, args) ?? 0;
  };
}

const json = () => new Option('--json', 'print machine-readable JSON');
const future = () => new Option('--future', 'accept a time later than now (refused otherwise: a typo, a wrong day)');

/** Hidden copies of the program's options on every subcommand (see enablePositionalOptions above). */
function acceptGlobalOptions(parent: Command): void {
  for (const sub of parent.commands) {
    for (const o of parent.options.filter((x) => x.long === '--dir' || x.long === '--incident'))
      if (!sub.options.some((x) => x.long === o.long)) sub.addOption(new Option(o.flags, o.description).hideHelp());
    acceptGlobalOptions(sub);
  }
}

export function buildProgram(): Command {
  const program = new Command('postmortem')
    .description('Capture evidence during an outage, write the postmortem, publish the incident history.')
    .version(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version)
    .option('--dir <dir>', 'incidents folder (default: ./incidents or $POSTMORTEM_DIR)')
    .option('--incident <id>', 'incident to work on (default: the active one, the newest not resolved)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('new')
    .description('create a new incident from a template and print its path')
    .argument('<title...>', 'title of the incident')
    .option('--template <name>', 'default | sre | blog', 'default')
    .option('--severity <sev>', 'SEV1 (worst) .. SEV4')
    .option('--tags <list>', 'comma-separated tags')
    .option('--started <time>', 'when it started (ISO 8601, default now)')
    .addOption(future())
    .addOption(json())
    .action(wire(() => import('./commands/new.js'), ([title], o) => ({ ...o, title: title.join(' ') })));

  program
    .command('list')
    .description('list the incidents')
    .addOption(json())
    .action(wire(() => import('./commands/list.js')));

  program
    .command('show')
    .description("show one incident's model: meta, sections, timeline, hypotheses, actions, durations")
    .argument('[id]', 'incident id (default: --incident or the active one)')
    .addOption(json())
    .action(wire(() => import('./commands/show.js'), ([id], o) => ({ ...o, id })));

  program
    .command('check')
    .description('lint postmortems (default: every incident); exit 1 on errors')
    .argument('[paths...]', 'postmortem files or incident folders')
    .addOption(json())
    .action(wire(() => import('./commands/check.js'), ([paths], o) => ({ ...o, paths })));

  program
    .command('snapshot')
    .description('read the whole machine, name the exhausted resource, save it as evidence in the active incident')
    .option('--no-save', 'only print, do not save into the incident')
    .option('--root <dir>', 'read /proc and /sys under DIR (a fixture tree, a mounted image)')
    .option('--deep [mount]', 'also hunt where the inodes went: on the fullest filesystem, or on this mount point')
    .option('--fail-on <severity>', 'exit 1 when a finding is at least this severe: critical | warning')
    .option('--threshold <name=warn,crit...>', 'override a threshold in percent, e.g. fs-inodes=80,90')
    .option('--probe <id...>', 'run only these probes')
    .option('--from <file...>', 'assess capture files written by the collector (postmortem capture --script)')
    .option('--ssh <hosts>', 'read HOST[,HOST...] over ssh with the collector (nothing installed there)')
    .option('--hosts <file>', 'read the hosts in FILE (one per line) over ssh')
    .option('--inventory <file>', 'read the hosts of an Ansible INI inventory over ssh (ansible_host, _port, _user apply)')
    .option('--group <name>', 'with --inventory: only this group, its children too (web,db: both)')
    .option('--parallel <n>', 'hosts read at once (default 8)')
    .option('--timeout <seconds>', 'deadline per host (default 10)')
    .addOption(json())
    .action(wire(() => import('./commands/snapshot.js')));

  program
    .command('capture')
    .description('the collector: a POSIX sh script that captures /proc and /sys where Node is not installed')
    .option('--script', 'print the collector (sh collect.sh > web-3.pmcap, then snapshot --from web-3.pmcap)')
    .action(wire(() => import('./commands/capture.js')));

  program
    .command('diff')
    .description('what changed between two snapshots (files, or names in the incident; b defaults to now)')
    .argument('<a>', 'snapshot file, or in the incident\'s snapshots folder: a name, a host (its latest), a prefix, "first", "latest"')
    .argument('[b]', 'the later snapshot (default: take one now)')
    .option('--root <dir>', 'when taking the later snapshot now: read /proc and /sys under DIR')
    .addOption(json())
    .action(wire(() => import('./commands/diff.js'), ([a, b], o) => ({ ...o, a, b })));

  // ---- During an outage: log, hypothesis, run, action, set, close ----
  // `run` passes the command's own flags through, which commander allows only with positional
  // options on the program: global options are then read before the subcommand name only.
  program.enablePositionalOptions();
  const at = () => new Option('--at <time>', 'when: "2026-03-14 09:12", ISO 8601, "20 minutes ago", "yesterday 14:00" (default now)');

  program
    .command('log')
    .description('add a timeline entry (in time order) to the active incident')
    .argument('<text...>', 'what happened')
    .addOption(at())
    .addOption(future())
    .addOption(json())
    .action(wire(() => import('./commands/log.js'), ([text], o) => ({ ...o, text: text.join(' ') })));

  const hypothesis = program.command('hypothesis').description('numbered hypotheses (H1, H2, ...) with status, reason and time');
  hypothesis
    .command('add')
    .description('add an open hypothesis')
    .argument('<text...>', 'the idea')
    .addOption(at())
    .addOption(future())
    .addOption(json())
    .action(wire(() => import('./commands/hypothesis.js'), ([text], o) => ({ ...o, action: 'add', text: text.join(' ') })));
  for (const [name, status] of [['reject', 'rejected'], ['confirm', 'confirmed']] as const)
    hypothesis
      .command(name)
      .description(`mark a hypothesis ${status} (also logs it in the timeline)`)
      .argument('<n>', 'hypothesis number: 2 or H2')
      .option('--because <why>', name === 'reject' ? 'why it was ruled out (required)' : 'what proved it')
      .addOption(at())
      .addOption(future())
      .addOption(json())
      .action(wire(() => import('./commands/hypothesis.js'), ([n], o) => ({ ...o, action: name, n })));
  hypothesis
    .command('list')
    .description('list the hypotheses of the incident')
    .addOption(json())
    .action(wire(() => import('./commands/hypothesis.js'), (_p, o) => ({ ...o, action: 'list' })));

  program
    .command('run')
    .description('run a command, save its output as evidence with secrets redacted, and log it; the terminal shows the output live as it comes, unredacted')
    .argument('<command...>', 'the command and its arguments (its own flags pass through: pm run -- df -i)')
    .passThroughOptions()
    .addOption(json())
    .action(wire(() => import('./commands/run.js'), ([command], o) => ({ ...o, command })));

  program
    .command('shell')
    .description('open your shell (bash or zsh) recording every command, its exit code and duration into the timeline; exit ends it')
    .option('--shell <name>', 'bash | zsh (default: $SHELL)')
    .option('--quiet-ok', 'leave out commands that succeed within a second')
    .addOption(json())
    .action(wire(() => import('./commands/shell.js')));

  const action = program.command('action').description('prevention items with owner, due date and type');
  action
    .command('add')
    .description('add an action item to the Prevention section')
    .argument('<text...>', 'what will be done')
    .option('--owner <who>', 'who does it, e.g. @ops')
    .option('--due <date>', 'due date: 2026-04-01, "next friday", "in 2 weeks"')
    .option('--type <type>', 'prevent | mitigate | detect | process')
    .addOption(json())
    .action(wire(() => import('./commands/action.js'), ([text], o) => ({ ...o, action: 'add', text: text.join(' ') })));
  action
    .command('done')
    .description('mark an action item done')
    .argument('<n>', 'action number (from "action list")')
    .addOption(json())
    .action(wire(() => import('./commands/action.js'), ([n], o) => ({ ...o, action: 'done', n })));
  action
    .command('list')
    .description("list the incident's action items")
    .option('--open', 'only those not done')
    .option('--all', 'across every incident, overdue first')
    .addOption(json())
    .action(wire(() => import('./commands/action.js'), (_p, o) => ({ ...o, action: 'list' })));

  program
    .command('set')
    .description('set a front matter field (title, status, severity, started, detected, mitigated, resolved, timezone, services, hosts, tags, authors, draft)')
    .argument('<field>', 'the field')
    .argument('<value...>', 'its value (times: ISO 8601 or "20 minutes ago"; timezone: Europe/Berlin; lists: comma-separated)')
    .addOption(future())
    .addOption(json())
    .action(wire(() => import('./commands/set.js'), ([field, value], o) => ({ ...o, field, value })));

  program
    .command('unset')
    .description('remove an optional front matter field (detected, mitigated, resolved, timezone, services, hosts, tags, authors, draft)')
    .argument('<field>', 'the field')
    .addOption(json())
    .action(wire(() => import('./commands/unset.js'), ([field], o) => ({ ...o, field })));

  program
    .command('close')
    .description('resolve the incident (status, resolved time, timeline) and show what the postmortem still lacks')
    .addOption(at())
    .addOption(future())
    .addOption(json())
    .action(wire(() => import('./commands/close.js'), (_p, o) => ({ ...o })));

  program
    .command('hunt')
    .description('where the inodes (or bytes) of a tree went: the heaviest places, heaviest first')
    .argument('[path]', 'folder to search (default: the current one)')
    .option('--by <what>', 'inodes | bytes', 'inodes')
    .option('--top <n>', 'how many places to list', '10')
    .option('--max-time <duration>', 'stop after this long (e.g. 30s, 2m) and report what was counted')
    .option('--cross-mounts', 'enter other filesystems mounted below path')
    .option('--ssh <host>', 'hunt on this host over ssh (nothing installed there; the host counts, only per-folder totals travel)')
    .addOption(json())
    .action(wire(() => import('./commands/hunt.js'), ([p], o) => ({ ...o, path: p })));

  program
    .command('build')
    .description('the published incident history as a static site: index, incident pages, stats, open actions, tags, feeds')
    .option('--out <dir>', 'output folder', 'site')
    .option('--no-cache', 'render every incident (a cold build)')
    .option('--drafts', 'include incidents marked draft: true')
    .option('--base-url <url>', 'absolute URL the site is served from (absolute links in the feeds)')
    .option('--title <text>', 'site title (default: title in site.yml, else "Incident history")')
    .option('--lang <code>', 'language of the site\'s labels and dates: en, de (default: lang in site.yml, else en)')
    .addOption(json())
    .action(wire(() => import('./commands/build.js')));

  program
    .command('serve')
    .description('build the site, serve it on 127.0.0.1, rebuild when an incident changes and reload open pages')
    .option('--port <n>', 'port (default: a free one)')
    .option('--host <address>', 'address to listen on (default 127.0.0.1; another one is reachable by others: warned)')
    .option('--out <dir>', 'build into this folder (default: a preview folder in your cache, never site/)')
    .option('--drafts', 'include incidents marked draft: true')
    .option('--title <text>', 'site title (default: title in site.yml, else "Incident history")')
    .option('--lang <code>', 'language of the labels and dates: en, de')
    .addOption(json())
    .action(async (o: any, cmd: Command) => {
      const { run } = await import('./commands/serve.js');
      process.exitCode = await run(o, globalsFrom(cmd.optsWithGlobals()));
    });

  program
    .command('explain')
    .description('which exhausted resources produce this error message, ranked, and how to confirm each (reads a log from stdin without text)')
    .argument('[text...]', 'the error message, an errno (ENOSPC, 28) or a kernel log line (put -- before text that starts with -)')
    .option('--no-live', 'do not check this machine, explain from the text alone')
    .addOption(json())
    .action(wire(() => import('./commands/explain.js'), ([text], o) => ({ ...o, text })));

  program
    .command('watch')
    .description('sample the machine every few seconds: failure counters between samples, episodes of exhaustion into the active incident, a flight recorder (--record)')
    .option('--every <duration>', 'time between samples', '10s')
    .option('--for <duration>', 'stop after this long (default: until Ctrl-C or SIGTERM)')
    .option('--no-save', 'only print, do not write episodes into the incident')
    .option('--record [file]', 'record every sample into a fixed-size ring file (default /var/lib/postmortem/watch.ring)')
    .option('--record-size <size>', 'size of a new ring file, e.g. 16M (default 16M)')
    .option('--unit', 'print a systemd unit and a cron line that run the recorder; installs nothing')
    .option('--threshold <name=warn,crit...>', 'override a threshold in percent, e.g. fs-inodes=80,90')
    .option('--probe <id...>', 'run only these probes')
    .addOption(json())
    .action(async (o: any, cmd: Command) => {
      const { run } = await import('./commands/watch.js');
      process.exitCode = await run(o, globalsFrom(cmd.optsWithGlobals()));
    });

  program
    .command('history')
    .description('read the flight recorder back: utilisation per resource, episodes, counter increments; --at for one moment, --save into the incident')
    .argument('[file]', 'the ring file (default /var/lib/postmortem/watch.ring)')
    .option('--since <time>', 'from this time ("yesterday 03:00", "2 hours ago", ISO 8601)')
    .option('--until <time>', 'up to this time')
    .option('--resource <name>', 'only resources whose name or subject contains this')
    .option('--at <time>', 'the recorded state nearest to this time, like a snapshot report')
    .option('--save', 'write the episodes into the active incident (timeline and evidence)')
    .addOption(json())
    .action(wire(() => import('./commands/history.js'), ([file], o) => ({ ...o, file })));

  program
    .command('logs')
    .description("the machine's error lines over the incident's window, grouped by shape, explained, with their pattern over time")
    .argument('[file...]', 'log files to read (- for stdin, /dev/kmsg for the kernel ring buffer; default: the journal and the usual files under /var/log, rotated ones too)')
    .option('--since <time>', 'start of the window (default: 1 h before the incident started)')
    .option('--until <time>', 'end of the window (default: when it was resolved, or now)')
    .option('--tz <zone>', 'IANA zone of log times that carry none (default: this host\'s)')
    .option('--journal-file <file>', 'read a copied journal file instead of the system journal')
    .option('--no-journal', 'do not read the system journal')
    .option('--top <n>', 'show only the first n shapes')
    .option('--save', 'timeline entries for the explained shapes and evidence/logs.md in the active incident')
    .addOption(json())
    .action(wire(() => import('./commands/logs.js'), ([files], o) => ({ ...o, files })));

  // ---- Prometheus: export and alerts ----
  program
    .command('export')
    .description("write the snapshot's limits as metrics for node_exporter's textfile collector (DIR/postmortem.prom, atomically; for cron)")
    .option('--textfile <dir>', 'the folder node_exporter reads (--collector.textfile.directory)')
    .option('--threshold <name=warn,crit...>', 'override a threshold in percent, e.g. fs-inodes=80,90')
    .option('--root <dir>', 'read /proc and /sys under DIR (a fixture tree, a mounted image)')
    .addOption(json())
    .action(wire(() => import('./commands/export.js')));

  program
    .command('alerts')
    .description('print Prometheus alerting rules for every limit the snapshot assesses, with its thresholds and hints')
    .option('--threshold <name=warn,crit...>', 'override a threshold in percent, e.g. fs-inodes=80,90')
    .option('--for <duration>', 'how long a level must hold before the alert fires (Prometheus duration)', '5m')
    .addOption(json())
    .action(wire(() => import('./commands/alerts.js')));

  const evidence = program.command('evidence').description('pull what the machine already recorded elsewhere into the incident');
  evidence
    .command('prometheus')
    .description("the incident's window (1 h before it started until 1 h after it was resolved, or now) from Prometheus: inodes, disk, memory, load, fds and our exported limits, saved as evidence that build draws as charts")
    .option('--url <url>', 'Prometheus base URL (default: $PROMETHEUS_URL)')
    .option('--host <host...>', 'hosts to pull, matched to the instance label (default: the front matter\'s hosts)')
    .option('--step <duration>', 'time between points, e.g. 15s (default: about 300 points over the window)')
    .addOption(json())
    .action(wire(() => import('./commands/evidence.js'), (_p, o) => ({ ...o, source: 'prometheus' })));

  // Every subcommand also accepts the global options after its name (see enablePositionalOptions).
  acceptGlobalOptions(program);

  return program;
}

/** What could not be written (an entry, a snapshot's JSON), as data where it is JSON. */
function unsaved(e: unknown): unknown {
  const text = e instanceof PmError ? e.stdoutFallback : undefined;
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Stable names of the error kinds, for scripts reading `--json` errors. */
function codeOf(e: unknown): string {
  if (e instanceof CommanderError || e instanceof UsageError) return 'usage';
  if (e instanceof InputError) return 'input';
  if (e instanceof WriteError) return 'write';
  return e instanceof PmError ? 'failed' : 'internal';
}

/**
 * The one place that maps errors to exit codes and one-line messages: one line on stderr, and with
 * --json also {"error": {message, file, line, code}} on stdout, so a script never parses stderr.
 */
export async function main(argv = process.argv): Promise<void> {
  const program = buildProgram();
  const dash = argv.indexOf('--');
  const json = (dash === -1 ? argv : argv.slice(0, dash)).includes('--json');
  try {
    await program.parseAsync(argv);
  } catch (e) {
    let msg: string;
    if (e instanceof CommanderError) {
      // commander already printed its message; help and version are not errors
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      if (e.exitCode === 0) return;
      msg = e.message.replace(/^error: /, '');
    } else {
      if (e instanceof PmError && e.stdoutFallback && !json) process.stdout.write(e.stdoutFallback.endsWith('\n') ? e.stdoutFallback : e.stdoutFallback + '\n');
      msg = e instanceof PmError ? e.message : `internal error: ${(e as Error)?.message ?? e}`;
      process.stderr.write(`postmortem: ${msg}\n`);
      if (!(e instanceof PmError) && process.env.DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
      process.exitCode = e instanceof UsageError ? 2 : exitCodeOf(e);
    }
    if (json) {
      const input = e instanceof InputError ? e : undefined;
      const error = { message: msg, file: input?.file ?? null, line: input?.line ?? null, code: codeOf(e), exit: process.exitCode, unsaved: unsaved(e) };
      process.stdout.write(JSON.stringify({ error }, null, 2) + '\n');
    }
  }
}

await main();
