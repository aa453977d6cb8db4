import { DateTime } from 'luxon';
import { Frequency, RRule, datetime, type Options, type Weekday } from 'rrule';
import { WEEKDAY_CODES, scheduleSpecSchema, type ScheduleRule, type ScheduleSpec, type WeekdayCode } from '@hearth/shared';
import { CohortScheduleError, resolveLocal, toUtcIso, type LocalAdjustment } from './time';

/**
 * A cohort's meeting pattern: "monthly on the second Tuesday at 19:00 Europe/London,
 * 8 times". Dates and the time are local to `timeZone`; instants only appear once the
 * schedule is expanded, so the wall-clock time survives DST changes.
 */

export { WEEKDAY_CODES, scheduleSpecSchema, type ScheduleRule, type ScheduleSpec, type WeekdayCode } from '@hearth/shared';

const RRULE_WEEKDAY: Record<WeekdayCode, Weekday> = {
  MO: RRule.MO, TU: RRule.TU, WE: RRule.WE, TH: RRule.TH, FR: RRule.FR, SA: RRule.SA, SU: RRule.SU,
};
const WEEKDAY_NAME: Record<WeekdayCode, string> = {
  MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday',
};

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
function parseScheduleSpec(input: unknown): ScheduleSpec {
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
  // The one check inside the domain: every caller (the edge, stored specs, tests) gets the
  // same refusal for a spec that is not one.
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
export function describeSchedule(spec: ScheduleSpec): string {
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
export function toRRuleString(spec: ScheduleSpec): string {
  return RRule.optionsToString(rruleOptions(spec));
}
