import type { Logger } from '../logger';
import type { CircleService } from '../services/circleService';
import { handle } from './handle';
import type { HearthSocket } from './socketTypes';

/** `joinCircle` and `leaveCircle`. */
export function registerCircleHandlers(socket: HearthSocket, circles: CircleService, logger: Logger): void {
  handle(socket, logger, 'joinCircle', async ({ circleId, displayName }, { peerId }) => {
    const joined = await circles.join(peerId, circleId, displayName);
    socket.data.circleId = circleId;
    logger.info({ peerId, circleId }, 'peer joined');
    return joined;
  });

  handle(socket, logger, 'leaveCircle', async (_payload, { peerId }) => {
    await circles.leave(peerId);
    socket.data.circleId = null;
    return null;
  });
}
