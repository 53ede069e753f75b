// The strict time parser on literal strings, with a fixed "now" and fixed zones: what it accepts
// (English and German, DST edges) and what it refuses, with the message the user sees.
import { describe, expect, it } from 'vitest';
import { formatIso, formatStamp } from '../../src/doc/dates.js';
import { parseWhen } from '../../src/util/when.js';
import { checkZone, offsetAt, wallToInstant } from '../../src/util/zone.js';

// Monday 2026-03-30 12:00 in Berlin; summer time began the day before (02:00 CET -> 03:00 CEST).
const now = new Date('2026-03-30T10:00:00Z');
const BERLIN = 'Europe/Berlin';
const NY = 'America/New_York';
const at = (text: string, zone?: string, future = false) => parseWhen(text, { now, zone, future });

describe('parseWhen accepts', () => {
  const cases: [string, string, string][] = [
    ['2026-03-14 09:12', BERLIN, '2026-03-14T08:12:00.000Z'],
    ['2026-03-14 09:12', NY, '2026-03-14T13:12:00.000Z'],
    ['2026-03-14 09:12', 'UTC', '2026-03-14T09:12:00.000Z'],
    ['2026-03-14T09:12:00+01:00', NY, '2026-03-14T08:12:00.000Z'],
    ['2026-03-14 09:12 +01:00', 'UTC', '2026-03-14T08:12:00.000Z'],
    ['now', BERLIN, '2026-03-30T10:00:00.000Z'],
    ['20 minutes ago', BERLIN, '2026-03-30T09:40:00.000Z'],
    ['vor 20 Minuten', BERLIN, '2026-03-30T09:40:00.000Z'],
    ['vor 2 Stunden', 'UTC', '2026-03-30T08:00:00.000Z'],
    ['yesterday 14:00', BERLIN, '2026-03-29T12:00:00.000Z'],
    ['gestern 14:00', BERLIN, '2026-03-29T12:00:00.000Z'],
    ['yesterday, 14:00', 'UTC', '2026-03-29T14:00:00.000Z'],
    // The DST edge: yesterday 01:30 was still winter time (+01:00), today is +02:00.
    ['yesterday at 01:30', BERLIN, '2026-03-29T00:30:00.000Z'],
    ['gestern um 01:30', BERLIN, '2026-03-29T00:30:00.000Z'],
    ['vorgestern 23:10', BERLIN, '2026-03-28T22:10:00.000Z'],
    ['heute 9:30', BERLIN, '2026-03-30T07:30:00.000Z'],
    ['today at 5:30am', NY, '2026-03-30T09:30:00.000Z'],
    ['letzten Dienstag 10:00', BERLIN, '2026-03-24T09:00:00.000Z'],
    ['14.03.2026 09:12', BERLIN, '2026-03-14T08:12:00.000Z'],
    ['09:00 UTC', BERLIN, '2026-03-30T09:00:00.000Z'],
    // 02:30 did not exist in Berlin that night: moved forward by the gap, like Temporal's "compatible".
    ['2026-03-29 02:30', BERLIN, '2026-03-29T01:30:00.000Z'],
  ];
  it.each(cases)('%s in %s', async (text, zone, iso) => {
    expect((await at(text, zone)).toISOString()).toBe(iso);
  });

  it('times later than now only with future (due dates, --future), within a minute of clock skew without', async () => {
    expect((await at('2026-03-30 12:00:59', BERLIN)).toISOString()).toBe('2026-03-30T10:00:59.000Z');
    expect((await at('morgen', BERLIN, true)).toISOString().slice(0, 10)).toBe('2026-03-31');
    expect((await at('in 6 weeks', BERLIN, true)).toISOString().slice(0, 10)).toBe('2026-05-11');
    // 02:30 happened twice in Berlin on 2026-10-25: the earlier one, still summer time.
    expect((await at('2026-10-25 02:30', BERLIN, true)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('parseWhen refuses', () => {
  const cases: [string, string | undefined, RegExp][] = [
    ['2026-03-14 25:00', BERLIN, /^--at: cannot read "2026-03-14 25:00" as a time: understood only "2026-03-14" \(2026-03-14\); expected e\.g\. /],
    ['next tuesday at 25:99', BERLIN, /^--at: cannot read "next tuesday at 25:99" as a time: understood only "next tuesday" \(2026-04-07\)/],
    ['yesterday at 14:00 and some garbage', BERLIN, /understood only "yesterday at 14:00" \(2026-03-29 14:00 \+02:00\)/],
    ['gestern 14:00 und Müll', BERLIN, /understood only "gestern 14:00" \(2026-03-29 14:00 \+02:00\)/],
    ['2026-03-14 09:12 +25:00', 'UTC', /understood only "2026-03-14 09:12"/],
    ['when pigs fly', BERLIN, /^--at: cannot read "when pigs fly" as a time; expected e\.g\. .*"gestern 14:00"$/],
    ['2026-02-30 10:00', BERLIN, /cannot read "2026-02-30 10:00"/],
    ['14:00 - 15:00', 'UTC', /as one time: it is a range/],
    ['   ', BERLIN, /^--at: expected a time, got an empty string/],
    ['tomorrow 09:00', BERLIN, /^--at: "tomorrow 09:00" is 2026-03-31 09:00 \+02:00, in the future \(now 2026-03-30 12:00 \+02:00\); pass --future/],
    ['morgen', BERLIN, /in the future/],
    ['2026-03-30 12:01:30', BERLIN, /in the future/],
  ];
  it.each(cases)('%s', async (text, zone, message) => {
    const e = await at(text, zone).then(
      () => null,
      (err: Error & { exitCode?: number }) => err,
    );
    expect(e?.message).toMatch(message);
    expect(e?.exitCode).toBe(2);
    expect(e?.message).not.toContain('\n');
  });

  it('names the field it read', async () => {
    await expect(parseWhen('soon-ish', { now, what: 'set mitigated' })).rejects.toThrow(/^set mitigated: cannot read "soon-ish"/);
  });
});

describe('zones', () => {
  it('formats in the declared zone, with the offset of that day', () => {
    expect(formatStamp(new Date('2026-03-29T00:30:00Z'), BERLIN)).toBe('2026-03-29 01:30 +01:00');
    expect(formatStamp(new Date('2026-03-29T01:30:00Z'), BERLIN)).toBe('2026-03-29 03:30 +02:00');
    expect(formatIso(new Date('2026-03-14T08:12:03Z'), 'Asia/Kolkata')).toBe('2026-03-14T13:42:03+05:30');
    expect(formatIso(new Date('2026-03-14T08:12:03Z'), 'UTC')).toBe('2026-03-14T08:12:03+00:00');
  });

  it('knows IANA names, canonically spelled, and nothing else', () => {
    expect(checkZone('europe/berlin')).toBe('Europe/Berlin');
    expect(checkZone('UTC')).toBe('UTC');
    expect(checkZone('Europe/Berln')).toBeNull();
    expect(checkZone('+01:00')).toBeNull();
    expect(checkZone('')).toBeNull();
  });

  it('offsets and wall clocks around both DST changes', () => {
    expect(offsetAt(Date.parse('2026-03-29T00:59:59Z'), BERLIN)).toBe(60);
    expect(offsetAt(Date.parse('2026-03-29T01:00:00Z'), BERLIN)).toBe(120);
    expect(offsetAt(Date.parse('2026-11-01T05:59:59Z'), NY)).toBe(-240);
    expect(offsetAt(Date.parse('2026-11-01T06:00:00Z'), NY)).toBe(-300);
    // 01:30 happened twice in New York that night: the earlier one, still daylight time.
    expect(new Date(wallToInstant(Date.UTC(2026, 10, 1, 1, 30), NY)).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });
});
