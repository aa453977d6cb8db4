import type { CircleGrant } from './circleAccess';

/**
 * Where one connection is in its life:
 *
 *   idle ──join──▶ joined ──leave──▶ idle
 *                    │ └─media lost (worker died)─▶ mediaLost ──join again──▶ joined
 *                    └─socket closed / taken over / node draining──▶ closed
 *
 * `closed` is final: nothing that arrives afterwards (a late disconnect, a retried request)
 * may act for the person any more, because another connection may speak for them now.
 */
export type ConnectionState = 'idle' | 'joined' | 'mediaLost' | 'closed';

/** What a person is in a circle as, fixed for the visit (resolved once per join). */
export interface Visit {
  circleId: string;
  peerId: string;
  displayName: string;
  /** The participant's attachment number for this connection (see the engine's presence). */
  attachment: number;
  grant: CircleGrant;
}

/** One socket.io connection on this node: the one record of what it speaks for. */
export interface Connection {
  readonly socketId: string;
  readonly userId: string | null;
  state: ConnectionState;
  /** Set while `joined` or `mediaLost`. */
  visit: Visit | null;
  /** The circle whose lobby this connection waits in, if any. */
  knockedCircleId: string | null;
}

/** This node's connections, by socket and by the participant they speak for. */
export class Connections {
  private readonly bySocket = new Map<string, Connection>();
  private readonly byPeer = new Map<string, Connection>();

  /** Registers a new connection (at the socket.io handshake). */
  open(socketId: string, userId: string | null): Connection {
    const conn: Connection = { socketId, userId, state: 'idle', visit: null, knockedCircleId: null };
    this.bySocket.set(socketId, conn);
    return conn;
  }

  /** The connection of a socket, if it is still known. */
  get(socketId: string): Connection | undefined {
    return this.bySocket.get(socketId);
  }

  /** The connection that speaks for `peerId` in `circleId` on this node, if any. */
  speakingFor(circleId: string, peerId: string): Connection | undefined {
    const conn = this.byPeer.get(key(circleId, peerId));
    return conn && conn.visit ? conn : undefined;
  }

  /** The connection now speaks for its visit's participant. */
  joined(conn: Connection, visit: Visit): void {
    if (conn.visit) this.unbind(conn);
    conn.visit = visit;
    conn.state = 'joined';
    this.byPeer.set(key(visit.circleId, visit.peerId), conn);
  }

  /** The connection no longer speaks for anyone; `final`: it is closed for good. */
  release(conn: Connection, final: boolean): void {
    this.unbind(conn);
    conn.visit = null;
    conn.state = final ? 'closed' : 'idle';
    if (final) this.bySocket.delete(conn.socketId);
  }

  /** Connections that speak for someone in `circleId`. */
  inCircle(circleId: string): Connection[] {
    return [...this.byPeer.values()].filter((c) => c.visit?.circleId === circleId);
  }

  /** Every connection that speaks for someone. */
  visiting(): Connection[] {
    return [...this.byPeer.values()];
  }

  /** How many connections speak for someone. */
  get size(): number {
    return this.byPeer.size;
  }

  private unbind(conn: Connection): void {
    const v = conn.visit;
    if (v && this.byPeer.get(key(v.circleId, v.peerId)) === conn) this.byPeer.delete(key(v.circleId, v.peerId));
  }
}

const key = (circleId: string, peerId: string) => `${circleId} ${peerId}`;
