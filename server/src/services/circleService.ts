import { randomInt } from 'node:crypto';
import { getParticipant, viewFor, type CircleState, type ClientCircleCommand, type JoinedCircle } from '@hearth/shared';
import { DomainError } from '../errors';
import { Peer } from '../media/peer';
import type { Room } from '../media/room';
import { RoomHost } from '../media/roomHost';
import { CircleAccess } from './circleAccess';
import { CircleCommands } from './circleCommands';
import type { CircleServiceDeps, JoinRequest } from './circleServiceDeps';
import type { CommandRelay } from './commandRelay';
import { Connections, type Connection, type Visit } from './connections';
import { RejoinTokens } from './identity';
import { Lobby } from './lobby';
import { LobbyDesk } from './lobbyDesk';
import { NodePresence, type LostAttachment } from './presence';
import { RulesService } from './rulesService';
import { lowerHandOnSpeaking } from './speakingHands';
import { TurnClock } from './turnClock';

export type { CircleServiceDeps, JoinRequest } from './circleServiceDeps';

/**
 * Visits to circles by this node's connections: joining (admission, or a return within the
 * grace period), leaving, a lost connection, a lost media worker, rules commands, draining
 * for a restart. Each connection's one record ({@link Connection}) says what it speaks for;
 * the rules state in the store says who is present, reconnecting or gone, for every node.
 */
export class CircleService {
  readonly connections = new Connections();
  readonly rules: RulesService;
  readonly commands: CircleCommands;
  readonly rooms: RoomHost;
  readonly clock: TurnClock;
  readonly nodes: NodePresence;
  /** The lobbies of the circles: knocking, admitting, telling facilitators. */
  readonly desk: LobbyDesk;
  private readonly now: () => number;
  private readonly tokens: RejoinTokens;
  private readonly inFlight = new Set<Promise<unknown>>();
  private relay: CommandRelay | null = null;
  private draining = false;

  constructor(private readonly deps: CircleServiceDeps) {
    this.now = deps.clock ?? Date.now;
    this.tokens = new RejoinTokens(deps.store);
    this.rules = new RulesService(deps.store, this.now, { logger: deps.logger, nodeId: deps.nodeId, onLost: (id) => void this.track(this.homeLost(id)), idle: (id) => !this.rooms.get(id) && !this.opening(id), startingRules: deps.startingRules });
    this.rooms = new RoomHost({
      ...deps,
      onLost: (circleId, peerIds) => void this.track(this.mediaLost(circleId, peerIds)),
      onSpeaking: (circleId, peerId) => void this.track(lowerHandOnSpeaking(this.commands, this.rooms.get(circleId), peerId, deps.logger)),
    });
    this.commands = new CircleCommands({
      rules: this.rules,
      notifier: deps.notifier,
      logger: deps.logger,
      clock: this.now,
      nodeId: deps.nodeId,
      onApplied: deps.onApplied,
      onDiscarded: (circleId) => this.tokens.forget(circleId),
      local: { room: (id) => this.rooms.get(id), evict: (peerId, circleId) => this.evict(peerId, circleId) },
      metrics: deps.metrics,
    });
    this.clock = new TurnClock({ store: deps.store, logger: deps.logger, clock: this.now, tick: (id) => this.commands.tick(id), tenure: (id) => this.rules.homes.epochOf(id) });
    this.commands.useClock(this.clock);
    this.nodes = new NodePresence({ store: deps.store, logger: deps.logger, nodeId: deps.nodeId, clock: this.now, lost: (l) => this.lostElsewhere(l) });
    this.desk = new LobbyDesk(new Lobby(deps.store, this.now), this.rules, deps.notifier, (peerId) => this.roomOf(peerId));
  }

  /**
   * Starts this node's presence (registered with `url`, where clients reach it; stopped
   * nodes are swept), the relay to other nodes, the leases' renewals and the clock.
   */
  async start(url: string): Promise<void> {
    this.relay = this.deps.createRelay?.((f) => this.commands.applyForwarded(f)) ?? null;
    this.commands.useRelay(this.relay);
    this.rules.homes.start();
    await this.nodes.start(url);
    this.clock.start();
  }

