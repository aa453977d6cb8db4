import type { types } from 'mediasoup';
import type { JoinedCircle } from '@hearth/shared';
import { DomainError } from '../errors';
import type { Logger } from '../logger';
import { mediaCodecs } from '../media/codecs';
import type { Notifier } from '../media/notifier';
import { Peer } from '../media/peer';
import { Room, type RtcListen } from '../media/room';
import type { WorkerPool } from '../media/workerPool';
import { keys } from '../store/keys';
import type { Store } from '../store/types';

/** What the service needs; injected so tests can swap parts. */
export interface CircleServiceDeps {
  pool: WorkerPool;
  store: Store;
  notifier: Notifier;
  logger: Logger;
  listen: RtcListen;
  nodeId: string;
  maxPeersPerCircle: number;
  clock?: () => number;
}

/** A circle's durable record. */
export interface CircleRecord {
  circleId: string;
  createdAt: number;
  lastJoinedAt: number;
}

/** How long this node's claim on a circle lives without a refresh. */
const NODE_CLAIM_TTL_MS = 30_000;

/**
 * Joining and leaving circles, and each peer's media requests, on this node. Rooms live
 * in memory (mediasoup objects cannot be shared); who hosts which circle, who is
 * present and the circles themselves are recorded in the store.
 */
export class CircleService {
  private readonly rooms = new Map<string, Room>();
  private readonly opening = new Map<string, Promise<Room>>();
  private readonly peerCircle = new Map<string, string>();
  private readonly claimTimer: NodeJS.Timeout;
  private readonly clock: () => number;

  constructor(private readonly deps: CircleServiceDeps) {
    this.clock = deps.clock ?? Date.now;
    this.claimTimer = setInterval(() => void this.refreshClaims(), NODE_CLAIM_TTL_MS / 3);
    this.claimTimer.unref();
  }

  /** Puts a peer in a circle, creating the circle's room on first join. */
  async join(peerId: string, circleId: string, displayName: string): Promise<JoinedCircle> {
    if (this.peerCircle.has(peerId)) throw new DomainError('ALREADY_IN_CIRCLE', 'leave your current circle first');
    let room = await this.openRoom(circleId);
    // The room may have closed (its last peer left) between opening and now.
    while (this.rooms.get(circleId) !== room) room = await this.openRoom(circleId);
    if (room.peers.size >= this.deps.maxPeersPerCircle) {
      throw new DomainError('ROOM_FULL', `this circle is full (${this.deps.maxPeersPerCircle} people)`);
    }
    // Another request of this peer may have joined while the room opened.
    if (this.peerCircle.has(peerId)) throw new DomainError('ALREADY_IN_CIRCLE', 'leave your current circle first');
    this.peerCircle.set(peerId, circleId);
    const peers = room.snapshot();
    room.addPeer(new Peer(peerId, displayName));
    this.deps.notifier.enter(peerId, circleId);
    const now = this.clock();
    await Promise.all([
      this.deps.store.update<CircleRecord>(keys.circle(circleId), (c) =>
        c ? { ...c, lastJoinedAt: now } : { circleId, createdAt: now, lastJoinedAt: now },
      ),
      this.deps.store.hashSet(keys.circlePeers(circleId), peerId, { displayName, nodeId: this.deps.nodeId, joinedAt: now }),
    ]);
    return { peerId, circleId, routerRtpCapabilities: room.router.rtpCapabilities, peers };
  }

  /** Takes a peer out of its circle, closing all it owned. No-op when not in one. */
  async leave(peerId: string): Promise<void> {
    const circleId = this.peerCircle.get(peerId);
    if (circleId === undefined) return;
    this.peerCircle.delete(peerId);
    this.deps.notifier.exit(peerId, circleId);
    const room = this.rooms.get(circleId);
    room?.removePeer(peerId);
    await this.deps.store.hashDelete(keys.circlePeers(circleId), peerId);
    if (room && room.peers.size === 0) await this.closeRoom(room);
  }

  /** The room of the peer's circle, or NOT_IN_CIRCLE. */
  roomOf(peerId: string): Room {
    const circleId = this.peerCircle.get(peerId);
    const room = circleId === undefined ? undefined : this.rooms.get(circleId);
    if (!room) throw new DomainError('NOT_IN_CIRCLE', 'join a circle first');
    return room;
  }

  /** Circles and peers hosted here, for /healthz. */
  stats(): { circles: number; peers: number } {
    return { circles: this.rooms.size, peers: this.peerCircle.size };
  }

  /** Closes every room. Idempotent. */
  async close(): Promise<void> {
    clearInterval(this.claimTimer);
    await Promise.all([...this.rooms.values()].map((room) => this.closeRoom(room)));
    this.peerCircle.clear();
  }

  private openRoom(circleId: string): Promise<Room> {
    const existing = this.rooms.get(circleId);
    if (existing) return Promise.resolve(existing);
    let pending = this.opening.get(circleId);
    if (!pending) {
      pending = this.createRoom(circleId).finally(() => this.opening.delete(circleId));
      this.opening.set(circleId, pending);
    }
    return pending;
  }

  private async createRoom(circleId: string): Promise<Room> {
    let router: types.Router;
    let workerPid: number | undefined;
    try {
      const worker = this.deps.pool.leastLoaded();
      workerPid = worker.pid;
      router = await worker.createRouter({ mediaCodecs });
    } catch (err) {
      this.deps.logger.error({ err, circleId }, 'could not create a router');
      throw new DomainError('UNAVAILABLE', 'the media server is not available; try again shortly');
    }
    const room = new Room(circleId, router, this.deps.listen, this.deps.notifier);
    this.rooms.set(circleId, room);
    router.on('workerclose', () => void this.onMediaLost(room));
    await this.deps.store.set(keys.circleNode(circleId), this.deps.nodeId, { ttlMs: NODE_CLAIM_TTL_MS });
    this.deps.logger.info({ circleId, workerPid }, 'circle opened');
    return room;
  }

  private async closeRoom(room: Room): Promise<void> {
    if (this.rooms.get(room.circleId) !== room) return;
    this.rooms.delete(room.circleId);
    room.close();
    await this.deps.store.deleteIfEquals(keys.circleNode(room.circleId), this.deps.nodeId);
    this.deps.logger.info({ circleId: room.circleId }, 'circle closed');
  }

  /** The room's worker died: its peers are out of the circle and told to rejoin. */
  private async onMediaLost(room: Room): Promise<void> {
    const peerIds = [...room.peers.keys()];
    for (const peerId of peerIds) {
      this.peerCircle.delete(peerId);
      this.deps.notifier.exit(peerId, room.circleId);
    }
    await this.closeRoom(room).catch((err: unknown) => this.deps.logger.warn({ err }, 'closing a lost room'));
    await Promise.all(peerIds.map((id) => this.deps.store.hashDelete(keys.circlePeers(room.circleId), id))).catch(() => {});
    for (const peerId of peerIds) {
      this.deps.notifier.toPeer(peerId, 'mediaReset', { circleId: room.circleId, reason: 'the media server restarted' });
    }
  }

  private async refreshClaims(): Promise<void> {
    for (const circleId of this.rooms.keys()) {
      await this.deps.store
        .set(keys.circleNode(circleId), this.deps.nodeId, { ttlMs: NODE_CLAIM_TTL_MS })
        .catch((err: unknown) => this.deps.logger.warn({ err, circleId }, 'could not refresh circle claim'));
    }
  }
}
