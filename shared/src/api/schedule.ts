import { z } from 'zod';
import { entityIdSchema, timeZoneSchema } from './common';

/**
 * The schedule spec's shape, mirrored from the server's cohorts/schedule.ts so the
 * client can build and check it. The server re-validates every spec with its own
 * schema (which adds the rule's cross-field checks), so the two can never disagree on
 * what is stored.
 */
export const scheduleSpecInputSchema = z.strictObject({
  timeZone: timeZoneSchema,
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm (24-hour)'),
  durationMinutes: z.number().int().min(15).max(480),
  rule: z.strictObject({
    freq: z.enum(['monthly', 'weekly']),
    interval: z.number().int().min(1).max(12).optional(),
    byWeekday: z.enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']).optional(),
    bySetPos: z.union([z.literal(-1), z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
    byMonthDay: z.number().int().min(1).max(31).optional(),
  }),
  count: z.number().int().min(1).max(52),
});
/** The validated value of {@link scheduleSpecInputSchema}. */
export type ScheduleSpecInput = z.infer<typeof scheduleSpecInputSchema>;

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
  spec: scheduleSpecInputSchema,
  themes: z.array(themeSchema).max(52).optional(),
});
/** The validated value of {@link putScheduleBodySchema}. */
export type PutScheduleBody = z.infer<typeof putScheduleBodySchema>;

/** `POST /api/cohorts/:id/schedule/preview`: the spec seen from the cohort's zone and up to 4 others. */
export const previewScheduleBodySchema = z.strictObject({
  spec: scheduleSpecInputSchema,
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