  /**
   * Puts the person on `conn` in a circle. Someone still in it (reconnecting, or present on a
   * connection that died unnoticed or in another tab) comes back in their place, with no
   * lobby and no new affirmation; anyone else passes admission (window, agreement, lobby,
   * capacity). In an open circle a rejoin token names the participant and the first person
   * ever facilitates; in session and hosted circles the account is the participant.
   */
  join(conn: Connection, req: JoinRequest): Promise<JoinedCircle> {
    return this.track(this.joinNow(conn, req));
  }

  private async joinNow(conn: Connection, req: JoinRequest): Promise<JoinedCircle> {
    if (this.draining) throw new DomainError('UNAVAILABLE', 'This server is restarting; you will be reconnected.');
    if (conn.state === 'joined' && conn.visit?.circleId !== req.circleId) throw new DomainError('ALREADY_IN_CIRCLE', 'leave your current circle first');
    // Joining the same circle again on this connection rebuilds its media (the client's own
    // media failed): the person stays in their place.
    if (conn.state === 'joined') conn.state = 'mediaLost';
    if (conn.state === 'mediaLost' && conn.visit?.circleId !== req.circleId) await this.leave(conn);
    if (conn.state === 'closed') throw new DomainError('NOT_IN_CIRCLE', 'this connection has closed');
    const { circleId } = req;
    const grant = req.grant ?? { kind: 'open' };
    const session = grant.kind === 'session' ? grant : undefined;
    // Accounts are their own participant in circles they belong to; guests get an id (kept by their rejoin token).
    const accountId = session || (grant.kind === 'hosted' && grant.role === 'facilitator') ? (req.userId ?? undefined) : undefined;
    const tokenPeer = accountId ? undefined : await this.tokens.resolve(circleId, req.rejoinToken);
    const peerId = accountId ?? tokenPeer ?? (conn.visit?.peerId ?? this.deps.newId());
    const displayName = session ? session.membership.displayName : req.displayName;

    const existing = await this.rules.state(circleId);
    const known = existing ? getParticipant(existing, peerId) : undefined;
    const returning = known !== undefined && known.presence !== 'left' && !existing?.ended;
    CircleAccess.requireEntry(grant, returning || req.affirmAgreement);
    let admitted = false;
    if (!returning) {
      admitted = await this.desk.checkJoin(grant, { circleId, socketId: conn.socketId, peerId, userId: req.userId, known: known !== undefined, state: existing, ticket: req.admissionTicket });
    }
    // Someone else speaks for this person (a reload, a second tab, another node): this one takes over.
    // The old connection is released first, so that its closing changes nothing.
    const previous = this.connections.speakingFor(circleId, peerId);
    if (previous !== conn) {
      // Told first, so the old tab stays out instead of taking the visit back.
      this.deps.notifier.toPeer(peerId, 'visitMoved', { circleId });
      if (previous) {
        this.releaseMedia(previous, true);
        this.deps.notifier.disconnectSocket(previous.socketId);
      }
      this.deps.notifier.disconnectPeer(peerId, conn.socketId);
    }

    // The circle's media and its commands live on its home: this node, or the one to go to.
    await this.requireHome(circleId);
    const room = await this.rooms.open(circleId);
    if (!returning && room.peers.size >= this.deps.maxPeersPerCircle) {
      this.rooms.closeIfEmpty(room);
      throw new DomainError('ROOM_FULL', `this circle is full (${this.deps.maxPeersPerCircle} people)`);
    }
    // The same credential keeps meaning the same person: hand back the one they came with.
    const token = tokenPeer !== undefined && req.rejoinToken ? req.rejoinToken : await this.tokens.issue(circleId, peerId);
    let state: CircleState;
    try {
      if (returning) state = (await this.commands.apply(circleId, peerId, { type: 'reconnect' })).state;
      else {
        const firstEver = !existing || Object.keys(existing.participants).length === 0;
        const role = grant.kind === 'open' ? (known?.role ?? (firstEver ? 'facilitator' : 'member')) : grant.role;
        // A random seat: the go-around order is random unless a facilitator sets it.
        state = (await this.commands.apply(circleId, peerId, { type: 'join', name: displayName, role, seat: randomInt(0, 0xffff), ...(admitted ? { admitted } : {}) })).state;
      }
    } catch (err) {
      this.rooms.closeIfEmpty(room);
      throw err;
    }
    const me = getParticipant(state, peerId);
    const visit: Visit = { circleId, peerId, displayName, attachment: me?.attachment ?? 0, grant };
    this.connections.joined(conn, visit);
    this.deps.notifier.bindSocket(conn.socketId, peerId);
    room.removePeer(peerId, true); // media of a connection taken over, if any
    const peers = room.snapshot(undefined, peerId);
    room.addPeer(new Peer(peerId, displayName), returning);
    this.deps.notifier.enter(peerId, circleId);
    await this.nodes.attach(circleId, peerId, visit.attachment);
    const now = this.now();
    if (session && !returning) await this.deps.recordAttendance?.(session.session.id, peerId, displayName, now);
    if (me?.role === 'facilitator' && grant.kind !== 'open') await this.desk.notify(circleId);
    // The newest state, not only this join's: others' commands applied while this join was
    // being fanned out were sent before this socket could hear them.
    const latest = this.rules.homes.record(circleId)?.state ?? state;
    const newest = latest.version > state.version ? latest : state;
    return { peerId, circleId, routerRtpCapabilities: room.router.rtpCapabilities, peers, rejoinToken: token, circle: viewFor(newest, peerId, now), iceServers: this.deps.iceServers?.() };
  }

