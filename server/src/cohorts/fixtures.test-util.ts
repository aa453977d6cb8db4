import type { ScheduleSpec } from './schedule';

/** The programme used across the cohort tests: monthly, 2nd Tuesday, 19:00 London, 8 sessions. */
export const londonSecondTuesday: ScheduleSpec = {
  timeZone: 'Europe/London',
  startDate: '2026-01-01',
  time: '19:00',
  durationMinutes: 90,
  rule: { freq: 'monthly', byWeekday: 'TU', bySetPos: 2 },
  count: 8,
};
