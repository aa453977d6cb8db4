import { DateTime, IANAZone } from 'luxon';
import { Frequency, RRule, datetime, type Options, type Weekday } from 'rrule';
import { z } from 'zod';
import { CohortScheduleError, resolveLocal, toUtcIso, type LocalAdjustment } from './time';

/**
 * A cohort's meeting pattern: "monthly on the second Tuesday at 19:00 Europe/London,
 * 8 times". Dates and the time are local to `timeZone`; instants only appear once the
 * schedule is expanded, so the wall-clock time survives DST changes.
 */

/** RFC 5545 weekday codes, Monday first (RFC 5545's default week start). */
export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

const RRULE_WEEKDAY: Record<WeekdayCode, Weekday> = {
  MO: RRule.MO, TU: RRule.TU, WE: RRule.WE, TH: RRule.TH, FR: RRule.FR, SA: RRule.SA, SU: RRule.SU,
};
const WEEKDAY_NAME: Record<WeekdayCode, string> = {
  MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday',
};

const ruleSchema = z
  .strictObject({
    freq: z.enum(['monthly', 'weekly']),
    interval: z.number().int().min(1).max(12).optional(),
    byWeekday: z.enum(WEEKDAY_CODES).optional(),
    /** nth weekday of the month; -1 = last. */
    bySetPos: z.union([z.literal(-1), z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
    byMonthDay: z.number().int().min(1).max(31).optional(),
  })
  .superRefine((rule, ctx) => {
    const fail = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
    if (rule.freq === 'weekly') {
      if (rule.bySetPos !== undefined) fail('bySetPos only applies to monthly rules', 'bySetPos');
      if (rule.byMonthDay !== undefined) fail('byMonthDay only applies to monthly rules', 'byMonthDay');
      return;
    }
    if (rule.byMonthDay !== undefined && (rule.byWeekday !== undefined || rule.bySetPos !== undefined)) {
      // RFC 5545 would intersect them ("the 13th, if it is a Friday"): never what an admin means.
      fail('use either byMonthDay or byWeekday+bySetPos, not both', 'byMonthDay');
    }
    if (rule.bySetPos !== undefined && rule.byWeekday === undefined) fail('bySetPos needs byWeekday', 'byWeekday');
    if (rule.byWeekday !== undefined && rule.bySetPos === undefined && rule.byMonthDay === undefined) {
      // A monthly BYDAY=TU alone means *every* Tuesday of the month, so 8 sessions would be
      // used up in two months. Ask for the position instead of guessing.
      fail('a monthly byWeekday needs bySetPos (1-4, or -1 for the last)', 'bySetPos');
    }
  });

/** zod schema for {@link ScheduleSpec}; parse untrusted input with it. */
export const scheduleSpecSchema = z.strictObject({
  timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), { message: 'not a known IANA time zone' }),
  startDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
    .refine((d) => DateTime.fromISO(d).isValid, { message: 'not a calendar date' }),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm (24-hour)'),
  durationMinutes: z.number().int().min(15).max(480),
  rule: ruleSchema,
  count: z.number().int().min(1).max(52),
});

/** A cohort schedule. `startDate` is the first possible date, not necessarily a session date. */
export type ScheduleSpec = z.infer<typeof scheduleSpecSchema>;
export type ScheduleRule = ScheduleSpec['rule'];

/** One expanded session slot. `index` is 0-based ("Session 1" is index 0). */
export interface ScheduledOccurrence {
  index: number;
  /** UTC ISO instant, e.g. "2026-01-13T19:00:00.000Z". */
  startsAt: string;
  endsAt: string;
  /** Whether the local time had to be moved out of a DST gap or chosen within an overlap. */
  adjustment: LocalAdjustment;
}

