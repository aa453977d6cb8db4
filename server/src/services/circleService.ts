import { randomInt } from 'node:crypto';
import type { types } from 'mediasoup';
import { viewFor, type ClientCircleCommand, type IceServer, type JoinedCircle } from '@hearth/shared';
import { DomainError } from '../errors';
import type { Logger } from '../logger';
import { mediaCodecs } from '../media/codecs';
import type { ClusterBus, Notifier } from '../media/notifier';
import { Peer } from '../media/peer';
import { Room, type RtcListen } from '../media/room';
import type { WorkerPool } from '../media/workerPool';
import { keys } from '../store/keys';
import type { Store } from '../store/types';
import { CircleAccess, type CircleGrant } from './circleAccess';
import { CircleSync } from './circleSync';
import { RejoinTokens } from './identity';
import { Lobby } from './lobby';
import { LobbyDesk } from './lobbyDesk';
import { RulesService } from './rulesService';

/** What the service needs; injected so tests can swap parts. */
export interface CircleServiceDeps {
  pool: WorkerPool;
  store: Store;
  notifier: Notifier;
  bus: ClusterBus;
  logger: Logger;
  listen: RtcListen;
  nodeId: string;
  maxPeersPerCircle: number;
  newId: () => string;
  clock?: () => number;
  /** Records that a person joined a session's circle (attendance; nothing else is kept). */
  recordAttendance?: (sessionId: string, userId: string, displayName: string, at: number) => Promise<void>;
  /** The TURN/STUN servers (with fresh credentials) for a visit's transports. */
  iceServers?: () => IceServer[];
}

/** How a person asks to join. */
export interface JoinRequest {
  circleId: string;
  displayName: string;
  rejoinToken?: string;
  /** Who may enter the circle and as what (open circles: anyone). */
  grant?: CircleGrant;
  /** The signed-in account, if any. */
  userId?: string | null;
  affirmAgreement?: boolean;
  admissionTicket?: string;
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
 * Joining and leaving circles, each peer's media and rules commands, on this node. Media
 * rooms live in memory (mediasoup objects cannot be shared); the rules state, who hosts
 * which circle, who is present and the circles themselves are in the store.
 */
export class CircleService {
  private readonly rooms = new Map<string, Room>();
  private readonly opening = new Map<string, Promise<Room>>();
  /** peerId → circleId, for peers in a circle on this node. */
  private readonly peerCircle = new Map<string, string>();
  /** peerId → the socket that speaks for it now (a reconnect takes over). */
  private readonly peerSocket = new Map<string, string>();
  private readonly claimTimer: NodeJS.Timeout;
  private readonly clock: () => number;
  private readonly tokens: RejoinTokens;
  /** The lobbies of the circles: knocking, admitting, telling facilitators. */
  readonly desk: LobbyDesk;
  readonly rules: RulesService;
  readonly sync: CircleSync;

  constructor(private readonly deps: CircleServiceDeps) {
    this.clock = deps.clock ?? Date.now;
    this.tokens = new RejoinTokens(deps.store);
    this.rules = new RulesService(deps.store, this.clock);
    this.desk = new LobbyDesk(new Lobby(deps.store, this.clock), this.rules, deps.notifier, (peerId) => this.roomOf(peerId));
    this.sync = new CircleSync({
      rules: this.rules,
      notifier: deps.notifier,
      bus: deps.bus,
      logger: deps.logger,
      clock: this.clock,
      local: { room: (id) => this.rooms.get(id), evict: (peerId, circleId) => this.evict(peerId, circleId) },
    });
    this.claimTimer = setInterval(() => void this.refreshClaims(), NODE_CLAIM_TTL_MS / 3);
    this.claimTimer.unref();
  }

