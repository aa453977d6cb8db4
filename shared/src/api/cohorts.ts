import { z } from 'zod';
import { startingRulesSchema } from '../circle/commands';
import { displayNameSchema } from '../primitives';
import { emailSchema, entityIdSchema, timeZoneSchema } from './common';

/** A role within one cohort. Admin is site-wide, not a cohort role. */
export const cohortRoleSchema = z.enum(['facilitator', 'member']);
/** The validated value of {@link cohortRoleSchema}. */
export type CohortRole = z.infer<typeof cohortRoleSchema>;

const text = (max: number) => z.string().trim().max(max);

/**
 * The rules a cohort's session circles (or a hosted circle) start with: mode (not a round),
 * queue order, direct replies, turn limit, auto-advance, facilitators-may-speak. Omitted
 * rules take Hearth's defaults.
 */
export const circleDefaultsSchema = startingRulesSchema;
/** The validated value of {@link circleDefaultsSchema}. */
export type CircleDefaults = z.infer<typeof circleDefaultsSchema>;

/** `PUT /api/circles/:circleId/defaults`: "save these settings for next time" from inside a circle. */
export const putCircleDefaultsBodySchema = z.strictObject({ rules: circleDefaultsSchema });
/** The validated value of {@link putCircleDefaultsBodySchema}. */
export type PutCircleDefaultsBody = z.infer<typeof putCircleDefaultsBodySchema>;

/** Cohort fields an admin or facilitator may set, with their bounds. */
const cohortFields = {
  name: z.string().trim().min(1, 'a name is required').max(80),
  description: text(2000),
  /** Programme stage, e.g. "Aspiring" or "Qualified". */
  stage: text(40),
  /** Seats for members (facilitators do not take one). */
  capacity: z.number().int().min(2).max(50),
  /** Home zone: where the schedule's wall-clock time is anchored. */
  timeZone: timeZoneSchema,
  crisisResources: text(4000),
  lobbyEnabled: z.boolean(),
  openBeforeMinutes: z.number().int().min(0).max(60),
  graceMinutes: z.number().int().min(0).max(120),
};

/** `POST /api/cohorts` (admins). Omitted fields take the documented defaults. */
export const createCohortBodySchema = z.strictObject({
  name: cohortFields.name,
  timeZone: cohortFields.timeZone,
  description: cohortFields.description.default(''),
  stage: cohortFields.stage.default(''),
  capacity: cohortFields.capacity.default(12),
  crisisResources: cohortFields.crisisResources.default(''),
  lobbyEnabled: cohortFields.lobbyEnabled.default(true),
  openBeforeMinutes: cohortFields.openBeforeMinutes.default(10),
  graceMinutes: cohortFields.graceMinutes.default(15),
  /** The group agreement's first version (empty: none yet). */
  agreement: text(10_000).default(''),
  /** The rules every session's circle starts with. */
  circleDefaults: circleDefaultsSchema.default({}),
});
/** The validated value of {@link createCohortBodySchema}. */
export type CreateCohortBody = z.infer<typeof createCohortBodySchema>;

/** `PATCH /api/cohorts/:id`: any subset of the fields, at least one. */
export const updateCohortBodySchema = z
  .strictObject({
    name: cohortFields.name.optional(),
    description: cohortFields.description.optional(),
    stage: cohortFields.stage.optional(),
    capacity: cohortFields.capacity.optional(),
    timeZone: cohortFields.timeZone.optional(),
    crisisResources: cohortFields.crisisResources.optional(),
    lobbyEnabled: cohortFields.lobbyEnabled.optional(),
    openBeforeMinutes: cohortFields.openBeforeMinutes.optional(),
    graceMinutes: cohortFields.graceMinutes.optional(),
    circleDefaults: circleDefaultsSchema.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change' });
/** The validated value of {@link updateCohortBodySchema}. */
export type UpdateCohortBody = z.infer<typeof updateCohortBodySchema>;

/** `:id` of the cohort routes. */
export const cohortParamsSchema = z.strictObject({ id: entityIdSchema });

/** `:id/members/:userId`. */
export const memberParamsSchema = z.strictObject({ id: entityIdSchema, userId: entityIdSchema });

/**
 * `PUT /api/cohorts/:id/agreement`. With `baseVersion`, the edit is refused (409) when
 * someone else changed the agreement since the editor loaded it.
 */
export const putAgreementBodySchema = z.strictObject({
  text: text(10_000),
  baseVersion: z.number().int().min(0).optional(),
});
/** The validated value of {@link putAgreementBodySchema}. */
export type PutAgreementBody = z.infer<typeof putAgreementBodySchema>;

/** `POST /api/cohorts/:id/agreement/accept`: the version the person read (409 if it is not current). */
export const acceptAgreementBodySchema = z.strictObject({ version: z.number().int().min(1) });
/** The validated value of {@link acceptAgreementBodySchema}. */
export type AcceptAgreementBody = z.infer<typeof acceptAgreementBodySchema>;

/** `POST /api/cohorts/:id/invites`. With `email`, only an account with that email can accept. */
export const createInviteBodySchema = z.strictObject({
  role: cohortRoleSchema.default('member'),
  email: emailSchema.optional(),
  expiresInDays: z.number().int().min(1).max(60).default(14),
});
/** The validated value of {@link createInviteBodySchema}. */
export type CreateInviteBody = z.infer<typeof createInviteBodySchema>;

/** `PATCH /api/cohorts/:id/members/:userId`. Only facilitators and admins may change `role`. */
export const updateMemberBodySchema = z
  .strictObject({ role: cohortRoleSchema.optional(), displayName: displayNameSchema.optional() })
  .refine((b) => b.role !== undefined || b.displayName !== undefined, { message: 'nothing to change' });
/** The validated value of {@link updateMemberBodySchema}. */
export type UpdateMemberBody = z.infer<typeof updateMemberBodySchema>;
