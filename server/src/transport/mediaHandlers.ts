import type { types } from 'mediasoup';
import type { Logger } from '../logger';
import type { CircleService } from '../services/circleService';
import { handle } from './handle';
import type { HearthSocket } from './socketTypes';

/*
 * The zod schemas bound the shape of RTP/DTLS objects; mediasoup validates them in depth
 * and its TypeErrors become INVALID_PAYLOAD (see handle.ts). Hence the casts below.
 */

/** Transports, producers and consumers of the peer's media. */
export function registerMediaHandlers(socket: HearthSocket, circles: CircleService, logger: Logger): void {
  handle(socket, logger, 'setRtpCapabilities', ({ rtpCapabilities }, { peerId }) => {
    circles.roomOf(peerId).setRtpCapabilities(peerId, rtpCapabilities as types.RtpCapabilities);
    return null;
  });

  handle(socket, logger, 'createTransport', ({ direction }, { peerId }) =>
    circles.roomOf(peerId).createTransport(peerId, direction),
  );

  handle(socket, logger, 'connectTransport', async ({ transportId, dtlsParameters }, { peerId }) => {
    await circles.roomOf(peerId).connectTransport(peerId, transportId, dtlsParameters as types.DtlsParameters);
    return null;
  });

  handle(socket, logger, 'produce', async (req, { peerId }) => {
    const producerId = await circles.roomOf(peerId).produce(peerId, {
      ...req,
      rtpParameters: req.rtpParameters as types.RtpParameters,
    });
    return { producerId };
  });

  handle(socket, logger, 'consume', ({ producerId }, { peerId }) => circles.roomOf(peerId).consume(peerId, producerId));

  handle(socket, logger, 'resumeConsumer', async ({ consumerId }, { peerId }) => {
    await circles.roomOf(peerId).resumeConsumer(peerId, consumerId);
    return null;
  });

  handle(socket, logger, 'setConsumerPreferences', async ({ consumerId, ...preferences }, { peerId }) => {
    await circles.roomOf(peerId).setConsumerPreferences(peerId, consumerId, preferences);
    return null;
  });

  handle(socket, logger, 'pauseProducer', async ({ producerId }, { peerId }) => {
    await circles.roomOf(peerId).setProducerPaused(peerId, producerId, true);
    return null;
  });

  handle(socket, logger, 'resumeProducer', async ({ producerId }, { peerId }) => {
    await circles.resumeProducer(peerId, producerId);
    return null;
  });

  handle(socket, logger, 'closeProducer', ({ producerId }, { peerId }) => {
    circles.roomOf(peerId).closeProducer(peerId, producerId);
    return null;
  });
}
