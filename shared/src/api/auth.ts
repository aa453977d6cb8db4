import { z } from 'zod';
import { displayNameSchema } from '../primitives';
import { accountNameSchema, emailSchema, entityIdSchema, newPasswordSchema, timeZoneSchema, urlTokenSchema } from './common';

/** `POST /api/auth/sign-in`. The password is not checked against the policy here: old ones still sign in. */
export const signInBodySchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(256),
});
/** The validated value of {@link signInBodySchema}. */
export type SignInBody = z.infer<typeof signInBodySchema>;

/** `PATCH /api/me`. A null time zone means "use each cohort's own zone". */
export const updateMeBodySchema = z
  .strictObject({
    name: accountNameSchema.optional(),
    timeZone: timeZoneSchema.nullable().optional(),
  })
  .refine((b) => b.name !== undefined || b.timeZone !== undefined, { message: 'nothing to change' });
/** The validated value of {@link updateMeBodySchema}. */
export type UpdateMeBody = z.infer<typeof updateMeBodySchema>;

/** `:token` of the invite routes. */
export const inviteParamsSchema = z.strictObject({ token: urlTokenSchema });

/**
 * `POST /api/invites/:token/accept`. Signed in: only `displayName` (the cohort adds to the
 * existing account). Signed out: `account` creates the account and signs it in.
 */
export const acceptInviteBodySchema = z.strictObject({
  /** How this person appears in this cohort: a first name or a pseudonym. */
  displayName: displayNameSchema,
  account: z
    .strictObject({
      email: emailSchema,
      name: accountNameSchema,
      password: newPasswordSchema,
      timeZone: timeZoneSchema.optional(),
    })
    .optional(),
});
/** The validated value of {@link acceptInviteBodySchema}. */
export type AcceptInviteBody = z.infer<typeof acceptInviteBodySchema>;

/**
 * `DELETE /api/me`: erasing one's own account needs the password again (on top of the
 * session cookie and CSRF token), so a borrowed unlocked browser cannot do it.
 */
export const deleteMeBodySchema = z.strictObject({ password: z.string().min(1).max(256) });
/** The validated value of {@link deleteMeBodySchema}. */
export type DeleteMeBody = z.infer<typeof deleteMeBodySchema>;

/** `:id` of `DELETE /api/admin/users/:id`. */
export const userParamsSchema = z.strictObject({ id: entityIdSchema });
