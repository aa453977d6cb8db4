import type { ScheduleSpec } from './schedule';
import {
  cancelSession,
  formatInZone,
  generateSessions,
  moveSession,
  previewInZones,
  type SessionRecord,
} from './sessions';
import { CohortScheduleError } from './time';
import { londonSecondTuesday } from './fixtures.test-util';

const spec: ScheduleSpec = londonSecondTuesday;
const NOW = '2025-12-01T09:00:00Z';
const make = (): SessionRecord[] => generateSessions('cohort-1', spec, ['Arriving', '  ', 'Loss'], (i) => `sess-${i}`, NOW);

describe('generateSessions', () => {
  it('creates one scheduled record per occurrence with themes by index', () => {
    const sessions = make();
    expect(sessions).toHaveLength(8);
    expect(sessions[0]).toEqual({
      id: 'sess-0',
      cohortId: 'cohort-1',
      index: 0,
      startsAt: '2026-01-13T19:00:00.000Z',
      endsAt: '2026-01-13T20:30:00.000Z',
      status: 'scheduled',
      theme: 'Arriving',
      originalStartsAt: null,
      sequence: 0,
      updatedAt: '2025-12-01T09:00:00.000Z',
    });
    // Blank and missing themes become null; the BST months are 18:00Z.
    expect(sessions.map((s) => s.theme)).toEqual(['Arriving', null, 'Loss', null, null, null, null, null]);
    expect(sessions[3]!.startsAt).toBe('2026-04-14T18:00:00.000Z');
  });

  it('ignores extra themes and is deterministic', () => {
    const themes = Array.from({ length: 12 }, (_, i) => `T${i}`);
    const a = generateSessions('c', { ...spec, count: 2 }, themes, (i) => `x${i}`, NOW);
    expect(a.map((s) => s.theme)).toEqual(['T0', 'T1']);
    expect(generateSessions('c', { ...spec, count: 2 }, themes, (i) => `x${i}`, NOW)).toEqual(a);
  });

  it('rejects a naive `now` and an invalid spec', () => {
    expect(() => generateSessions('c', spec, [], String, '2026-01-01T00:00')).toThrow(CohortScheduleError);
    expect(() => generateSessions('c', { ...spec, timeZone: 'Nowhere/Land' }, [], String, NOW)).toThrow(CohortScheduleError);
  });
});

describe('moveSession', () => {
  const s1 = make()[1]!; // 2026-02-10T19:00Z

  it('moves, keeps the duration, records the original start and bumps sequence', () => {
    const moved = moveSession(s1, '2026-02-17T19:00:00Z', undefined, '2026-01-20T10:00:00Z');
    expect(moved).toEqual({
      ...s1,
      startsAt: '2026-02-17T19:00:00.000Z',
      endsAt: '2026-02-17T20:30:00.000Z',
      originalStartsAt: '2026-02-10T19:00:00.000Z',
      sequence: 1,
      updatedAt: '2026-01-20T10:00:00.000Z',
    });
    expect(s1.sequence).toBe(0); // input untouched
  });

  it('normalizes offsets to UTC and can change the duration', () => {
    const moved = moveSession(s1, '2026-02-10T20:30:00+01:00', 60, '2026-01-20T10:00:00Z');
    expect(moved.startsAt).toBe('2026-02-10T19:30:00.000Z');
    expect(moved.endsAt).toBe('2026-02-10T20:30:00.000Z');
  });

  it('keeps the very first original start over several moves', () => {
    const once = moveSession(s1, '2026-02-17T19:00:00Z', undefined, '2026-01-20T10:00:00Z');
    const twice = moveSession(once, '2026-02-24T19:00:00Z', 120, '2026-01-21T10:00:00Z');
    expect(twice.originalStartsAt).toBe('2026-02-10T19:00:00.000Z');
    expect(twice.sequence).toBe(2);
    expect(twice.endsAt).toBe('2026-02-24T21:00:00.000Z');
  });

  it('does nothing (and keeps sequence) when nothing changes', () => {
    expect(moveSession(s1, '2026-02-10T19:00:00.000Z', 90, '2026-01-20T10:00:00Z')).toBe(s1);
    expect(moveSession(s1, '2026-02-10T19:00:00Z', undefined, '2026-01-20T10:00:00Z')).toBe(s1);
  });

  it('refuses naive times, bad durations and cancelled sessions', () => {
    const now = '2026-01-20T10:00:00Z';
    expect(() => moveSession(s1, '2026-02-17T19:00', undefined, now)).toThrow(/offset/);
    expect(() => moveSession(s1, 'next tuesday', undefined, now)).toThrow(CohortScheduleError);
    for (const d of [0, 14, 481, 30.5]) expect(() => moveSession(s1, '2026-02-17T19:00:00Z', d, now)).toThrow(/durationMinutes/);
    expect(() => moveSession(cancelSession(s1, now), '2026-02-17T19:00:00Z', undefined, now)).toThrow(/cancelled/);
  });
});

