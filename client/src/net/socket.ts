import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type HandshakeAuth, type ClientToServerEvents, type ServerToClientEvents } from '@hearth/shared';
import type { AckTransport } from './request';

/** The client's typed socket. */
export type HearthSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Opens the socket to the server at the same origin. WebSocket first; polling as a
 * fallback for networks that block WebSockets (tryAllTransports makes the fallback real).
 */
export function createSocket(): HearthSocket {
  const auth: HandshakeAuth = { protocolVersion: PROTOCOL_VERSION };
  return io({
    auth: { ...auth },
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    // A handshake into a dead link is given up after 4 s (not socket.io's 20 s), so the
    // first attempt after the network returns is not stuck behind one made during the outage.
    timeout: 4000,
  });
}

/** Adapts a socket to the narrow {@link AckTransport} used by the request helper. */
export function socketAckTransport(socket: HearthSocket): AckTransport {
  // socket.io's emit is typed per event; the request helper is already typed per event,
  // so the untyped view here loses nothing.
  type UntypedEmit = { emit(event: string, ...args: unknown[]): unknown };
  return {
    isConnected: () => socket.connected,
    emitWithTimeout: (event, payload, timeoutMs, done) => {
      (socket.timeout(timeoutMs) as unknown as UntypedEmit).emit(event, payload, done);
    },
  };
}

/** True when a `connect_error` means this page's code is older or newer than the server's. */
export function isProtocolMismatch(err: unknown): boolean {
  const data = (err as { data?: { code?: unknown } } | null)?.data;
  return data?.code === 'PROTOCOL_MISMATCH';
}
