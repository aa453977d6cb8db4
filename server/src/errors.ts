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
