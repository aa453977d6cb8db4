import type { types } from 'mediasoup';
import type { Logger } from '../logger';
import type { CircleService } from '../services/circleService';
import type { Connection } from '../services/connections';
import { handle } from './handle';
import type { HearthSocket } from './socketTypes';

/*
 * The zod schemas bound the shape of RTP/DTLS objects; mediasoup validates them in depth
 * and its TypeErrors become INVALID_PAYLOAD (see handle.ts). Hence the casts below.
 */

/** Transports, producers and consumers of the peer's media. */
export function registerMediaHandlers(socket: HearthSocket, conn: Connection, circles: CircleService, logger: Logger): void {
  const media = () => circles.mediaOf(conn);

  // Before any join: the pre-join screen loads the device with these.
  handle(socket, logger, 'mediaCapabilities', async () => ({ routerRtpCapabilities: await circles.rooms.routerRtpCapabilities() }));

  handle(socket, logger, 'setRtpCapabilities', ({ rtpCapabilities }) => {
    const { room, peerId } = media();
    room.setRtpCapabilities(peerId, rtpCapabilities as types.RtpCapabilities);
    return null;
  });

  handle(socket, logger, 'createTransport', ({ direction }) => {
    const { room, peerId } = media();
    return room.createTransport(peerId, direction);
  });

  handle(socket, logger, 'connectTransport', async ({ transportId, dtlsParameters }) => {
    const { room, peerId } = media();
    await room.connectTransport(peerId, transportId, dtlsParameters as types.DtlsParameters);
    return null;
  });

  handle(socket, logger, 'restartIce', async ({ transportId }) => {
    const { room, peerId } = media();
    return { iceParameters: await room.restartIce(peerId, transportId) };
  });

  handle(socket, logger, 'produce', async (req) => {
    const { room, peerId } = media();
    const producerId = await room.produce(peerId, { ...req, rtpParameters: req.rtpParameters as types.RtpParameters });
    return { producerId };
  });

  handle(socket, logger, 'consume', ({ producerId }) => {
    const { room, peerId } = media();
    return room.consume(peerId, producerId);
  });

  handle(socket, logger, 'resumeConsumer', async ({ consumerId }) => {
    const { room, peerId } = media();
    await room.resumeConsumer(peerId, consumerId);
    return null;
  });

  handle(socket, logger, 'setConsumerPreferences', async ({ consumerId, ...preferences }) => {
    const { room, peerId } = media();
    await room.setConsumerPreferences(peerId, consumerId, preferences);
    return null;
  });

  handle(socket, logger, 'setVisitPreferences', (preferences) => {
    const { room, peerId } = media();
    return room.setVisitPreferences(peerId, preferences);
  });

  handle(socket, logger, 'pauseProducer', async ({ producerId }) => {
    const { room, peerId } = media();
    await room.setProducerPaused(peerId, producerId, true);
    return null;
  });

  handle(socket, logger, 'resumeProducer', async ({ producerId }) => {
    await circles.resumeProducer(conn, producerId);
    return null;
  });

  handle(socket, logger, 'closeProducer', ({ producerId }) => {
    const { room, peerId } = media();
    room.closeProducer(peerId, producerId);
    return null;
  });
}
