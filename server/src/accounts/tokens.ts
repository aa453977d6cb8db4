import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secrets handed to people (session cookies, invite links, calendar URLs). Only their
 * SHA-256 is used in store keys, so a copy of the store, a key listing or a Redis
 * MONITOR does not hand out working credentials.
 */

/** A new URL-safe secret: 32 random bytes, 43 base64url characters. */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A short random id for records (users, cohorts, sessions): 12 URL-safe characters. */
export function newId(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * SHA-256 of a token, base64url. A fast hash is enough here (unlike passwords): the
 * tokens are 256-bit random, so there is nothing to brute-force.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Constant-time string comparison, so a CSRF token can't be guessed byte by byte. */
export function safeEqual(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}
