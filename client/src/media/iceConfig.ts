import type { JoinedCircle } from '@hearth/shared';

/** localStorage key: `relay` makes every transport use TURN only (checking a TURN server; tests). */
export const ICE_POLICY_KEY = 'hearth.iceTransportPolicy';

/** What mediasoup-client's createSendTransport/createRecvTransport take about ICE. */
export interface TransportIceOptions {
  iceServers?: RTCIceServer[];
  iceTransportPolicy?: RTCIceTransportPolicy;
}

/** The `iceTransportPolicy` stored under {@link ICE_POLICY_KEY}, if it is `relay`. Never throws. */
export function storedIcePolicy(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): RTCIceTransportPolicy | undefined {
  try {
    return storage?.getItem(ICE_POLICY_KEY) === 'relay' ? 'relay' : undefined;
  } catch {
    // Storage can be disabled (privacy modes): the normal policy applies.
    return undefined;
  }
}

/**
 * The ICE options for this visit's transports: the TURN servers handed out at join and,
 * when asked for, relay-only. Relay-only without any TURN server could never connect, so
 * it applies only when there is one.
 */
export function transportIceOptions(joined: Pick<JoinedCircle, 'iceServers'>, policy: RTCIceTransportPolicy | undefined): TransportIceOptions {
  const iceServers = joined.iceServers ?? [];
  if (iceServers.length === 0) return {};
  return { iceServers, ...(policy === 'relay' ? { iceTransportPolicy: 'relay' as const } : {}) };
}
