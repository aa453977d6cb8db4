import fc from 'fast-check';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describeSchedule, expandSchedule, scheduleSpecSchema, toRRuleString, type ScheduleSpec } from './schedule';
import { londonSecondTuesday } from './fixtures.test-util';

// Spec validation, the text forms of a schedule, and properties over random schedules.
// The exact-instant tests for each zone are in schedule.test.ts.

const london2ndTue: ScheduleSpec = londonSecondTuesday;

const starts = (spec: ScheduleSpec) => expandSchedule(spec).map((o) => o.startsAt);

describe('scheduleSpecSchema', () => {
  const rejects = (patch: Record<string, unknown>) => scheduleSpecSchema.safeParse({ ...london2ndTue, ...patch }).success === false;

  it('accepts the example spec', () => {
    expect(scheduleSpecSchema.parse(london2ndTue)).toEqual(london2ndTue);
  });

  it('rejects unknown or malformed time zones', () => {
    for (const timeZone of ['Europe/Londn', 'Mars/Olympus_Mons', '', 'GMT+25']) expect(rejects({ timeZone })).toBe(true);
    expect(() => expandSchedule({ ...london2ndTue, timeZone: 'Europe/Londn' })).toThrow(/timeZone: not a known IANA time zone/);
  });

  it('rejects bad dates, times and durations', () => {
    for (const startDate of ['2026-02-30', '2026-1-01', '01/01/2026']) expect(rejects({ startDate })).toBe(true);
    for (const time of ['24:00', '7:00', '19:60', '19:00:00']) expect(rejects({ time })).toBe(true);
    for (const durationMinutes of [14, 481, 60.5]) expect(rejects({ durationMinutes })).toBe(true);
    expect(rejects({ durationMinutes: 15 }) || rejects({ durationMinutes: 480 })).toBe(false);
  });

  it('rejects rules that are out of range or mean something surprising', () => {
    const bad = [
      { freq: 'daily' },
      { freq: 'monthly', interval: 0, byMonthDay: 1 },
      { freq: 'monthly', interval: 13, byMonthDay: 1 },
      { freq: 'monthly', byWeekday: 'TU', bySetPos: 5 },
      { freq: 'monthly', byWeekday: 'XX', bySetPos: 1 },
      { freq: 'monthly', byMonthDay: 32 },
      { freq: 'monthly', byWeekday: 'TU' }, // every Tuesday of the month
      { freq: 'monthly', bySetPos: 2 },
      { freq: 'monthly', byWeekday: 'FR', bySetPos: 2, byMonthDay: 13 },
      { freq: 'weekly', byWeekday: 'TU', bySetPos: 1 },
      { freq: 'weekly', byMonthDay: 3 },
      { freq: 'monthly', byMonthDay: 3, extra: true },
    ];
    for (const rule of bad) expect(rejects({ rule })).toBe(true);
  });
});

describe('describeSchedule and toRRuleString', () => {
  it('describes the example exactly', () => {
    expect(describeSchedule(london2ndTue)).toBe('Monthly on the 2nd Tuesday at 19:00 (Europe/London), 8 sessions');
  });

  it('describes other shapes', () => {
    const d = (patch: Partial<ScheduleSpec>) => describeSchedule({ ...london2ndTue, ...patch });
    expect(d({ rule: { freq: 'monthly', byWeekday: 'FR', bySetPos: -1 }, count: 1 }))
      .toBe('Monthly on the last Friday at 19:00 (Europe/London), 1 session');
    expect(d({ rule: { freq: 'weekly', interval: 2 }, startDate: '2026-03-04', timeZone: 'Asia/Kolkata' }))
      .toBe('Every 2 weeks on Wednesday at 19:00 (Asia/Kolkata), 8 sessions');
    expect(d({ rule: { freq: 'monthly', byMonthDay: 31 } }))
      .toBe('Monthly on the 31st (skipping months without a 31st) at 19:00 (Europe/London), 8 sessions');
    const days = [1, 2, 3, 11, 12, 13, 21, 22, 23].map((n) => d({ rule: { freq: 'monthly', byMonthDay: n } }).split(' ')[3]);
    expect(days).toEqual(['1st', '2nd', '3rd', '11th', '12th', '13th', '21st', '22nd', '23rd']);
  });

  it('writes RRULE lines', () => {
    expect(toRRuleString(london2ndTue)).toBe('RRULE:FREQ=MONTHLY;COUNT=8;BYDAY=TU;BYSETPOS=2');
    expect(toRRuleString({ ...london2ndTue, startDate: '2026-03-04', rule: { freq: 'weekly', interval: 2 }, count: 3 }))
      .toBe('RRULE:FREQ=WEEKLY;COUNT=3;INTERVAL=2;BYDAY=WE');
  });

  it('agrees with an independent RFC 5545 implementation (ical.js) on the local dates', () => {
    const specs: ScheduleSpec[] = [
      london2ndTue,
      { ...london2ndTue, rule: { freq: 'monthly', byWeekday: 'FR', bySetPos: -1 }, count: 12 },
      { ...london2ndTue, rule: { freq: 'monthly', byMonthDay: 31 }, count: 12 },
      { ...london2ndTue, startDate: '2026-03-04', rule: { freq: 'weekly', interval: 3 }, count: 20 },
    ];
    for (const spec of specs) {
      const ours = starts(spec).map((s) => DateTime.fromISO(s).setZone(spec.timeZone).toISODate());
      const recur = ICAL.Recur.fromString(toRRuleString(spec).replace(/^RRULE:/, ''));
      const iterator = recur.iterator(ICAL.Time.fromDateString(ours[0]!));
      const theirs: string[] = [];
      for (let t = iterator.next(); t; t = iterator.next()) theirs.push(t.toString());
      expect(theirs).toEqual(ours);
    }
  });
});

describe('expandSchedule properties', () => {
  const zones = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'America/Sao_Paulo', 'Pacific/Chatham'];

  it('keeps the wall-clock time (except in gaps), the duration and the order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30, 45),
        fc.integer({ min: 15, max: 480 }),
        fc.oneof(
          fc.record({ freq: fc.constant('weekly' as const), interval: fc.integer({ min: 1, max: 4 }) }),
          fc.record({
            freq: fc.constant('monthly' as const),
            byWeekday: fc.constantFrom('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU' as const),
            bySetPos: fc.constantFrom(-1, 1, 2, 3, 4 as const),
          }),
        ),
        (timeZone, date, hour, minute, durationMinutes, rule) => {
          const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const spec: ScheduleSpec = { timeZone, startDate: date.toISOString().slice(0, 10), time, durationMinutes, rule, count: 12 };
          const occ = expandSchedule(spec);
          expect(occ).toHaveLength(12);
          occ.forEach((o, i) => {
            const start = DateTime.fromISO(o.startsAt);
            expect(DateTime.fromISO(o.endsAt).diff(start, 'minutes').minutes).toBe(durationMinutes);
            if (o.adjustment !== 'gap-shifted') expect(start.setZone(timeZone).toFormat('HH:mm')).toBe(time);
            if (i > 0) expect(o.startsAt > occ[i - 1]!.startsAt).toBe(true);
            expect(start.setZone(timeZone).toISODate()! >= spec.startDate).toBe(true);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
