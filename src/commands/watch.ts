// `postmortem watch`: sample the engine every few seconds in one process, turn failure counters and
// threshold crossings into events and episodes, write episodes into the active incident, optionally
// record every sample into a fixed-size ring file (--record) for `history`.
import type { Globals } from '../context.js';
import { PmError, UsageError } from '../errors.js';
import { diffSnapshots, renderDiff } from '../snapshot/diff.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { parseThresholds } from '../snapshot/thresholds.js';
import { EpisodeTracker, type Episode, type EpisodeEvent } from '../watch/episodes.js';
import type { Journal } from '../watch/journal.js';
import { DEFAULT_RING, Recorder } from '../watch/recorder.js';
import { Sampler } from '../watch/sampler.js';
import { StatusLine } from '../watch/status.js';
import { clock, entryPrefix, episodeLine, eventText, incrementText } from '../watch/text.js';
import { parseDuration, parseSize } from '../watch/units.js';
import { unitText } from '../watch/unit.js';

export interface WatchArgs {
  every?: string;
  for?: string;
  save?: boolean;
  record?: string | boolean;
  recordSize?: string;
  unit?: boolean;
  threshold?: string[];
  probe?: string[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const episodeJson = (e: Episode) => ({ ...e, start: iso(e.start), end: e.end === null ? null : iso(e.end), last: iso(e.last), peak: { ...e.peak, at: iso(e.peak.at) } });

/** Runs until --for is over or SIGINT/SIGTERM; returns the exit code. Prints as it goes. */
export async function run(args: WatchArgs, g: Globals): Promise<number> {
  if (args.unit) {
    process.stdout.write(unitText(args));
    return 0;
  }
  const every = parseDuration(args.every ?? '10s', '--every');
  const until = args.for === undefined ? Infinity : Date.now() + parseDuration(args.for, '--for');
  const thresholds = parseThresholds(args.threshold ?? []);
  const out = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\n');
  const status = new StatusLine();
  const say = (line: string) => (g.json ? out({ type: 'note', message: line }) : status.print(line));

  const sampler = new Sampler({ thresholds, ids: args.probe?.length ? args.probe : undefined });
  // Everything the run needs to write is opened now: later the disk or its inodes may be full.
  const recorder = args.record ? Recorder.open(typeof args.record === 'string' ? args.record : DEFAULT_RING, args.recordSize ? parseSize(args.recordSize, '--record-size') : undefined) : null;
  let journal: Journal | null = null;
  if (args.save !== false) {
    const [{ resolveIncidentOrError }, { Journal }] = await Promise.all([import('../incidents/store.js'), import('../watch/journal.js')]);
    const ref = await resolveIncidentOrError(g);
    if (ref instanceof UsageError) throw ref;
    if (ref instanceof PmError) say(`not saving into a postmortem: ${ref.message}`);
    else journal = new Journal(ref, (t) => (g.json ? out({ type: 'unsaved', entry: t }) : status.print(t)));
  }

  if (sampler.wantsKernelLog) say('/dev/kmsg is not readable (needs root): new kernel messages are not counted between samples');
  const tracker = new EpisodeTracker();
  const peaks = new Map<string, Snapshot>();
  let first: Snapshot | undefined;
  let worst: Snapshot | undefined;
  let count = 0;
  let last: string | undefined;
  let stop = false;
  let wake: () => void = () => {};
  const onSignal = () => {
    stop = true;
    wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const report = async (ev: EpisodeEvent) => {
    const text = eventText(ev);
    // an end is known a quiet sample later; it happened at the first quiet one
    const when = ev.type === 'end' ? ev.episode.end! : ev.at;
    last = `${clock(when)} ${text}`;
    if (g.json) out({ type: ev.type, at: iso(when), text, episode: episodeJson(ev.episode) });
    else status.print(`${clock(when)}  ${text}`);
    const evidence = ev.type === 'end' ? peaks.get(ev.episode.key) : undefined;
    if (ev.type === 'end') peaks.delete(ev.episode.key);
    await journal?.entry(new Date(ev.type === 'start' ? ev.episode.start : ev.episode.end!), text, entryPrefix(ev.episode), evidence);
  };

  try {
    while (!stop && Date.now() < until) {
      const tick = Date.now();
      const { sample, snapshot } = await sampler.sample(new Date(tick));
      count++;
      if (!first && g.json) out({ type: 'watching', at: iso(sample.at), every: `${every / 1000}s`, kernelLog: sampler.kmsg.readable, recording: recorder?.file ?? null });
      first ??= snapshot;
      recorder?.write(sample);
      for (const i of sample.increments) {
        if (g.json) out({ type: 'increment', ...i, from: iso(i.from), to: iso(i.to) });
        else status.print(`${clock(i.to)}  ${incrementText(i)}`);
      }
      for (const ev of tracker.push(sample)) await report(ev);
      for (const e of tracker.open.values()) if (e.peak.at === sample.at) peaks.set(e.key, snapshot);
      if (!worst || alarms(snapshot) > alarms(worst)) worst = snapshot;
      status.update(sample.at, count, sample.levels, last);
      const wait = Math.min(until, tick + every) - Date.now();
      if (wait > 0 && !stop) await new Promise<void>((r) => ((wake = r), setTimeout(r, wait)));
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    status.clear();
    await sampler.close();
    recorder?.close();
  }
  for (const ev of tracker.finish(Date.now())) await report(ev);
  // Episodes still open at the end keep their peak as evidence; their end is not known yet.
  for (const [key, snap] of peaks) {
    const e = tracker.open.get(key);
    if (e && journal) await journal.evidence(snap);
  }
  const episodes = tracker.all();
  if (g.json) out({ type: 'summary', samples: count, episodes: episodes.map(episodeJson), recorded: recorder?.file ?? null });
  else {
    const lines = [`${count} sample${count === 1 ? '' : 's'}, ${episodes.length} episode${episodes.length === 1 ? '' : 's'}${recorder ? `, recorded in ${recorder.file}` : ''}`];
    lines.push(...episodes.map((e) => `  ${episodeLine(e)}`));
    if (first && worst && worst !== first) lines.push(`first sample → worst sample:`, renderDiff(diffSnapshots(first, worst)));
    process.stdout.write(lines.join('\n') + '\n');
  }
  return 0;
}

const alarms = (s: Snapshot) => s.findings.reduce((n, f) => n + (f.severity === 'critical' ? 100 : f.severity === 'warning' ? 1 : 0), 0);
