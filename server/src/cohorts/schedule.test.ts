import { DateTime } from 'luxon';
import { expandSchedule, scheduleSpecSchema, type ScheduleSpec } from './schedule';
import { CohortScheduleError } from './time';
import { londonSecondTuesday } from './fixtures.test-util';

// Exact UTC instants per zone and rule shape. Validation, text forms and random
// properties are in scheduleRules.test.ts.

const london2ndTue: ScheduleSpec = londonSecondTuesday;

const starts = (spec: ScheduleSpec) => expandSchedule(spec).map((o) => o.startsAt);
const local = (iso: string, zone: string) => DateTime.fromISO(iso).setZone(zone).toFormat('yyyy-MM-dd HH:mm ZZ');
const iso = (s: string) => `${s}:00.000Z`;

describe('expandSchedule: Europe/London, 2nd Tuesday monthly at 19:00', () => {
  it('gives the exact UTC instants across the 2026-03-29 switch to BST', () => {
    expect(starts(london2ndTue)).toEqual([
      iso('2026-01-13T19:00'), // GMT
      iso('2026-02-10T19:00'),
      iso('2026-03-10T19:00'), // still GMT: BST starts on the 29th
      iso('2026-04-14T18:00'), // BST
      iso('2026-05-12T18:00'),
      iso('2026-06-09T18:00'),
      iso('2026-07-14T18:00'),
      iso('2026-08-11T18:00'),
    ]);
  });

  it('keeps 19:00 local and crosses back to GMT after 2026-10-25', () => {
    const spec = { ...london2ndTue, startDate: '2026-09-01', count: 4 };
    expect(starts(spec)).toEqual([
      iso('2026-09-08T18:00'),
      iso('2026-10-13T18:00'), // before the 25th: still BST
      iso('2026-11-10T19:00'),
      iso('2026-12-08T19:00'),
    ]);
    for (const s of starts(spec)) expect(local(s, 'Europe/London').slice(11, 16)).toBe('19:00');
  });

  it('numbers sessions from 0, spans durationMinutes and flags nothing', () => {
    const occ = expandSchedule(london2ndTue);
    expect(occ.map((o) => o.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(occ[0]).toEqual({ index: 0, startsAt: iso('2026-01-13T19:00'), endsAt: iso('2026-01-13T20:30'), adjustment: 'none' });
    expect(occ.every((o) => o.adjustment === 'none')).toBe(true);
  });

  it('never returns a date before startDate', () => {
    expect(starts({ ...london2ndTue, startDate: '2026-01-14', count: 1 })).toEqual([iso('2026-02-10T19:00')]);
    expect(starts({ ...london2ndTue, startDate: '2026-01-13', count: 1 })).toEqual([iso('2026-01-13T19:00')]);
  });
});

describe('expandSchedule: America/New_York DST transitions', () => {
  const weeklySunday = (time: string, startDate: string, count: number): ScheduleSpec => ({
    timeZone: 'America/New_York', startDate, time, durationMinutes: 60, rule: { freq: 'weekly', byWeekday: 'SU' }, count,
  });

  it('shifts 02:30 forward to 03:30 EDT on 2026-03-08, when 02:30 does not exist', () => {
    const occ = expandSchedule(weeklySunday('02:30', '2026-03-01', 3));
    expect(occ.map((o) => [o.startsAt, o.adjustment])).toEqual([
      [iso('2026-03-01T07:30'), 'none'], // 02:30 EST
      [iso('2026-03-08T07:30'), 'gap-shifted'], // 03:30 EDT
      [iso('2026-03-15T06:30'), 'none'], // 02:30 EDT
    ]);
    expect(local(occ[1]!.startsAt, 'America/New_York')).toBe('2026-03-08 03:30 -04:00');
    expect(occ[1]!.endsAt).toBe(iso('2026-03-08T08:30'));
  });

  it('has a single 02:30 on 2026-11-01 (the repeated hour is 01:00-02:00)', () => {
    const occ = expandSchedule(weeklySunday('02:30', '2026-10-25', 3));
    expect(occ.map((o) => [o.startsAt, o.adjustment])).toEqual([
      [iso('2026-10-25T06:30'), 'none'],
      [iso('2026-11-01T07:30'), 'none'],
      [iso('2026-11-08T07:30'), 'none'],
    ]);
  });

  it('takes the first (EDT) 01:30 on 2026-11-01, when 01:30 happens twice', () => {
    const occ = expandSchedule(weeklySunday('01:30', '2026-10-20', 3));
    expect(occ.map((o) => [o.startsAt, o.adjustment])).toEqual([
      [iso('2026-10-25T05:30'), 'none'],
      [iso('2026-11-01T05:30'), 'ambiguous-earlier'], // 01:30 EDT, not 01:30 EST (06:30Z)
      [iso('2026-11-08T06:30'), 'none'],
    ]);
    expect(local(occ[1]!.startsAt, 'America/New_York')).toBe('2026-11-01 01:30 -04:00');
  });
});

describe('expandSchedule: other zones', () => {
  it('handles the +05:30 offset of Asia/Kolkata', () => {
    const spec: ScheduleSpec = {
      timeZone: 'Asia/Kolkata', startDate: '2026-01-01', time: '18:00', durationMinutes: 120,
      rule: { freq: 'monthly', byWeekday: 'MO', bySetPos: 1 }, count: 3,
    };
    expect(expandSchedule(spec).map((o) => [o.startsAt, o.endsAt])).toEqual([
      [iso('2026-01-05T12:30'), iso('2026-01-05T14:30')],
      [iso('2026-02-02T12:30'), iso('2026-02-02T14:30')],
      [iso('2026-03-02T12:30'), iso('2026-03-02T14:30')],
    ]);
  });

  it('follows southern-hemisphere DST in Australia/Sydney (ends 2026-04-05, starts 2026-10-04)', () => {
    const spec: ScheduleSpec = {
      timeZone: 'Australia/Sydney', startDate: '2026-01-01', time: '19:00', durationMinutes: 90,
      rule: { freq: 'monthly', byWeekday: 'SU', bySetPos: 1 }, count: 11,
    };
    expect(starts(spec)).toEqual([
      iso('2026-01-04T08:00'), // AEDT +11
      iso('2026-02-01T08:00'),
      iso('2026-03-01T08:00'),
      iso('2026-04-05T09:00'), // the day DST ends: AEST +10 by the evening
      iso('2026-05-03T09:00'),
      iso('2026-06-07T09:00'),
      iso('2026-07-05T09:00'),
      iso('2026-08-02T09:00'),
      iso('2026-09-06T09:00'),
      iso('2026-10-04T08:00'), // the day DST starts: AEDT +11 again
      iso('2026-11-01T08:00'),
    ]);
  });

  it('resolves Sydney gap and overlap times like everywhere else', () => {
    const at = (startDate: string) =>
      expandSchedule({
        timeZone: 'Australia/Sydney', startDate, time: '02:30', durationMinutes: 60,
        rule: { freq: 'weekly', byWeekday: 'SU' }, count: 1,
      })[0]!;
    expect(at('2026-04-05')).toMatchObject({ startsAt: iso('2026-04-04T15:30'), adjustment: 'ambiguous-earlier' }); // 02:30 AEDT
    expect(at('2026-10-04')).toMatchObject({ startsAt: iso('2026-10-03T16:30'), adjustment: 'gap-shifted' }); // 03:30 AEDT
  });

  it('picks the earlier 01:30 in London too, where luxon alone would pick the later one', () => {
    // The last Sunday of March and October are exactly the EU switch days.
    const occ = expandSchedule({
      timeZone: 'Europe/London', startDate: '2026-03-01', time: '01:30', durationMinutes: 60,
      rule: { freq: 'monthly', byWeekday: 'SU', bySetPos: -1 }, count: 8,
    });
    expect(occ[0]).toMatchObject({ startsAt: iso('2026-03-29T01:30'), adjustment: 'gap-shifted' }); // 02:30 BST
    expect(occ[7]).toMatchObject({ startsAt: iso('2026-10-25T00:30'), adjustment: 'ambiguous-earlier' }); // 01:30 BST
  });
});

describe('expandSchedule: rule shapes', () => {
  it('finds the last Friday of each month (bySetPos -1)', () => {
    const spec: ScheduleSpec = { ...london2ndTue, rule: { freq: 'monthly', byWeekday: 'FR', bySetPos: -1 }, count: 4 };
    expect(starts(spec)).toEqual([
      iso('2026-01-30T19:00'), iso('2026-02-27T19:00'), iso('2026-03-27T19:00'), iso('2026-04-24T18:00'),
    ]);
  });

  it('skips months without a 31st (RFC 5545: invalid dates are ignored, not clamped)', () => {
    const spec: ScheduleSpec = { ...london2ndTue, rule: { freq: 'monthly', byMonthDay: 31 } };
    expect(starts(spec)).toEqual([
      iso('2026-01-31T19:00'), iso('2026-03-31T18:00'), iso('2026-05-31T18:00'), iso('2026-07-31T18:00'),
      iso('2026-08-31T18:00'), iso('2026-10-31T19:00'), iso('2026-12-31T19:00'), iso('2027-01-31T19:00'),
    ]);
  });

  it('honours intervals and defaults the day from startDate', () => {
    const fortnightly: ScheduleSpec = { ...london2ndTue, startDate: '2026-03-04', rule: { freq: 'weekly', interval: 2 }, count: 3 };
    expect(starts(fortnightly)).toEqual([iso('2026-03-04T19:00'), iso('2026-03-18T19:00'), iso('2026-04-01T18:00')]);
    const monthlyOn15: ScheduleSpec = { ...london2ndTue, startDate: '2026-01-15', rule: { freq: 'monthly', interval: 3 }, count: 3 };
    expect(starts(monthlyOn15)).toEqual([iso('2026-01-15T19:00'), iso('2026-04-15T18:00'), iso('2026-07-15T18:00')]);
  });

  it('accepts count 1 and 52, rejects 0 and 53', () => {
    expect(expandSchedule({ ...london2ndTue, count: 1 })).toHaveLength(1);
    const weekly52 = expandSchedule({ ...london2ndTue, rule: { freq: 'weekly', byWeekday: 'TU' }, count: 52 });
    expect(weekly52).toHaveLength(52);
    expect(weekly52[51]!.startsAt).toBe(iso('2026-12-29T19:00'));
    for (const count of [0, 53, 1.5]) {
      expect(scheduleSpecSchema.safeParse({ ...london2ndTue, count }).success).toBe(false);
      expect(() => expandSchedule({ ...london2ndTue, count })).toThrow(CohortScheduleError);
    }
  });

  it('throws rather than search forever when a rule can never be met', () => {
    // Every 12 months on the 30th, starting in February: never.
    const never: ScheduleSpec = { ...london2ndTue, startDate: '2026-02-01', rule: { freq: 'monthly', interval: 12, byMonthDay: 30 } };
    expect(() => expandSchedule(never)).toThrow(/only 0 of 8 sessions/);
  });
});