describe('cancelSession', () => {
  it('marks cancelled, bumps sequence once and keeps the time', () => {
    const s = make()[2]!;
    const cancelled = cancelSession(s, '2026-01-21T10:00:00+00:00');
    expect(cancelled).toEqual({ ...s, status: 'cancelled', sequence: 1, updatedAt: '2026-01-21T10:00:00.000Z' });
    expect(cancelSession(cancelled, '2026-01-22T10:00:00Z')).toBe(cancelled);
  });
});

describe('formatInZone', () => {
  const winter = '2026-02-10T19:00:00.000Z';
  const summer = '2026-07-14T18:00:00.000Z';

  it('shows the same winter session in each person’s zone', () => {
    expect(formatInZone(winter, 'Europe/London')).toBe('Tue 10 Feb 2026, 19:00 GMT');
    expect(formatInZone(winter, 'America/Los_Angeles')).toBe('Tue 10 Feb 2026, 11:00 GMT-8');
    expect(formatInZone(winter, 'Asia/Tokyo')).toBe('Wed 11 Feb 2026, 04:00 GMT+9');
  });

  it('follows each zone’s own DST for a summer session', () => {
    expect(formatInZone(summer, 'Europe/London')).toBe('Tue 14 Jul 2026, 19:00 BST');
    expect(formatInZone(summer, 'America/Los_Angeles')).toBe('Tue 14 Jul 2026, 11:00 GMT-7');
    expect(formatInZone(summer, 'Asia/Tokyo')).toBe('Wed 15 Jul 2026, 03:00 GMT+9');
    expect(formatInZone(summer, 'Asia/Kolkata')).toBe('Tue 14 Jul 2026, 23:30 GMT+5:30');
  });

  it('uses the locale for names and zone labels but stays 24-hour', () => {
    expect(formatInZone(winter, 'America/Los_Angeles', 'en-US')).toBe('Tue 10 Feb 2026, 11:00 PST');
    expect(formatInZone(winter, 'Europe/Berlin', 'de-DE')).toMatch(/^Di\.? 10 Feb\.? 2026, 20:00 MEZ$/);
  });

  it('rejects unknown zones and naive instants', () => {
    expect(() => formatInZone(winter, 'Europe/Atlantis')).toThrow(/IANA/);
    expect(() => formatInZone('2026-02-10T19:00', 'Europe/London')).toThrow(CohortScheduleError);
  });
});

describe('previewInZones', () => {
  it('shows every session in the cohort zone and the requested zones, with day shifts', () => {
    const rows = previewInZones(spec, ['America/Los_Angeles', 'Asia/Tokyo']);
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual({
      index: 0,
      startsAt: '2026-01-13T19:00:00.000Z',
      endsAt: '2026-01-13T20:30:00.000Z',
      cohort: { timeZone: 'Europe/London', local: 'Tue 13 Jan 2026, 19:00 GMT', dayShift: 0 },
      zones: [
        { timeZone: 'America/Los_Angeles', local: 'Tue 13 Jan 2026, 11:00 GMT-8', dayShift: 0 },
        { timeZone: 'Asia/Tokyo', local: 'Wed 14 Jan 2026, 04:00 GMT+9', dayShift: 1 },
      ],
    });
    // Every row is 19:00 at home, whatever the UTC offset that month.
    expect(rows.every((r) => r.cohort.local.includes(', 19:00 '))).toBe(true);
    expect(rows[3]!.cohort.local).toBe('Tue 14 Apr 2026, 19:00 BST');
    // US DST starts 2026-03-08, three weeks before the UK's: the gap is 7 h, not 8, in March.
    expect(rows[2]!.zones[0]!.local).toBe('Tue 10 Mar 2026, 12:00 GMT-7');
  });

  it('reports the previous day for zones behind', () => {
    const morning = { ...spec, time: '07:00', count: 1 };
    expect(previewInZones(morning, ['Pacific/Honolulu'])[0]!.zones[0]).toEqual({
      timeZone: 'Pacific/Honolulu',
      local: 'Mon 12 Jan 2026, 21:00 GMT-10',
      dayShift: -1,
    });
  });

  it('rejects unknown zones', () => {
    expect(() => previewInZones(spec, ['Asia/Tokyo', 'Moon/Base'])).toThrow(/Moon\/Base/);
  });
});
