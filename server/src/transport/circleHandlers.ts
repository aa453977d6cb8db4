import type { Logger } from '../logger';
import type { CircleService } from '../services/circleService';
import { handle } from './handle';
import type { HearthSocket } from './socketTypes';

/** `joinCircle`, `leaveCircle` and the circle's rules commands. */
export function registerCircleHandlers(socket: HearthSocket, circles: CircleService, logger: Logger): void {
  handle(socket, logger, 'joinCircle', async ({ circleId, displayName, rejoinToken }) => {
    const joined = await circles.join(socket.id, circleId, displayName, rejoinToken);
    socket.data.peerId = joined.peerId;
    socket.data.circleId = circleId;
    logger.info({ peerId: joined.peerId, circleId, role: joined.circle.you?.role }, 'peer joined');
    return joined;
  });

  handle(socket, logger, 'leaveCircle', async (_payload, { peerId }) => {
    await circles.leave(peerId, socket.id);
    socket.data.circleId = null;
    return null;
  });

  handle(socket, logger, 'circleCommand', ({ command, commandId }, { peerId }) => circles.command(peerId, command, commandId));
}