  /**
   * Puts the person on `socketId` in a circle, creating its room on first join. In an open
   * circle a valid rejoin token brings them back as the participant they were, and the first
   * person ever facilitates; in a session circle the account is the participant and the
   * cohort decides the role, after the window, agreement and lobby checks.
   */
  async join(socketId: string, req: JoinRequest): Promise<JoinedCircle> {
    const { circleId } = req;
    const grant = req.grant ?? { kind: 'open' };
    if ([...this.peerSocket.values()].includes(socketId)) {
      throw new DomainError('ALREADY_IN_CIRCLE', 'leave your current circle first');
    }
    CircleAccess.requireEntry(grant, req.affirmAgreement);
    const session = grant.kind === 'session' ? grant : undefined;
    // Accounts are their own participant in circles they belong to; guests get an id (kept by their rejoin token).
    const accountId = session || (grant.kind === 'hosted' && grant.role === 'facilitator') ? req.userId! : undefined;
    const peerId = accountId ?? ((await this.tokens.resolve(circleId, req.rejoinToken)) ?? this.deps.newId());
    const displayName = session ? session.membership.displayName : req.displayName;

    const existing = await this.rules.state(circleId);
    const known = existing?.participants[peerId];
    await this.desk.checkJoin(grant, { circleId, socketId, peerId, userId: req.userId, known: known !== undefined, state: existing, ticket: req.admissionTicket });
    if (this.peerSocket.has(peerId)) await this.takeOver(peerId);

    let room = await this.openRoom(circleId);
    // The room may have closed (its last peer left) between opening and now.
    while (this.rooms.get(circleId) !== room) room = await this.openRoom(circleId);
    if (room.peers.size >= this.deps.maxPeersPerCircle) {
      await this.closeIfEmpty(room);
      throw new DomainError('ROOM_FULL', `this circle is full (${this.deps.maxPeersPerCircle} people)`);
    }

    const firstEver = !existing || Object.keys(existing.participants).length === 0;
    const role = grant.kind === 'open' ? (known?.role ?? (firstEver ? 'facilitator' : 'member')) : grant.role;
    let applied;
    try {
      if (known && known.presence !== 'left') {
        // Still counted as present: a connection that died unnoticed, a node that crashed, or
        // a restart. This person is back, so that old presence ends first.
        await this.rules.apply(circleId, peerId, { type: 'leave' }).catch(() => undefined);
      }
      // A random seat: the go-around order is random unless a facilitator sets it.
      const seat = randomInt(0, 0xffff);
      applied = await this.rules.apply(circleId, peerId, { type: 'join', name: displayName, role, seat });
    } catch (err) {
      await this.closeIfEmpty(room);
      throw err;
    }

    this.peerCircle.set(peerId, circleId);
    this.peerSocket.set(peerId, socketId);
    this.deps.notifier.bindSocket(socketId, peerId);
    const peers = room.snapshot();
    room.addPeer(new Peer(peerId, displayName));
    this.deps.notifier.enter(peerId, circleId);
    const now = this.clock();
    const [token] = await Promise.all([
      this.tokens.issue(circleId, peerId),
      this.deps.store.update<CircleRecord>(keys.circle(circleId), (c) =>
        c ? { ...c, lastJoinedAt: now } : { circleId, createdAt: now, lastJoinedAt: now },
      ),
      this.deps.store.hashSet(keys.circlePeers(circleId), peerId, { displayName, nodeId: this.deps.nodeId, joinedAt: now }),
    ]);
    await this.sync.applied(applied.state, applied.events);
    if (session) await this.deps.recordAttendance?.(session.session.id, peerId, displayName, now);
    if (role === 'facilitator' && grant.kind !== 'open') await this.desk.notify(circleId);
    return {
      peerId,
      circleId,
      routerRtpCapabilities: room.router.rtpCapabilities,
      peers,
      rejoinToken: token,
      circle: viewFor(applied.state, peerId, now),
      iceServers: this.deps.iceServers?.(),
    };
  }

  /**
   * Takes a peer out of its circle, closing all it owned. Only the socket that speaks for the
   * peer may do so (an old connection closing after a takeover changes nothing).
   */
  async leave(peerId: string, socketId: string): Promise<void> {
    if (this.peerSocket.get(peerId) !== socketId) return;
    const circleId = this.peerCircle.get(peerId);
    if (circleId === undefined) return;
    await this.evict(peerId, circleId);
    try {
      const applied = await this.rules.apply(circleId, peerId, { type: 'leave' });
      await this.sync.applied(applied.state, applied.events);
    } catch (err) {
      // Already out of the rules state (removed, session ended): nothing more to do.
      if (!(err instanceof DomainError)) throw err;
    }
  }