  /** This node is the circle's home, or MOVED (with where it is) / UNAVAILABLE (its home is going). */
  private async requireHome(circleId: string): Promise<void> {
    const home = await this.rules.homes.claim(circleId);
    if (home.mine) return;
    const url = await this.nodes.urlOf(home.holder);
    if (!url) throw new DomainError('UNAVAILABLE', 'This circle is moving to another server; trying again shortly.');
    throw new DomainError('MOVED', 'This circle is hosted by another Hearth server.', { location: url });
  }

  /** The person leaves the circle on purpose (Leave, or `leave` as a command). */
  leave(conn: Connection): Promise<void> {
    return this.track(this.leaveNow(conn));
  }

  private async leaveNow(conn: Connection): Promise<void> {
    const visit = conn.visit;
    if (!visit) return;
    this.releaseMedia(conn, false);
    this.deps.notifier.exit(visit.peerId, visit.circleId);
    await this.nodes.detach(visit.circleId, visit.peerId);
    try {
      await this.commands.apply(visit.circleId, visit.peerId, { type: 'leave' });
    } catch (err) {
      // Already out of the rules state (removed, session ended): nothing more to do.
      if (!(err instanceof DomainError)) throw err;
    }
  }

  /**
   * The connection closed (network, reload, tab closed). Its person keeps their place for
   * the grace period, as `reconnecting`; nothing is done if another connection took over.
   */
  connectionClosed(conn: Connection): Promise<void> {
    if (conn.knockedCircleId) void this.desk.cancelKnock(conn.socketId, conn.knockedCircleId).catch(() => undefined);
    const visit = conn.visit;
    this.connections.release(conn, true);
    if (!visit || this.draining) return Promise.resolve();
    this.rooms.get(visit.circleId)?.removePeer(visit.peerId, true);
    const room = this.rooms.get(visit.circleId);
    if (room) this.rooms.closeIfEmpty(room);
    return this.track(this.lost(visit));
  }

