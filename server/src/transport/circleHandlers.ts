import type { types } from 'mediasoup';
import type { JoinedCircle } from '@hearth/shared';
import type { Logger } from '../logger';
import type { CircleAccess } from '../services/circleAccess';
import type { CircleService } from '../services/circleService';
import type { Connection } from '../services/connections';
import { handle } from './handle';
import type { HearthSocket } from './socketTypes';

/** `joinCircle`, `leaveCircle`, the lobby and the circle's rules commands. */
export function registerCircleHandlers(socket: HearthSocket, conn: Connection, circles: CircleService, access: CircleAccess, logger: Logger): void {
  handle(socket, logger, 'joinCircle', async ({ circleId, displayName, rejoinToken, affirmAgreement, admissionTicket, linkKey, rtpCapabilities }) => {
    const { userId } = conn;
    // Access is resolved once per join and kept on the connection's visit.
    const grant = await access.resolve(circleId, userId, linkKey);
    let joined = await circles.join(conn, { circleId, displayName, rejoinToken, grant, userId, affirmAgreement, admissionTicket });
    if (rtpCapabilities) joined = { ...joined, ...(await openMedia(circles, conn, rtpCapabilities as types.RtpCapabilities, logger)) };
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

/**
 * A join that brought the device's capabilities: they are the peer's (as `setRtpCapabilities`
 * would make them) and both transports open now, saving the client three round trips. Best
 * effort: if the transports cannot open (the peer left meanwhile, the worker is busy), the
 * reply goes without them and the client asks with `createTransport`.
 */
async function openMedia(circles: CircleService, conn: Connection, rtpCapabilities: types.RtpCapabilities, logger: Logger): Promise<Pick<JoinedCircle, 'transports'>> {
  try {
    const { room, peerId } = circles.mediaOf(conn);
    room.setRtpCapabilities(peerId, rtpCapabilities);
    const [send, recv] = await Promise.allSettled([room.createTransport(peerId, 'send'), room.createTransport(peerId, 'recv')]);
    if (send.status === 'fulfilled' && recv.status === 'fulfilled') return { transports: { send: send.value, recv: recv.value } };
    // Half a pair would make the client's `createTransport` for it fail: close it.
    for (const opened of [send, recv]) if (opened.status === 'fulfilled') room.peers.get(peerId)?.transports.get(opened.value.id)?.close();
    throw send.status === 'rejected' ? send.reason : (recv as PromiseRejectedResult).reason;
  } catch (err) {
    logger.warn({ err }, 'could not open transports with the join');
    return {};
  }
}
