// Episodes from literal sample sequences: crossings in and out, peaks, summed failures.
import { describe, expect, it } from 'vitest';
import { EpisodeTracker } from '../../src/watch/episodes.js';
import type { Increment, Level, Sample } from '../../src/watch/types.js';

const inodes = (severity: Level['severity'], utilization: number): Level => ({ key: 'filesystems.inodes /mnt/c', resource: 'inodes', subject: '/mnt/c', severity, utilization });
const forks = (delta: number, from: number, to: number): Increment => ({ key: 'cgroup pids/app pids.events max', what: 'forks refused (pids.max) in cgroup /app', delta, from, to });
const s = (at: number, levels: Level[] = [], increments: Increment[] = []): Sample => ({ at, levels, increments });

describe('EpisodeTracker', () => {
  it('turns a crossing into warning/critical and back into one episode with start, end, peak and samples', () => {
    const t = new EpisodeTracker();
    const seq = [s(0, [inodes('info', 0.5)]), s(10, [inodes('warning', 0.92)]), s(20, [inodes('critical', 1)]), s(30, [inodes('critical', 0.97)]), s(40, [inodes('info', 0.4)]), s(50, [inodes('info', 0.4)])];
    const events = seq.flatMap((x) => t.push(x).map((e) => `${e.type}@${e.at}`));
    // the end is known after two quiet samples, and is the first of them
    expect(events).toEqual(['start@10', 'end@50']);
    const [e] = t.all();
    expect(e).toMatchObject({ kind: 'level', label: 'inodes /mnt/c', start: 10, end: 40, last: 30, samples: 3, peak: { at: 20, severity: 'critical', utilization: 1 } });
  });

  it('keeps one episode through a one-sample dip, and starts a second after two quiet samples', () => {
    const t = new EpisodeTracker();
    const seq = [s(0, [inodes('critical', 1)]), s(1, [inodes('info', 0.1)]), s(2, [inodes('critical', 1)]), s(3, [inodes('info', 0.1)]), s(4, [inodes('info', 0.1)]), s(5, [inodes('warning', 0.95)])];
    for (const x of seq) t.push(x);
    expect(t.all().map((e) => [e.start, e.end, e.samples])).toEqual([[0, 3, 2], [5, null, 1]]);
  });

  it('with quiet = 1 ends at the first normal sample', () => {
    const t = new EpisodeTracker(1);
    for (const x of [s(0, [inodes('critical', 1)]), s(1, [inodes('info', 0.1)]), s(2, [inodes('critical', 1)])]) t.push(x);
    expect(t.all().map((e) => [e.start, e.end])).toEqual([[0, 1], [2, null]]);
  });

  it('finish() ends the episodes already quiet where the quiet began, and leaves the others open', () => {
    const t = new EpisodeTracker();
    const other = { ...inodes('critical', 1), key: 'filesystems.inodes /', subject: '/' };
    t.push(s(0, [inodes('critical', 1), other]));
    t.push(s(1, [other]));
    expect(t.finish(1).map((e) => [e.episode.key, e.episode.end])).toEqual([['filesystems.inodes /mnt/c', 1]]);
    expect(t.open.has('filesystems.inodes /')).toBe(true);
  });

  it('prefers a higher severity to a higher utilization for the peak', () => {
    const t = new EpisodeTracker();
    t.push(s(0, [{ ...inodes('critical', 0.9) }]));
    t.push(s(1, [{ ...inodes('warning', 0.95) }]));
    expect(t.all()[0]!.peak).toEqual({ at: 0, severity: 'critical', utilization: 0.9 });
  });

  it('sums the failures of a counter rising in consecutive samples into one episode, its window from the first increment', () => {
    const t = new EpisodeTracker();
    t.push(s(10));
    expect(t.push(s(20, [], [forks(14, 10, 20)])).map((e) => e.type)).toEqual(['start']);
    t.push(s(30, [], [forks(3, 20, 30)]));
    expect(t.push(s(40))).toEqual([]);
    const ended = t.push(s(50));
    expect(ended.map((e) => e.type)).toEqual(['end']);
    expect(t.all()[0]).toMatchObject({ kind: 'counter', start: 10, end: 40, last: 30, failures: 17, samples: 2 });
  });

  it('adds two increments of the same counter in one sample once, summed', () => {
    const t = new EpisodeTracker();
    t.push(s(1, [], [forks(2, 0, 1), forks(5, 0, 1)]));
    expect(t.all()[0]!.failures).toBe(7);
  });

  it('ends an episode whose resource is missing from a sample (the mount went away)', () => {
    const t = new EpisodeTracker();
    t.push(s(0, [inodes('critical', 1)]));
    t.push(s(1, []));
    expect(t.push(s(2, [])).map((e) => `${e.type}@${e.at}/${e.episode.end}`)).toEqual(['end@2/1']);
  });
});
