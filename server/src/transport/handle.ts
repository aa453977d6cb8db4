import { fail, ok, type Ack, type ClientPayloads, type ClientToServerEvents, type WireError } from '@hearth/shared';
import { DomainError } from '../errors';
import type { Logger } from '../logger';
import type { HearthSocket } from './socketTypes';

type EventName = keyof ClientToServerEvents;
type Reply<E extends EventName> = Parameters<ClientToServerEvents[E]>[1] extends (r: Ack<infer T>) => void ? T : never;

/** Per-socket context handed to handlers. */
export interface HandlerContext {
  socket: HearthSocket;
  peerId: string;
}

/** Runs a socket's requests one at a time, in arrival order, so join/produce/leave never interleave. */
function serialiser(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

const queues = new WeakMap<HearthSocket, ReturnType<typeof serialiser>>();

/** Runs `task` after every request of this socket already received (used for cleanup). */
export function runSerial<T>(socket: HearthSocket, task: () => Promise<T>): Promise<T> {
  let queue = queues.get(socket);
  if (!queue) {
    queue = serialiser();
    queues.set(socket, queue);
  }
  return queue(task);
}

/** Maps anything a handler threw to a wire error; unexpected ones are logged. */
export function toWireError(err: unknown, logger: Logger, event: string): { ok: false; error: WireError } {
  if (err instanceof DomainError) return fail(err.code, err.message, err.location);
  const name = err instanceof Error ? err.name : '';
  // mediasoup rejects malformed RTP/DTLS parameters with TypeError/UnsupportedError.
  if (name === 'TypeError' || name === 'UnsupportedError') {
    return fail('INVALID_PAYLOAD', `${event}: ${(err as Error).message}`);
  }
  if (name === 'InvalidStateError') return fail('MEDIA_ERROR', `${event}: ${(err as Error).message}`);
  logger.error({ err, event }, 'request failed');
  return fail('INTERNAL', 'something went wrong on the server');
}

/**
 * Registers a request handler. The payload arrives already validated (see validate.ts);
 * whatever the handler returns is acked as `{ok:true,data}`, whatever it throws as
 * `{ok:false,error}`.
 */
export function handle<E extends EventName>(
  socket: HearthSocket,
  logger: Logger,
  event: E,
  handler: (payload: ClientPayloads[E], ctx: HandlerContext) => Promise<Reply<E>> | Reply<E>,
): void {
  const listener = (payload: ClientPayloads[E], ack: (r: Ack<Reply<E>>) => void): void => {
    runSerial(socket, async () => handler(payload, { socket, peerId: socket.data.peerId }))
      .then((data) => ack(ok(data)))
      .catch((err: unknown) => ack(toWireError(err, logger, event)));
  };
  socket.on(event, listener as never);
}
