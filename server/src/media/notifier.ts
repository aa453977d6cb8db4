import type { ServerToClientEvents } from '@hearth/shared';

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * How services tell people what happened, without knowing about socket.io. The socket
 * transport implements it with socket.io rooms, so it reaches peers on any node.
 */
export interface Notifier {
  /** To every peer of a circle, except `exceptPeerId`. */
  toCircle<E extends EventName>(circleId: string, event: E, payload: Payload<E>, exceptPeerId?: string): void;
  /** To one peer. */
  toPeer<E extends EventName>(peerId: string, event: E, payload: Payload<E>): void;
  /** From now on, the peer gets the circle's notifications. */
  enter(peerId: string, circleId: string): void;
  /** The peer no longer gets the circle's notifications. */
  exit(peerId: string, circleId: string): void;
}
