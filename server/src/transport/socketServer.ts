import type http from 'node:http';
import { Server } from 'socket.io';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { PROTOCOL_VERSION, fail } from '@hearth/shared';
import type { Logger } from '../logger';
import type { Notifier } from './notifier';
import type { CircleAccess } from '../services/circleAccess';
import type { CircleService } from '../services/circleService';
import type { CircleChat } from '../services/chat';
import { registerChatHandlers } from './chatHandlers';
import { registerCircleHandlers } from './circleHandlers';
import { runSerial } from './handle';
import { createHandshakeGuard, type HandshakeGuardOptions } from './handshakeGuard';
import { hearthParser, PreEncodedJson } from './preEncoded';
import { registerMediaHandlers } from './mediaHandlers';
import { circleRoom, peerRoom, type HearthServer } from './socketTypes';
import { validatePackets } from './validate';
import { holdWrites } from './writeBatch';

/** How often the server pings each client. */
const HEARTBEAT_INTERVAL_MS = 2_000;
/** How long a ping may go unanswered before the connection counts as dead. */
const HEARTBEAT_TIMEOUT_MS = 3_000;

/** Options of the socket transport. */
export interface SocketServerOptions {
  logger: Logger;
  newId: () => string;
  /** Requests a socket may send per second before RATE_LIMITED (bursts of joins send ~10). */
  requestsPerSecond?: number;
  /** True while the node drains (SIGTERM): handshakes are refused. */
  isDraining?: () => boolean;
  /** The account behind the handshake's session cookie, if any. */
  authenticate?: (cookieHeader: string | undefined) => Promise<{ id: string } | null>;
  /** Origin check and per-IP limits on handshakes (none when absent). */
  edge?: Omit<HandshakeGuardOptions, 'logger'>;
  /** The circles' ephemeral chat (absent: no `sendChat` handler). */
  chat?: CircleChat;
}

/** Creates the socket.io server (not yet bound to services; see {@link attachCircleHandlers}). */
export function createSocketServer(httpServer: http.Server, opts: SocketServerOptions): HearthServer {
  const guard = opts.edge && createHandshakeGuard({ ...opts.edge, logger: opts.logger });
  const io: HearthServer = new Server(httpServer, {
    serveClient: false,
    // The standard wire format; payloads serialised once for many sockets are sent as they are.
    parser: hearthParser,
    maxHttpBufferSize: 64 * 1024,
    // A dead link is noticed within ~5 s on both ends (the client arms its own timer from
    // these), so a dropped person becomes "reconnecting" quickly and is back quickly.
    pingInterval: HEARTBEAT_INTERVAL_MS,
    pingTimeout: HEARTBEAT_TIMEOUT_MS,
    ...(guard && { allowRequest: guard.allowRequest }),
  });
  guard?.track(io.engine);
  io.use((socket, next) => {
    // A node that is draining takes no new connections: the client goes elsewhere at once.
    if (opts.isDraining?.()) {
      const err = new Error('this server is restarting') as Error & { data?: unknown };
      err.data = { code: 'UNAVAILABLE' };
      next(err);
      return;
    }
    const version = (socket.handshake.auth as { protocolVersion?: unknown } | undefined)?.protocolVersion;
    if (version !== PROTOCOL_VERSION) {
      const err = new Error(`protocol version ${String(version)} is not supported; this server speaks ${PROTOCOL_VERSION}`) as Error & {
        data?: unknown;
      };
      err.data = { code: 'PROTOCOL_MISMATCH', serverVersion: PROTOCOL_VERSION };
      next(err);
      return;
    }
    socket.data.peerId = opts.newId();
    socket.data.circleId = null;
    socket.data.knockedCircleId = null;
    socket.data.userId = null;
    if (!opts.authenticate) return next();
    // Same session cookie as the HTTP API; no cookie is fine (open circles need no account).
    opts.authenticate(socket.handshake.headers.cookie).then(
      (user) => {
        socket.data.userId = user?.id ?? null;
        next();
      },
      () => next(new Error('could not check the session; try again')),
    );
  });
  return io;
}

