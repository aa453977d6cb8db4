import type { Device, types } from 'mediasoup-client';
import type { ClientInputs, TransportOptions } from '@hearth/shared';
import type { RequestFn } from '../net/request';
import type { TransportIceOptions } from './iceConfig';

/** ICE restarts before giving a transport up (then the store rejoins). */
const MAX_ICE_RESTARTS = 3;
const ICE_RESTART_BACKOFF_MS = 500;

/** What a transport's wiring needs from its session. */
export interface TransportContext {
  request: RequestFn;
  /** TURN servers (and the relay-only switch) for the visit. */
  ice: TransportIceOptions;
  /** False once the visit the transport belongs to was torn down. */
  isCurrent(): boolean;
  /** ICE restarts tried per transport since it was last connected (shared by the visit's transports). */
  iceRestarts: Map<string, number>;
  /** The link did not come back after the restarts: the store rejoins. */
  lost(): void;
}

/**
 * The client side of one of the server's transports, signalling `connect` and `produce`
 * through `request`, and restarting ICE when the network path breaks.
 */
export function buildTransport(device: Device, direction: 'send' | 'recv', opts: TransportOptions, ctx: TransportContext): types.Transport {
  const params = {
    id: opts.id,
    iceParameters: opts.iceParameters as types.IceParameters,
    iceCandidates: opts.iceCandidates as types.IceCandidate[],
    dtlsParameters: opts.dtlsParameters as types.DtlsParameters,
    ...ctx.ice,
  };
  const transport = direction === 'send' ? device.createSendTransport(params) : device.createRecvTransport(params);

  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    ctx
      .request('connectTransport', {
        transportId: transport.id,
        dtlsParameters: dtlsParameters as ClientInputs['connectTransport']['dtlsParameters'],
      })
      .then(callback, errback);
  });

  if (direction === 'send') {
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      const source = appData.source === 'camera' ? 'camera' : 'mic';
      ctx
        .request('produce', {
          transportId: transport.id,
          kind,
          // mediasoup-client's RtpParameters is structurally what the schema expects;
          // its index signatures just don't line up with zod's inferred type.
          rtpParameters: rtpParameters as unknown as ClientInputs['produce']['rtpParameters'],
          source,
          paused: appData.paused === true,
        })
        .then(({ producerId }) => callback({ id: producerId }), errback);
    });
  }

  transport.on('connectionstatechange', (state) => {
    if (!ctx.isCurrent()) return;
    if (state === 'connected') ctx.iceRestarts.delete(transport.id);
    // The network path changed or broke: new ICE parameters first; a full rejoin only if that fails.
    if (state === 'disconnected' || state === 'failed') void restartIce(transport, ctx);
  });
  return transport;
}

/**
 * Asks the server for new ICE parameters and restarts ICE on the transport, with backoff,
 * a few times; if the link does not come back, the session reports it lost so the store
 * rejoins (the person keeps their place either way).
 */
async function restartIce(transport: types.Transport, ctx: TransportContext): Promise<void> {
  const tries = ctx.iceRestarts.get(transport.id) ?? 0;
  if (tries >= MAX_ICE_RESTARTS) {
    ctx.iceRestarts.delete(transport.id);
    ctx.lost();
    return;
  }
  ctx.iceRestarts.set(transport.id, tries + 1);
  await new Promise((r) => setTimeout(r, ICE_RESTART_BACKOFF_MS * 2 ** tries));
  if (!ctx.isCurrent() || transport.closed || transport.connectionState === 'connected') return;
  try {
    const { iceParameters } = await ctx.request('restartIce', { transportId: transport.id });
    if (!ctx.isCurrent() || transport.closed) return;
    await transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
  } catch {
    // The signalling link is down too: the reconnect and rejoin take over.
  }
}
