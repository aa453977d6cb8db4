import { clientEventSchemas, fail, type ClientEventName } from '@hearth/shared';
import type { Logger } from '../logger';
import type { HearthSocket } from './socketTypes';

type Packet = unknown[];

function isKnownEvent(name: unknown): name is ClientEventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(clientEventSchemas, name);
}

/**
 * socket.io middleware that runs before any handler: an unknown event or a payload that
 * fails its zod schema is answered with INVALID_PAYLOAD and never reaches a handler.
 * On success the packet is rewritten to `[event, parsedPayload, ack]`.
 */
export function validatePackets(socket: HearthSocket, logger: Logger): void {
  socket.use((packet: Packet, next) => {
    const [event, ...args] = packet;
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (r: unknown) => void) : undefined;
    const payload = args[0];
    if (!ack) {
      // Every request is answered through its ack; without one there is no one to tell.
      logger.debug({ event, peerId: socket.data.peerId }, 'dropped a request without ack');
      return;
    }
    if (!isKnownEvent(event)) {
      ack(fail('INVALID_PAYLOAD', `unknown event ${JSON.stringify(String(event)).slice(0, 80)}`));
      return;
    }
    const parsed = clientEventSchemas[event].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length ? `${issue.path.join('.')}: ` : '';
      ack(fail('INVALID_PAYLOAD', `${event}: ${where}${issue?.message ?? 'invalid payload'}`));
      return;
    }
    packet.length = 0;
    packet.push(event, parsed.data, ack);
    next();
  });
}
