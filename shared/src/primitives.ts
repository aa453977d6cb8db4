import { z } from 'zod';

/** Circle ids appear in URLs (`/c/<circleId>`): keep them URL-safe. */
export const circleIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only');

/** A display name as people see it in tiles. */
export const displayNameSchema = z
  .string()
  .transform((s) => s.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1, 'a name is required').max(40, 'at most 40 characters'));

