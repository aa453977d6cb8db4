import type { ErrorCode } from '@hearth/shared';

/**
 * A refusal that the client should see, with a code from the wire contract. Anything
 * else a handler throws is logged and answered as INTERNAL.
 */
export class DomainError extends Error {
  /** MOVED: where to go instead (the node that hosts the circle). */
  readonly location: string | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: { location?: string } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.location = extra.location;
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
