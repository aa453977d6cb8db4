import type { Logger } from '../logger';
import type { CircleAccess } from '../services/circleAccess';
import type { CircleService } from '../services/circleService';
import type { Connection } from '../services/connections';
import { handle } from './handle';
import type { HearthSocket } from './socketTypes';

/** `joinCircle`, `leaveCircle`, the lobby and the circle's rules commands. */
export function registerCircleHandlers(socket: HearthSocket, conn: Connection, circles: CircleService, access: CircleAccess, logger: Logger): void {
  handle(socket, logger, 'joinCircle', async ({ circleId, displayName, rejoinToken, affirmAgreement, admissionTicket, linkKey }) => {
    const { userId } = conn;
    // Access is resolved once per join and kept on the connection's visit.
    const grant = await access.resolve(circleId, userId, linkKey);
    const joined = await circles.join(conn, { circleId, displayName, rejoinToken, grant, userId, affirmAgreement, admissionTicket });
    if (conn.knockedCircleId) await circles.desk.cancelKnock(socket.id, conn.knockedCircleId);
    conn.knockedCircleId = null;
    socket.data.peerId = joined.peerId;
    socket.data.circleId = circleId;
    logger.info({ peerId: joined.peerId, circleId, role: joined.circle.you?.role }, 'peer joined');
    return joined;
  });

  handle(socket, logger, 'leaveCircle', async () => {
    await circles.leave(conn);
    socket.data.circleId = null;
    return null;
  });

  handle(socket, logger, 'knockCircle', async ({ circleId, displayName, linkKey }) => {
    const grant = await access.resolve(circleId, conn.userId, linkKey);
    const knocked = await circles.desk.knock(socket.id, conn.userId, circleId, grant, displayName);
    conn.knockedCircleId = circleId;
    socket.data.knockedCircleId = circleId;
    return knocked;
  });

  handle(socket, logger, 'cancelKnock', async () => {
    if (conn.knockedCircleId) await circles.desk.cancelKnock(socket.id, conn.knockedCircleId);
    conn.knockedCircleId = null;
    socket.data.knockedCircleId = null;
    return null;
  });

  handle(socket, logger, 'admitFromLobby', (which) => circles.desk.admit(circles.mediaOf(conn).peerId, which));

  handle(socket, logger, 'circleCommand', ({ command, commandId }) => circles.command(conn, command, commandId));
}