/** Notifications through socket.io rooms: with the Redis adapter they reach every node. */
export function socketNotifier(io: HearthServer): Notifier {
  return {
    here: {
      // This node's sockets only: no Redis publish. A circle's people are all on its home.
      toCircle(circleId, event, payload, exceptPeerId) {
        const target = io.local.to(circleRoom(circleId));
        const scoped = exceptPeerId ? target.except(peerRoom(exceptPeerId)) : target;
        (scoped.emit as (ev: string, payload: unknown) => boolean)(event, payload);
      },
      toPeer(peerId, event, payload) {
        (io.local.to(peerRoom(peerId)).emit as (ev: string, payload: unknown) => boolean)(event, payload);
      },
      toPeerJson(peerId, event, json) {
        // Straight to the peer's sockets (usually one): a broadcast operator per person per
        // command costs more than the send (see bench/README.md).
        const sids = io.sockets.adapter.rooms.get(peerRoom(peerId));
        if (!sids) return;
        const payload = new PreEncodedJson(json);
        for (const sid of sids) {
          const socket = io.sockets.sockets.get(sid) as { emit(ev: string, payload: unknown): boolean } | undefined;
          socket?.emit(event, payload);
        }
      },
      together(circleId, send) {
        const ids = io.sockets.adapter.rooms.get(circleRoom(circleId)) ?? new Set<string>();
        const release = holdWrites([...ids].map((id) => io.sockets.sockets.get(id)?.conn));
        try {
          send();
        } finally {
          release();
        }
      },
    },
    toCircle(circleId, event, payload, exceptPeerId) {
      const target = io.to(circleRoom(circleId));
      const scoped = exceptPeerId ? target.except(peerRoom(exceptPeerId)) : target;
      (scoped.emit as (ev: string, payload: unknown) => boolean)(event, payload);
    },
    toPeer(peerId, event, payload) {
      const scoped = io.to(peerRoom(peerId));
      (scoped.emit as (ev: string, payload: unknown) => boolean)(event, payload);
    },
    toSocket(socketId, event, payload) {
      const scoped = io.to(socketId);
      (scoped.emit as (ev: string, payload: unknown) => boolean)(event, payload);
    },
    bindSocket(socketId, peerId) {
      const socket = io.sockets.sockets.get(socketId);
      if (!socket) return;
      for (const room of socket.rooms) if (room.startsWith('peer:') || room.startsWith('circle:')) void socket.leave(room);
      void socket.join(peerRoom(peerId));
    },
    unbindSocket(socketId) {
      const socket = io.sockets.sockets.get(socketId);
      if (!socket) return;
      for (const room of socket.rooms) if (room.startsWith('peer:') || room.startsWith('circle:')) void socket.leave(room);
    },
    disconnectPeer(peerId, keepSocketId) {
      // Every socket is in the room named by its id: `except` spares the one taking over.
      io.in(peerRoom(peerId)).except(keepSocketId).disconnectSockets(true);
    },
    disconnectSocket(socketId) {
      io.sockets.sockets.get(socketId)?.disconnect(true);
    },
    closeTransport(socketId) {
      io.sockets.sockets.get(socketId)?.conn.close();
    },
    enter(peerId, circleId) {
      io.in(peerRoom(peerId)).socketsJoin(circleRoom(circleId));
    },
    exit(peerId, circleId) {
      io.in(peerRoom(peerId)).socketsLeave(circleRoom(circleId));
    },
  };
}

/** Wires validation, rate limiting and every feature's handlers onto each connection. */
export function attachCircleHandlers(io: HearthServer, circles: CircleService, access: CircleAccess, opts: SocketServerOptions): void {
  const { logger } = opts;
  // Joining a full circle sends ~4 requests per person present at once; allow such bursts.
  const limiter = new RateLimiterMemory({ points: (opts.requestsPerSecond ?? 40) * 10, duration: 10 });
  io.on('connection', (socket) => {
    const conn = circles.connections.open(socket.id, socket.data.userId);
    socket.use((packet, next) => {
      limiter.consume(socket.id).then(
        () => next(),
        () => {
          const ack = packet[packet.length - 1];
          if (typeof ack === 'function') ack(fail('RATE_LIMITED', 'too many requests; slow down'));
        },
      );
    });
    validatePackets(socket, logger);
    registerCircleHandlers(socket, conn, circles, access, logger);
    registerMediaHandlers(socket, conn, circles, logger);
    if (opts.chat) registerChatHandlers(socket, opts.chat, logger);
    socket.on('disconnect', (reason) => {
      logger.debug({ peerId: conn.visit?.peerId, reason }, 'socket disconnected');
      // After the requests already received, so a join in flight completes first.
      runSerial(socket, () => circles.connectionClosed(conn)).catch((err: unknown) =>
        logger.warn({ err, peerId: conn.visit?.peerId }, 'cleanup after disconnect failed'),
      );
    });
  });
}