  /** Applies a rules command from the person on `conn`. */
  async command(conn: Connection, command: ClientCircleCommand, commandId?: string): Promise<{ version: number }> {
    const visit = this.visitOf(conn);
    if (command.type === 'leave') {
      // Leaving is more than a rule: the peer's media goes too, as with leaveCircle.
      await this.leave(conn);
      return { version: (await this.rules.state(visit.circleId))?.version ?? 0 };
    }
    // The engine has no randomness: the server draws the seed, whatever the client sent.
    if (command.type === 'shuffleSeating') command = { ...command, seed: randomInt(0, 0xffffffff) };
    if (command.type === 'startGroups') command = { ...command, seed: randomInt(0, 0xffffffff) };
    const applied = await this.track(this.commands.apply(visit.circleId, visit.peerId, command, commandId));
    // A new co-facilitator needs the lobby list now, not at its next change.
    if (applied.events.some((e) => e.type === 'roleChanged')) await this.desk.notify(visit.circleId);
    return { version: applied.state.version };
  }

  /**
   * Un-mutes/un-pauses one of the peer's producers. A mic a facilitator muted is un-muted
   * in the rules too: only the person themselves can do that, and this is them doing it.
   */
  async resumeProducer(conn: Connection, producerId: string): Promise<void> {
    const { room, peerId } = this.mediaOf(conn);
    const source = room.peer(peerId).producers.get(producerId)?.appData.source;
    const state = this.commands.cached(room.circleId) ?? (await this.rules.state(room.circleId));
    if (source === 'mic' && state?.participants[peerId]?.mutedByFacilitator) {
      await this.command(conn, { type: 'unmuteSelf' });
    }
    await room.setProducerPaused(peerId, producerId, false);
  }

  /** The room and participant of a connection in a circle, or NOT_IN_CIRCLE. */
  mediaOf(conn: Connection): { room: Room; peerId: string } {
    const visit = this.visitOf(conn);
    const room = this.rooms.get(visit.circleId);
    if (!room || !room.peers.has(visit.peerId)) throw new DomainError('NOT_IN_CIRCLE', 'join a circle first');
    return { room, peerId: visit.peerId };
  }

  /** Circles and peers hosted here, for /healthz. */
  stats(): { circles: number; peers: number } {
    return { circles: this.rooms.size, peers: this.connections.size };
  }

