import { z } from 'zod';

/**
 * Building blocks of the HTTP API's schemas. Everything here runs in the browser too,
 * so only zod and the platform's Intl are used.
 */

/** Ids of users, cohorts and sessions: URL-safe, and never containing ':' (store keys). */
export const entityIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only');

/** Secret tokens in URLs (invites, calendar feeds): base64url, long enough to be unguessable. */
export const urlTokenSchema = z
  .string()
  .min(20)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a valid token');

const ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * Whether `zone` is an IANA time zone this platform knows. Intl throws a RangeError for
 * unknown zones; the shape check keeps out things Intl may accept but luxon reads
 * differently (raw offsets).
 */
export function isTimeZone(zone: string): boolean {
  if (!ZONE_SHAPE.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name such as "Europe/London". */
export const timeZoneSchema = z.string().max(64).refine(isTimeZone, { message: 'not a known IANA time zone' });

/** Emails are compared lower-cased and trimmed, so "Ada@X.org " signs in as ada@x.org. */
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email('not an email address').max(254));

/**
 * A new password. The upper bound keeps argon2 from hashing megabytes on request; there
 * is deliberately no composition rule (length is what matters).
 */
export const newPasswordSchema = z.string().min(10, 'at least 10 characters').max(256, 'at most 256 characters');

/** A person's account name (private to them, admins and their facilitators). */
export const accountNameSchema = z
  .string()
  .transform((s) => s.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1, 'a name is required').max(80, 'at most 80 characters'));

/** Routes without query parameters refuse any, so typos don't pass silently. */
export const noQuerySchema = z.strictObject({});

/** Routes without a body (e.g. sign-out) accept nothing or an empty JSON object. */
export const noBodySchema = z.strictObject({}).optional();

/** `{ error: { code, message } }`: the body of every non-2xx API response. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** The header carrying the CSRF token on cookie-authenticated writes. */
export const CSRF_HEADER = 'x-csrf-token';

/** The session cookie's name. */
export const SIGN_IN_COOKIE = 'hearth_session';
