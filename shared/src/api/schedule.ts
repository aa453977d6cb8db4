import { z } from 'zod';
import { entityIdSchema, timeZoneSchema } from './common';

/** RFC 5545 weekday codes, Monday first (RFC 5545's default week start). */
export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
/** One of {@link WEEKDAY_CODES}. */
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

/** Whether `d` (YYYY-MM-DD) is a day of the calendar (not 2026-02-30). */
function isCalendarDate(d: string): boolean {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}

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

/**
 * A cohort's meeting pattern: "monthly on the second Tuesday at 19:00 Europe/London,
 * 8 times". Dates and the time are local to `timeZone`. One schema, with its cross-field
 * rules, for the client's schedule builder and the server's edge: a spec is parsed once,
 * where it comes in.
 */
export const scheduleSpecSchema = z.strictObject({
  timeZone: timeZoneSchema,
  startDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
    .refine(isCalendarDate, { message: 'not a calendar date' }),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm (24-hour)'),
  durationMinutes: z.number().int().min(15).max(480),
  rule: ruleSchema,
  count: z.number().int().min(1).max(52),
});
/** A cohort schedule. `startDate` is the first possible date, not necessarily a session date. */
export type ScheduleSpec = z.infer<typeof scheduleSpecSchema>;
/** A schedule's repeat rule. */
export type ScheduleRule = ScheduleSpec['rule'];
/** What a client sends as a spec (the same shape: nothing has a default). */
export type ScheduleSpecInput = z.input<typeof scheduleSpecSchema>;

const themeSchema = z.string().trim().max(120);

/** `PUT /api/cohorts/:id/themes`: every session's theme in one save (null or blank: none). */
export const putThemesBodySchema = z.strictObject({
  themes: z
    .array(z.strictObject({ sessionId: entityIdSchema, theme: themeSchema.nullable() }))
    .min(1)
    .max(52),
});
/** The validated value of {@link putThemesBodySchema}. */
export type PutThemesBody = z.infer<typeof putThemesBodySchema>;

/** `PUT /api/cohorts/:id/schedule`. Without `themes`, each session keeps the theme at its position. */
export const putScheduleBodySchema = z.strictObject({
  spec: scheduleSpecSchema,
  themes: z.array(themeSchema).max(52).optional(),
});
/** The validated value of {@link putScheduleBodySchema}. */
export type PutScheduleBody = z.infer<typeof putScheduleBodySchema>;

/** `POST /api/cohorts/:id/schedule/preview`: the spec seen from the cohort's zone and up to 4 others. */
export const previewScheduleBodySchema = z.strictObject({
  spec: scheduleSpecSchema,
  zones: z.array(timeZoneSchema).max(4).default([]),
});
/** The validated value of {@link previewScheduleBodySchema}. */
export type PreviewScheduleBody = z.infer<typeof previewScheduleBodySchema>;

/** `:id/sessions/:sessionId`. */
export const sessionParamsSchema = z.strictObject({ id: entityIdSchema, sessionId: entityIdSchema });

/**
 * `PATCH /api/cohorts/:id/sessions/:sessionId`: move (startsAt and/or a new length),
 * cancel, or change the theme. Cancelling is final and cannot be combined with a move.
 */
export const patchSessionBodySchema = z
  .strictObject({
    startsAt: z.iso.datetime({ offset: true }).optional(),
    durationMinutes: z.number().int().min(15).max(480).optional(),
    cancelled: z.literal(true).optional(),
    theme: themeSchema.nullable().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change' })
  .refine((b) => !(b.cancelled && (b.startsAt !== undefined || b.durationMinutes !== undefined)), {
    message: 'a session cannot be moved and cancelled at once',
  });
/** The validated value of {@link patchSessionBodySchema}. */
export type PatchSessionBody = z.infer<typeof patchSessionBodySchema>;