  /**
   * Before this node stops (SIGTERM): no new joins; requests in flight finish; everyone it
   * holds becomes `reconnecting` (they reconnect to this node when it is back, or to
   * another), so nobody loses their place and nobody stays present without a connection.
   */
  async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    this.clock.stop();
    await Promise.allSettled([...this.inFlight]);
    const visits = this.connections.visiting().map((conn) => {
      const visit = conn.visit!;
      this.connections.release(conn, true);
      return visit;
    });
    // One circle's people one after another (one writer per circle), circles side by side.
    const byCircle = new Map<string, Visit[]>();
    for (const v of visits) byCircle.set(v.circleId, [...(byCircle.get(v.circleId) ?? []), v]);
    await Promise.allSettled(
      [...byCircle.values()].map(async (group) => {
        for (const v of group) await this.lost(v);
      }),
    );
    // Handed over at once: the next node a person reconnects to becomes the circle's home.
    await this.rules.homes.releaseAll().catch((err: unknown) => this.deps.logger.warn({ err }, 'could not release circle leases'));
    await this.relay?.close();
    await this.nodes.stop().catch((err: unknown) => this.deps.logger.warn({ err }, 'could not leave the node index'));
  }

  /** Closes every room and stops the loops. Idempotent. */
  async close(): Promise<void> {
    this.clock.stop();
    this.rules.homes.stop();
    await this.relay?.close();
    await this.nodes.stop().catch(() => undefined);
    this.rooms.closeAll();
  }

  private visitOf(conn: Connection): Visit {
    if (conn.state !== 'joined' || !conn.visit) throw new DomainError('NOT_IN_CIRCLE', 'join a circle first');
    return conn.visit;
  }

  /** Someone's connection (or its media) is gone: they are reconnecting. Retried if the store is down. */
  private async lost(visit: Visit): Promise<void> {
    const lost = { circleId: visit.circleId, peerId: visit.peerId, attachment: visit.attachment };
    try {
      await this.lostElsewhere(lost);
      if (!this.connections.speakingFor(visit.circleId, visit.peerId)) await this.nodes.detach(visit.circleId, visit.peerId);
    } catch (err) {
      // The attachment stays registered: the sweep retries when this node stops, and so does
      // every later sweep here (see NodePresence.retryLater).
      this.nodes.retryLater(lost);
      this.deps.logger.warn({ err, circleId: visit.circleId }, 'could not mark a lost connection; will retry');
    }
  }

  /**
   * A connection (here, or of a node that stopped) is gone: its person is reconnecting, unless
   * back already. Throws only when it could not be marked (the store or the home unreachable).
   */
  private async lostElsewhere(l: LostAttachment): Promise<void> {
    const { graceMs, floorWaitMs } = this.deps.presence;
    try {
      await this.commands.apply(l.circleId, l.peerId, { type: 'disconnect', attachment: l.attachment, graceMs, floorWaitMs });
    } catch (err) {
      // Not in the circle any more (left, removed, ended): nothing to mark.
      if (!(err instanceof DomainError) || err.code === 'UNAVAILABLE') throw err;
    }
  }

  /**
   * This node is no longer the circle's home (its lease lapsed while it was paused or cut
   * off, and another node took it): its people here reconnect, and find the new home.
   */
  private async homeLost(circleId: string): Promise<void> {
    this.commands.forget(circleId);
    const conns = this.connections.inCircle(circleId);
    for (const conn of conns) {
      const visit = conn.visit!;
      this.releaseMedia(conn, true);
      // The transport closes without a goodbye, so the client reconnects and rejoins by itself.
      this.deps.notifier.closeTransport(conn.socketId);
      await this.lost(visit);
    }
    const room = this.rooms.get(circleId);
    if (room) this.rooms.closeIfEmpty(room);
  }

  private opening(_circleId: string): boolean {
    return this.inFlight.size > 0;
  }

  /** The worker of a circle's room died: its people rebuild their media on a new router. */
  private async mediaLost(circleId: string, peerIds: string[]): Promise<void> {
    this.commands.forget(circleId);
    for (const peerId of peerIds) {
      const conn = this.connections.speakingFor(circleId, peerId);
      if (!conn?.visit) continue;
      conn.state = 'mediaLost';
      await this.lost(conn.visit);
      this.deps.notifier.toPeer(peerId, 'mediaReset', { circleId, reason: 'the media server restarted' });
    }
  }

  /** Takes a peer out of the circle's media on this node (removed, session ended), not out of the rules. */
  private async evict(peerId: string, circleId: string): Promise<void> {
    const conn = this.connections.speakingFor(circleId, peerId);
    if (conn) {
      this.releaseMedia(conn, false);
      this.deps.notifier.exit(peerId, circleId);
      await this.nodes.detach(circleId, peerId);
    }
  }

  /** Closes a connection's media and stops it speaking for its person; `final`: it is closed for good. */
  private releaseMedia(conn: Connection, final: boolean): void {
    const visit = conn.visit;
    this.connections.release(conn, final);
    this.deps.notifier.unbindSocket(conn.socketId);
    if (!visit) return;
    const room = this.rooms.get(visit.circleId);
    if (!room) return;
    room.removePeer(visit.peerId, final);
    this.rooms.closeIfEmpty(room);
  }

  /** The room of the circle `peerId` is in on this node, or NOT_IN_CIRCLE. */
  roomOf(peerId: string): Room {
    const conn = this.connections.visiting().find((c) => c.visit?.peerId === peerId && c.state === 'joined');
    const room = conn?.visit ? this.rooms.get(conn.visit.circleId) : undefined;
    if (!room) throw new DomainError('NOT_IN_CIRCLE', 'join a circle first');
    return room;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
    return work;
  }
}
