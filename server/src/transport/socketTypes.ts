import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '@hearth/shared';

/** Hearth's typed socket.io server. */
export type HearthServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
/** Hearth's typed server-side socket. */
export type HearthSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** socket.io room that holds one peer's sockets. */
export const peerRoom = (peerId: string): string => `peer:${peerId}`;
/** socket.io room that holds a circle's peers. */
export const circleRoom = (circleId: string): string => `circle:${circleId}`;
