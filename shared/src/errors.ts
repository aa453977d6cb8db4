/**
 * The closed set of error codes any ack or HTTP error may carry. Clients switch on
 * these; adding one is a contract change.
 */
export const ERROR_CODES = [
  'INVALID_PAYLOAD',
  'PROTOCOL_MISMATCH',
  'NOT_ALLOWED',
  'NOT_YOUR_TURN',
  'NOT_IN_CIRCLE',
  'ALREADY_IN_CIRCLE',
  'NOT_FOUND',
  'ROOM_FULL',
  'MEDIA_ERROR',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
  /** The circle is hosted by another Hearth node: reconnect to `location` and send the request again. */
  'MOVED',
  // HTTP API (accounts and cohorts). Owner: server/src/http/api.
  /** No valid session cookie: sign in first. */
  'UNAUTHENTICATED',
  /** A cookie-authenticated write without the session's x-csrf-token. */
  'CSRF',
  /** The write contradicts current state (already a member, email taken, stale version…). */
  'CONFLICT',
  /** The thing existed but is no longer usable (used or expired invite). */
  'GONE',
  /** A sensitive action (deleting the account) needs the account's password, and it was wrong. */
  'REAUTH_FAILED',
  // Session circles (a cohort's sessions). Owner: server/src/services/circleAccess.
  /** The cohort's group agreement must be accepted (and affirmed for this session) first. */
  'AGREEMENT_REQUIRED',
  /** The session's circle is not open now (the message says when it opens). */
  'CIRCLE_CLOSED',
  /** This circle has a lobby: knock and wait to be admitted. */
  'LOBBY_REQUIRED',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The HTTP status each error code is answered with (the API's error envelope); codes not
 * named here are 400. One table for both sides: the server answers with it, the client reads
 * a status back into a code when a proxy answered without Hearth's envelope.
 */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_PAYLOAD: 400,
  UNAUTHENTICATED: 401,
  NOT_ALLOWED: 403,
  CSRF: 403,
  REAUTH_FAILED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ROOM_FULL: 409,
  GONE: 410,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

/** The HTTP status for a code. */
export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code] ?? 400;
}

/** The code a bare HTTP status stands for (the first code answered with it; any 5xx: UNAVAILABLE). */
export function codeOfHttpStatus(status: number): ErrorCode {
  if (status >= 500) return 'UNAVAILABLE';
  for (const [code, s] of Object.entries(HTTP_STATUS)) if (s === status) return code as ErrorCode;
  return 'INVALID_PAYLOAD';
}

/** The error half of every ack. `message` is for people, `code` for programs. */
export interface WireError {
  code: ErrorCode;
  message: string;
  /** MOVED: the URL of the node that hosts the circle. */
  location?: string;
}

/** Every ack is one of these two shapes. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

/** Callback socket.io hands to a handler for its reply. */
export type AckFn<T> = (result: Ack<T>) => void;

/** Builds a success ack. */
export function ok<T>(data: T): Ack<T> {
  return { ok: true, data };
}

/** Builds a failure ack. */
export function fail(code: ErrorCode, message: string, location?: string): { ok: false; error: WireError } {
  return { ok: false, error: location === undefined ? { code, message } : { code, message, location } };
}

/** Type guard for values received from the other side. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
