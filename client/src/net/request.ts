import type { AckFn, ClientToServerEvents, ErrorCode, WireError } from '@hearth/shared';
import { isErrorCode } from '@hearth/shared';

/** Name of a request the client can send. */
export type RequestName = keyof ClientToServerEvents;

/** What the client sends with request `E`. */
export type RequestPayload<E extends RequestName> = Parameters<ClientToServerEvents[E]>[0];

/** What the server's ack carries in `data` for request `E`. */
export type RequestData<E extends RequestName> =
  Parameters<ClientToServerEvents[E]>[1] extends AckFn<infer T> ? T : never;

/** Sends request `E` and resolves with the ack's `data`, or rejects with a {@link RequestError}. */
export type RequestFn = <E extends RequestName>(event: E, payload: RequestPayload<E>) => Promise<RequestData<E>>;

/** A failed request: `code` is for programs (one of the contract's error codes), `message` for people. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly event?: string,
    /** MOVED: the node to reconnect to. */
    readonly location?: string,
  ) {
    super(message);
  }

  /** Builds one from the error half of an ack. */
  static fromWire(error: WireError, event?: string): RequestError {
    return new RequestError(error.code, error.message, event, error.location);
  }
}

/**
 * The minimal transport {@link createRequest} needs. Kept this narrow so unit tests can
 * fake it, and because socket.io's typed `emit` overloads do not fit a generic helper.
 */
export interface AckTransport {
  /** Whether a request can be sent now. */
  isConnected(): boolean;
  /** Emits `event` with `payload`; calls `done(err)` on timeout, else `done(null, reply)`. */
  emitWithTimeout(event: string, payload: unknown, timeoutMs: number, done: (err: Error | null, reply?: unknown) => void): void;
}

/** Default time to wait for an ack; mediasoup operations answer in milliseconds. */
export const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Makes the typed request helper. Every failure becomes a {@link RequestError} with a
 * contract error code, so callers have exactly one error shape to handle:
 * not connected / timed out → `UNAVAILABLE`, malformed reply → `INTERNAL`.
 */
export function createRequest(transport: AckTransport, timeoutMs = REQUEST_TIMEOUT_MS): RequestFn {
  return <E extends RequestName>(event: E, payload: RequestPayload<E>) =>
    new Promise<RequestData<E>>((resolve, reject) => {
      // Fail fast instead of letting socket.io buffer the request until the timeout.
      if (!transport.isConnected()) {
        reject(new RequestError('UNAVAILABLE', "Can't reach the Hearth server right now.", event));
        return;
      }
      transport.emitWithTimeout(event, payload, timeoutMs, (err, reply) => {
        if (err) {
          reject(new RequestError('UNAVAILABLE', 'The Hearth server did not answer in time. Please try again.', event));
          return;
        }
        const ack = parseAck(reply);
        if (!ack) reject(new RequestError('INTERNAL', 'The Hearth server sent an unexpected reply.', event));
        else if (ack.ok) resolve(ack.data as RequestData<E>);
        else reject(RequestError.fromWire(ack.error, event));
      });
    });
}

/** Validates the ack envelope; the server is trusted for `data` but not for the shape. */
function parseAck(reply: unknown): { ok: true; data: unknown } | { ok: false; error: WireError } | null {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) return null;
  const r = reply as { ok: unknown; data?: unknown; error?: unknown };
  if (r.ok === true) return { ok: true, data: r.data };
  if (r.ok !== false || typeof r.error !== 'object' || r.error === null) return null;
  const e = r.error as { code?: unknown; message?: unknown; location?: unknown };
  const code: ErrorCode = isErrorCode(e.code) ? e.code : 'INTERNAL';
  const message = typeof e.message === 'string' && e.message ? e.message : 'Something went wrong.';
  // Only http(s) URLs: a reply never sends the client anywhere else.
  const location = typeof e.location === 'string' && /^https?:\/\//.test(e.location) ? e.location : undefined;
  return { ok: false, error: location ? { code, message, location } : { code, message } };
}

/** Reads a {@link RequestError}'s code from anything thrown; other errors count as `INTERNAL`. */
export function errorCodeOf(err: unknown): ErrorCode {
  return err instanceof RequestError ? err.code : 'INTERNAL';
}
