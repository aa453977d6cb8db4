import type { ErrorCode } from '@hearth/shared';

/**
 * A refusal that the client should see, with a code from the wire contract. Anything
 * else a handler throws is logged and answered as INTERNAL.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * The store (Redis) could not be reached: the request changed nothing and may be retried.
 * Answered as UNAVAILABLE (HTTP 503), never as INTERNAL, and not logged as an error.
 */
export class StoreUnavailableError extends DomainError {
  constructor(cause?: unknown) {
    super('UNAVAILABLE', 'Hearth can’t reach its data right now. It is trying again; nothing you did was lost.');
    this.name = 'StoreUnavailableError';
    this.cause = cause;
  }
}
