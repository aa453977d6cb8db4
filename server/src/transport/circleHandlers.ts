import type { Logger } from '../logger';
import type { CircleAccess } from '../services/circleAccess';
import type { CircleService } from '../services/circleService';
import { handle } from './handle';
import type { HearthSocket } from './socketTypes';

/** `joinCircle`, `leaveCircle`, the lobby and the circle's rules commands. */
export function registerCircleHandlers(socket: HearthSocket, circles: CircleService, access: CircleAccess, logger: Logger): void {
  handle(socket, logger, 'joinCircle', async ({ circleId, displayName, rejoinToken, affirmAgreement, admissionTicket, linkKey }) => {
    const { userId } = socket.data;
    const grant = await access.resolve(circleId, userId, linkKey);
    const joined = await circles.join(socket.id, { circleId, displayName, rejoinToken, grant, userId, affirmAgreement, admissionTicket });
    if (socket.data.knockedCircleId) await circles.desk.cancelKnock(socket.id, socket.data.knockedCircleId);
    socket.data.knockedCircleId = null;
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

  handle(socket, logger, 'knockCircle', async ({ circleId, displayName, linkKey }) => {
    const { userId } = socket.data;
    const grant = await access.resolve(circleId, userId, linkKey);
    const knocked = await circles.desk.knock(socket.id, userId, circleId, grant, displayName);
    socket.data.knockedCircleId = circleId;
    return knocked;
  });

  handle(socket, logger, 'cancelKnock', async () => {
    if (socket.data.knockedCircleId) await circles.desk.cancelKnock(socket.id, socket.data.knockedCircleId);
    socket.data.knockedCircleId = null;
    return null;
  });

  handle(socket, logger, 'admitFromLobby', (which, { peerId }) => circles.desk.admit(peerId, which));

  handle(socket, logger, 'circleCommand', ({ command, commandId }, { peerId }) => circles.command(peerId, command, commandId));
}
