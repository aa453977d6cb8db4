import type { ErrorCode } from '@hearth/shared';
import { ApiError } from './api';

/**
 * Turns API errors into sentences for people. The server's messages are written for
 * developers ("body.account.password: at least 10 characters"); these read calmly and
 * say what to do next.
 */

/** Messages that depend only on the code, used unless the caller overrides them. */
const BY_CODE: Partial<Record<ErrorCode, string>> = {
  UNAVAILABLE: "Can't reach Hearth right now. Check your connection and try again.",
  INTERNAL: 'Something went wrong on our side. Please try again in a moment.',
  CSRF: 'Your session needs refreshing. Please reload the page and try again.',
  UNAUTHENTICATED: 'Please sign in again to continue.',
  NOT_ALLOWED: "You don't have permission to do that.",
  NOT_FOUND: "We couldn't find that. It may have been removed.",
};

/** "a few seconds", "about 3 minutes", "about 2 hours": for Retry-After waits. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return 'a few seconds';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return `about ${hours} hour${hours === 1 ? '' : 's'}`;
}

/** "body.account.displayName: a name is required" → "Display name: a name is required." */
export function humaniseServerMessage(message: string): string {
  const parts = message.split('; ').map((part) => {
    const m = /^(?:body|params|query)\.(?:[\w]+\.)*(\w+): (.*)$/.exec(part);
    const text = m ? `${words(m[1] ?? '')}: ${m[2] ?? ''}` : part;
    return sentence(text);
  });
  return parts.join(' ');
}

function words(camel: string): string {
  return camel.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * The sentence to show for a failed call. `overrides` give a page's own wording for
 * codes it expects (e.g. sign-in's UNAUTHENTICATED means "wrong password").
 */
export function friendlyMessage(err: unknown, overrides: Partial<Record<ErrorCode, string>> = {}): string {
  if (!(err instanceof ApiError)) return BY_CODE.INTERNAL!;
  const own = overrides[err.code];
  if (own) return own;
  if (err.code === 'RATE_LIMITED') {
    return `Too many attempts. Please wait ${describeWait(err.retryAfterSeconds ?? 60)}, then try again.`;
  }
  const fixed = BY_CODE[err.code];
  if (fixed) return fixed;
  // CONFLICT, GONE, INVALID_PAYLOAD: the server's own reason is the useful part.
  return humaniseServerMessage(err.message);
}