/** Validates a spec (throwing {@link CohortScheduleError} with zod's messages) and returns it. */
export function parseScheduleSpec(input: unknown): ScheduleSpec {
  const result = scheduleSpecSchema.safeParse(input);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || '(spec)'}: ${i.message}`).join('; ');
    throw new CohortScheduleError(`invalid schedule: ${detail}`);
  }
  return result.data;
}

function startDateOf(spec: ScheduleSpec): DateTime {
  // Parsed in UTC only to read calendar fields; the date itself is local to spec.timeZone.
  return DateTime.fromISO(spec.startDate, { zone: 'utc' });
}

/**
 * Fills in what RFC 5545 would otherwise take from DTSTART (weekly: the start date's
 * weekday; monthly: its day of the month), so the rule reads the same everywhere.
 */
function normalizedRule(spec: ScheduleSpec): ScheduleRule {
  const { rule } = spec;
  const start = startDateOf(spec);
  if (rule.freq === 'weekly' && rule.byWeekday === undefined) {
    return { ...rule, byWeekday: WEEKDAY_CODES[start.weekday - 1]! };
  }
  if (rule.freq === 'monthly' && rule.byWeekday === undefined && rule.byMonthDay === undefined) {
    return { ...rule, byMonthDay: start.day };
  }
  return rule;
}

function rruleOptions(spec: ScheduleSpec): Partial<Options> {
  const rule = normalizedRule(spec);
  const options: Partial<Options> = {
    freq: rule.freq === 'monthly' ? Frequency.MONTHLY : Frequency.WEEKLY,
    count: spec.count,
  };
  if ((rule.interval ?? 1) !== 1) options.interval = rule.interval;
  if (rule.byWeekday !== undefined) options.byweekday = [RRULE_WEEKDAY[rule.byWeekday]];
  if (rule.bySetPos !== undefined) options.bysetpos = [rule.bySetPos];
  if (rule.byMonthDay !== undefined) options.bymonthday = [rule.byMonthDay];
  return options;
}

// A rule like "every 12 months on the 29th" started in February only hits leap years;
// rrule would search to year 9999 for the count. Give up long before that.
const HORIZON_YEARS = 100;

/**
 * Expands a schedule into concrete session instants.
 *
 * rrule is used only to pick the local calendar DATES: it is fed a "floating" UTC
 * midnight for `startDate` and its results are read back as plain Y-M-D values, so no
 * server or UTC offset leaks into the date arithmetic. Each date is then combined with
 * `time` in `timeZone` via luxon, which is what keeps 19:00 at 19:00 local across DST.
 *
 * - A time that does not exist that day (spring-forward gap) is shifted forward by the
 *   gap length, e.g. 02:30 → 03:30 in New York on 2026-03-08 (`adjustment: 'gap-shifted'`).
 * - A time that occurs twice (fall-back overlap) takes the first, earlier occurrence
 *   (`adjustment: 'ambiguous-earlier'`).
 * - `byMonthDay` 29–31 skips months that lack that day (RFC 5545 §3.3.10: invalid dates
 *   are ignored, not clamped), so "31st, 8 times" from January lands Jan, Mar, May, Jul,
 *   Aug, Oct, Dec and then January of the next year.
 *
 * Throws {@link CohortScheduleError} for an invalid spec or one that cannot produce
 * `count` sessions within 100 years.
 */
export function expandSchedule(input: ScheduleSpec): ScheduledOccurrence[] {
  const spec = parseScheduleSpec(input);
  const start = startDateOf(spec);
  const [hour, minute] = spec.time.split(':').map(Number) as [number, number];
  const rrule = new RRule({
    ...rruleOptions(spec),
    dtstart: datetime(start.year, start.month, start.day),
    until: datetime(start.year + HORIZON_YEARS, start.month, 1),
  });
  const dates = rrule.all();
  if (dates.length < spec.count) {
    throw new CohortScheduleError(
      `schedule yields only ${dates.length} of ${spec.count} sessions within ${HORIZON_YEARS} years`,
    );
  }
  return dates.map((date, index) => {
    const { dt, adjustment } = resolveLocal(spec.timeZone, {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour,
      minute,
    });
    return {
      index,
      startsAt: toUtcIso(dt),
      // Duration is elapsed time, so a session spanning a DST change still lasts 90 minutes.
      endsAt: toUtcIso(dt.plus({ minutes: spec.durationMinutes })),
      adjustment,
    };
  });
}

const SET_POS_WORD: Record<string, string> = { '-1': 'last', '1': '1st', '2': '2nd', '3': '3rd', '4': '4th' };

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/**
 * Human-readable summary for admins, e.g.
 * "Monthly on the 2nd Tuesday at 19:00 (Europe/London), 8 sessions".
 *
 * Written by hand rather than with rrule's `toText()`, which drops BYSETPOS (it renders
 * "last Friday" as "every month on Friday") and does not know about zones or durations.
 */
export function describeSchedule(input: ScheduleSpec): string {
  const spec = parseScheduleSpec(input);
  const rule = normalizedRule(spec);
  const interval = rule.interval ?? 1;
  const unit = rule.freq === 'monthly' ? 'month' : 'week';
  const every = interval === 1 ? (rule.freq === 'monthly' ? 'Monthly' : 'Weekly') : `Every ${interval} ${unit}s`;
  let on: string;
  if (rule.freq === 'weekly') {
    on = `on ${WEEKDAY_NAME[rule.byWeekday!]}`;
  } else if (rule.byMonthDay !== undefined) {
    const day = ordinal(rule.byMonthDay);
    on = `on the ${day}${rule.byMonthDay > 28 ? ` (skipping months without a ${day})` : ''}`;
  } else {
    on = `on the ${SET_POS_WORD[String(rule.bySetPos)]} ${WEEKDAY_NAME[rule.byWeekday!]}`;
  }
  const sessions = `${spec.count} session${spec.count === 1 ? '' : 's'}`;
  return `${every} ${on} at ${spec.time} (${spec.timeZone}), ${sessions}`;
}

/**
 * The schedule as an RFC 5545 RRULE line, e.g. "RRULE:FREQ=MONTHLY;COUNT=8;BYDAY=TU;BYSETPOS=2".
 *
 * Pair it with `DTSTART;TZID=<timeZone>:<first session, local>`; RFC 5545 resolves DST
 * gaps and overlaps the same way {@link expandSchedule} does. Hearth's own feeds emit one
 * VEVENT per session instead (sessions can be moved or cancelled one by one), so this is
 * for export and display.
 */
export function toRRuleString(input: ScheduleSpec): string {
  return RRule.optionsToString(rruleOptions(parseScheduleSpec(input)));
}
