import type { JsonText, ServerToClientEvents } from '@hearth/shared';

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * How services tell people what happened, without knowing about socket.io. The socket
 * transport implements it with socket.io rooms, so it reaches peers on any node.
 */
export interface Notifier {
  /**
   * The same, for this node's sockets only (no cross-node publish): a circle's people are all
   * connected to its home, so what the home fans out after a command needs to go nowhere else.
   */
  readonly here: Pick<Notifier, 'toCircle' | 'toPeer'> & {
    /** To one peer, a payload already serialised (the same text for every recipient is encoded once). */
    toPeerJson<E extends EventName>(peerId: string, event: E, json: JsonText<Payload<E>>): void;
    /**
     * Runs `send` (which notifies through `here`) so that each of the circle's people gets
     * what it sends them in one write rather than one per message. Same messages, same order.
     */
    together(circleId: string, send: () => void): void;
  };
  /** To every peer of a circle, except `exceptPeerId`. */
  toCircle<E extends EventName>(circleId: string, event: E, payload: Payload<E>, exceptPeerId?: string): void;
  /** To one peer. */
  toPeer<E extends EventName>(peerId: string, event: E, payload: Payload<E>): void;
  /** To one connection (someone not in a circle yet, e.g. waiting in a lobby). */
  toSocket<E extends EventName>(socketId: string, event: E, payload: Payload<E>): void;
  /** From now on, the peer gets the circle's notifications. */
  enter(peerId: string, circleId: string): void;
  /** The peer no longer gets the circle's notifications. */
  exit(peerId: string, circleId: string): void;
  /** From now on the socket speaks for `peerId` and gets what is sent to that peer. */
  bindSocket(socketId: string, peerId: string): void;
  /** The socket no longer gets what is sent to any peer (it left, or was taken over). */
  unbindSocket(socketId: string): void;
  /**
   * Disconnects every socket speaking for `peerId`, on every node, except `keepSocketId`: the
   * connection taking over. (With the Redis adapter this node too acts on the request only when
   * it comes back from Redis, by which time the new socket may speak for the peer already.)
   */
  disconnectPeer(peerId: string, keepSocketId: string): void;
  /** Disconnects one socket of this node (taken over by a newer connection). */
  disconnectSocket(socketId: string): void;
  /** Closes one socket's transport without a goodbye: its client reconnects by itself. */
  closeTransport(socketId: string): void;
}
