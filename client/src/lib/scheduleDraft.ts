import { scheduleSpecSchema, type ScheduleSpecInput } from '@hearth/shared';

/** RFC 5545 weekday codes with their names, Monday first. */
export const WEEKDAYS = [
  ['MO', 'Monday'],
  ['TU', 'Tuesday'],
  ['WE', 'Wednesday'],
  ['TH', 'Thursday'],
  ['FR', 'Friday'],
  ['SA', 'Saturday'],
  ['SU', 'Sunday'],
] as const;

/** A weekday code. */
export type Weekday = (typeof WEEKDAYS)[number][0];

/** "Which one in the month": 1st–4th or last (-1). */
export const SET_POSITIONS = [
  ['1', 'First'],
  ['2', 'Second'],
  ['3', 'Third'],
  ['4', 'Fourth'],
  ['-1', 'Last'],
] as const;

/** The schedule builder's fields as typed (numbers stay text until checked). */
export interface ScheduleDraft {
  freq: 'monthly' | 'weekly';
  interval: string;
  /** Monthly: "the 2nd Tuesday" or "the 15th". */
  monthlyBy: 'weekday' | 'monthDay';
  setPos: (typeof SET_POSITIONS)[number][0];
  weekday: Weekday;
  monthDay: string;
  time: string;
  duration: string;
  count: string;
  startDate: string;
}

/** Fields of {@link ScheduleDraft} that can be wrong. */
export type ScheduleDraftErrors = Partial<Record<'interval' | 'monthDay' | 'time' | 'duration' | 'count' | 'startDate', string>>;

/** A typical programme: monthly on the 2nd Tuesday at 19:00, 90 minutes, 8 sessions. */
export function defaultScheduleDraft(startDate: string): ScheduleDraft {
  return { freq: 'monthly', interval: '1', monthlyBy: 'weekday', setPos: '2', weekday: 'TU', monthDay: '1', time: '19:00', duration: '90', count: '8', startDate };
}

/** The builder's fields for a saved spec (null when the spec is missing or unreadable). */
export function draftFromSpec(spec: unknown): ScheduleDraft | null {
  const parsed = scheduleSpecSchema.safeParse(spec);
  if (!parsed.success) return null;
  const s = parsed.data;
  return {
    freq: s.rule.freq,
    interval: String(s.rule.interval ?? 1),
    monthlyBy: s.rule.byMonthDay !== undefined ? 'monthDay' : 'weekday',
    setPos: String(s.rule.bySetPos ?? 2) as ScheduleDraft['setPos'],
    weekday: s.rule.byWeekday ?? 'TU',
    monthDay: String(s.rule.byMonthDay ?? 1),
    time: s.time,
    duration: String(s.durationMinutes),
    count: String(s.count),
    startDate: s.startDate,
  };
}

function whole(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
}

/**
 * Builds the spec the API takes, with the server's own bounds and cross-field rules
 * (weekly: a weekday only; monthly: either a day of the month or an nth weekday), so
 * the preview never asks the server about a spec it must refuse.
 */
export function specFromDraft(d: ScheduleDraft, timeZone: string): { ok: true; spec: ScheduleSpecInput } | { ok: false; errors: ScheduleDraftErrors } {
  const errors: ScheduleDraftErrors = {};
  const interval = whole(d.interval, 1, 12);
  if (interval === null) errors.interval = 'Enter a whole number from 1 to 12.';
  const durationMinutes = whole(d.duration, 15, 480);
  if (durationMinutes === null) errors.duration = 'Enter a length from 15 to 480 minutes.';
  const count = whole(d.count, 1, 52);
  if (count === null) errors.count = 'Enter a number of sessions from 1 to 52.';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(d.time)) errors.time = 'Enter a time such as 19:00.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.startDate) || Number.isNaN(Date.parse(`${d.startDate}T00:00:00Z`))) errors.startDate = 'Enter a start date.';
  let monthDay: number | null = null;
  if (d.freq === 'monthly' && d.monthlyBy === 'monthDay') {
    monthDay = whole(d.monthDay, 1, 31);
    if (monthDay === null) errors.monthDay = 'Enter a day of the month from 1 to 31.';
  }
  if (Object.keys(errors).length > 0 || interval === null || durationMinutes === null || count === null) return { ok: false, errors };

  const rule: ScheduleSpecInput['rule'] =
    d.freq === 'weekly'
      ? { freq: 'weekly', byWeekday: d.weekday }
      : monthDay !== null
        ? { freq: 'monthly', byMonthDay: monthDay }
        : { freq: 'monthly', byWeekday: d.weekday, bySetPos: Number(d.setPos) as -1 | 1 | 2 | 3 | 4 };
  // An interval of 1 is the default: leave it out so saved specs stay minimal.
  if (interval > 1) rule.interval = interval;
  return { ok: true, spec: { timeZone, startDate: d.startDate, time: d.time, durationMinutes, rule, count } };
}