  /** Applies a rules command from a peer in a circle. */
  async command(peerId: string, command: ClientCircleCommand, commandId?: string): Promise<{ version: number }> {
    const room = this.roomOf(peerId);
    if (command.type === 'leave') {
      // Leaving is more than a rule: the peer's media goes too, as with leaveCircle.
      const socketId = this.peerSocket.get(peerId);
      const before = this.sync.cached(room.circleId)?.version ?? 0;
      if (socketId !== undefined) await this.leave(peerId, socketId);
      return { version: (await this.rules.state(room.circleId))?.version ?? before };
    }
    // The engine has no randomness: the server draws the seed, whatever the client sent.
    if (command.type === 'shuffleSeating') command = { ...command, seed: randomInt(0, 0xffffffff) };
    const applied = await this.rules.apply(room.circleId, peerId, command, commandId);
    if (!applied.duplicate) await this.sync.applied(applied.state, applied.events);
    // A new co-facilitator needs the lobby list now, not at its next change.
    if (applied.events.some((e) => e.type === 'roleChanged')) await this.desk.notify(room.circleId);
    return { version: applied.state.version };
  }

  /**
   * Un-mutes/un-pauses one of the peer's producers. A mic a facilitator muted is un-muted
   * in the rules too: only the person themselves can do that, and this is them doing it.
   */
  async resumeProducer(peerId: string, producerId: string): Promise<void> {
    const room = this.roomOf(peerId);
    const source = room.peer(peerId).producers.get(producerId)?.appData.source;
    const state = this.sync.cached(room.circleId) ?? (await this.rules.state(room.circleId));
    if (source === 'mic' && state?.participants[peerId]?.mutedByFacilitator) {
      await this.command(peerId, { type: 'unmuteSelf' });
    }
    await room.setProducerPaused(peerId, producerId, false);
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
    this.sync.close();
    await Promise.all([...this.rooms.values()].map((room) => this.closeRoom(room)));
    this.peerCircle.clear();
    this.peerSocket.clear();
  }

  /** Takes a peer out of the circle's media on this node (not out of the rules state). */
  private async evict(peerId: string, circleId: string): Promise<void> {
    if (this.peerCircle.get(peerId) !== circleId) return;
    this.peerCircle.delete(peerId);
    this.peerSocket.delete(peerId);
    this.deps.notifier.exit(peerId, circleId);
    const room = this.rooms.get(circleId);
    room?.removePeer(peerId);
    await this.deps.store.hashDelete(keys.circlePeers(circleId), peerId);
    if (room) await this.closeIfEmpty(room);
  }

  /** A newer connection speaks for the peer: the old one's media closes and it is disconnected. */
  private async takeOver(peerId: string): Promise<void> {
    const circleId = this.peerCircle.get(peerId);
    this.deps.notifier.disconnectPeer(peerId);
    if (circleId !== undefined) await this.evict(peerId, circleId);
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

  private async closeIfEmpty(room: Room): Promise<void> {
    if (room.peers.size === 0) await this.closeRoom(room);
  }

  private async closeRoom(room: Room): Promise<void> {
    if (this.rooms.get(room.circleId) !== room) return;
    this.rooms.delete(room.circleId);
    this.sync.forget(room.circleId);
    room.close();
    await this.deps.store.deleteIfEquals(keys.circleNode(room.circleId), this.deps.nodeId);
    this.deps.logger.info({ circleId: room.circleId }, 'circle closed');
  }

  /** The room's worker died: its peers are out of the media and told to rejoin. */
  private async onMediaLost(room: Room): Promise<void> {
    const peerIds = [...room.peers.keys()];
    for (const peerId of peerIds) {
      this.peerCircle.delete(peerId);
      this.peerSocket.delete(peerId);
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
