import {
  audioAllowed,
  mediaSpaces,
  eventAudience,
  eventRecipients,
  viewJsonFor,
  SYSTEM_ACTOR_ID,
  type CircleCommand,
  type CircleEvent,
  type CircleState,
} from '@hearth/shared';
import { DomainError } from '../errors';
import type { Logger } from '../logger';
import type { Notifier } from '../transport/notifier';
import type { Room } from '../media/room';
import type { CommandMetrics } from '../metrics';
import type { CommandRelay, ForwardedCommand } from './commandRelay';
import type { Applied, RulesService } from './rulesService';
import type { TurnClock } from './turnClock';

/** What command application needs from the circle service: this node's rooms and how to drop a peer. */
export interface LocalCircles {
  room(circleId: string): Room | undefined;
  /** Takes a peer out of the circle's media on this node (removed, session ended). */
  evict(peerId: string, circleId: string): Promise<void>;
}

/**
 * Applying rules commands and everything that follows a change of a circle's rules state,
 * on every node: each person gets their own view and the events meant for them; the SFU
 * forwards only the mics the rules allow; media-affecting events (mute, stop video, removal,
 * end) act on local peers; the circle's next deadline goes to the clock; a circle nobody is in
 * any more, or whose session ended, keeps no personal data.
 */
export class CircleCommands {
  private readonly latest = new Map<string, CircleState>();
  private clock: TurnClock | null = null;
  private relay: CommandRelay | null = null;

  constructor(
    private readonly deps: {
      rules: RulesService;
      notifier: Notifier;
      local: LocalCircles;
      logger: Logger;
      clock: () => number;
      nodeId: string;
      /** Counts and times applied commands and their fan-out. */
      metrics?: CommandMetrics;
      /** The circle's people are gone from its state (it ended or emptied): forget what else names them. */
      onDiscarded?: (circleId: string) => Promise<void>;
      /** Called for every command applied on this node, before anyone is told (endings, lobby changes). */
      onApplied?: (state: CircleState, events: CircleEvent[]) => Promise<void>;
    },
  ) {}

  /** The clock that enforces deadlines (set once, after both exist). */
  useClock(clock: TurnClock): void {
    this.clock = clock;
  }

  /** How commands reach homes on other nodes (none with a single node). */
  useRelay(relay: CommandRelay | null): void {
    this.relay = relay;
  }

  /** The last state seen for a circle hosted here (for new producers). */
  cached(circleId: string): CircleState | undefined {
    return this.latest.get(circleId);
  }

  /**
   * Applies a command as `actorId` on the circle's home — here (taking the home if it is
   * free), or forwarded to the node that is — and fans out what changed. Throws the refusal.
   */
  async apply(circleId: string, actorId: string, command: CircleCommand, commandId?: string): Promise<Applied> {
    const home = await this.deps.rules.homes.claim(circleId);
    if (!home.mine) {
      if (!this.relay) throw new DomainError('UNAVAILABLE', 'This circle is moving between servers; trying again shortly.');
      return this.relay.send(home.holder, { circleId, actorId, command, ...(commandId ? { commandId } : {}) });
    }
    return this.applyHere(circleId, actorId, command, commandId);
  }

  /** A command another node forwarded: applied here when this node is (still) the home. */
  async applyForwarded(f: ForwardedCommand): Promise<Applied> {
    if (!this.deps.rules.homes.holds(f.circleId)) {
      const home = await this.deps.rules.homes.claim(f.circleId);
      if (!home.mine) throw new DomainError('UNAVAILABLE', 'This circle moved to another server; trying again shortly.');
    }
    return this.applyHere(f.circleId, f.actorId, f.command, f.commandId);
  }

  private async applyHere(circleId: string, actorId: string, command: CircleCommand, commandId?: string): Promise<Applied> {
    const started = performance.now();
    const applied = await this.deps.rules.apply(circleId, actorId, command, commandId).catch((err: unknown) => {
      // The code the sender is answered with (anything unexpected is answered INTERNAL).
      this.deps.metrics?.commandApplied(command.type, err instanceof DomainError ? err.code : 'INTERNAL', secondsSince(started));
      throw err;
    });
    this.deps.metrics?.commandApplied(command.type, 'ok', secondsSince(started));
    if (!applied.duplicate && (applied.events.length > 0 || applied.changed)) {
      const fanningOut = performance.now();
      await this.applied(applied.state, applied.events);
      this.deps.metrics?.fannedOut(secondsSince(fanningOut));
    }
    return applied;
  }

  /**
   * The clock's tick for one circle, on its home (or here, if it has none): null when the
   * circle has no state any more, undefined when another node's clock ticks it.
   */
  async tick(circleId: string): Promise<CircleState | null | undefined> {
    const holder = await this.deps.rules.homes.holderOf(circleId);
    if (holder !== null && holder !== this.deps.nodeId) return undefined;
    // Nobody's home (its room closed, deadlines remain): this node takes it for the tick.
    const home = await this.deps.rules.homes.claim(circleId);
    if (!home.mine) return undefined;
    if (!(await this.deps.rules.state(circleId))) return null;
    return (await this.applyHere(circleId, SYSTEM_ACTOR_ID, { type: 'tick' })).state;
  }

  /** After a command was applied on this node: tell everyone, enforce, tell the other nodes. */
  private async applied(state: CircleState, events: CircleEvent[]): Promise<void> {
    // Durable consequences first (a session marked ended), so no one told of the change can
    // still read the old state from another screen.
    await this.deps.onApplied?.(state, events).catch((err: unknown) => this.deps.logger.warn({ err, circleId: state.circleId }, 'after-command hook failed'));
    this.publish(state, events);
    await this.enforce(state, events);
    await this.clock?.schedule(state);
    if (state.ended || state.seating.length === 0) {
      // Nothing of the people in it is kept: an ended session leaves only its ending, an empty one nothing.
      const kept = await this.deps.rules.discardPersonalData(state.circleId);
      if (!kept) await this.clock?.forget(state.circleId);
      await this.deps.onDiscarded?.(state.circleId);
    }
  }

  /** Applies the rules to a room that was just (re)built, e.g. after a worker died. */
  async enforceNow(circleId: string): Promise<void> {
    const state = await this.deps.rules.state(circleId);
    if (state) await this.enforce(state, []);
  }

  /** Forgets a circle this node no longer hosts. */
  forget(circleId: string): void {
    this.latest.delete(circleId);
  }

  private publish(state: CircleState, events: CircleEvent[]): void {
    // Everyone in the circle is connected to this node, its home (joins elsewhere get MOVED);
    // each gets their view and the events in one write.
    this.deps.notifier.here.together(state.circleId, () => this.send(state, events));
  }

  private send(state: CircleState, events: CircleEvent[]): void {
    const viewers = new Set(state.seating);
    for (const event of events) for (const id of eventRecipients(state, event)) viewers.add(id);
    const now = this.deps.clock();
    const here = this.deps.notifier.here;
    // What everyone sees is serialised once; each view is sent as that text (see viewJsonFor).
    const viewOf = viewJsonFor(state, now);
    for (const id of viewers) here.toPeerJson(id, 'circleState', viewOf(id));
    for (const event of events) {
      const audience = eventAudience(event);
      if (audience.kind === 'everyone') {
        // One message to the circle's room rather than one per person (one PUBLISH in Redis).
        // `alsoTo` (a removed person) may still be in the room: reach them exactly once.
        here.toCircle(state.circleId, 'circleEvent', event, audience.alsoTo);
        if (audience.alsoTo !== undefined) here.toPeer(audience.alsoTo, 'circleEvent', event);
        continue;
      }
      for (const id of eventRecipients(state, event)) here.toPeer(id, 'circleEvent', event);
    }
  }

  private async enforce(state: CircleState, events: CircleEvent[]): Promise<void> {
    const room = this.deps.local.room(state.circleId);
    if (!room) return;
    const current = this.latest.get(state.circleId);
    if (current && current.version > state.version) return; // an older state arrived late
    this.latest.set(state.circleId, state);
    for (const event of events) await this.mediaEffect(room, event);
    // Pairs and small groups: no media across groups (before the mics, so no one is heard elsewhere).
    room.setSharePolicy(mediaSpaces(state));
    await room.setAudioPolicy((peerId) => audioAllowed(state, peerId));
  }

  private async mediaEffect(room: Room, event: CircleEvent): Promise<void> {
    switch (event.type) {
      case 'participantMuted':
        // Shown as muted to all; only the person can unmute (never a forced unmute).
        await room.pauseSource(event.target, 'mic');
        return;
      case 'videoStopped':
        await room.pauseSource(event.target, 'camera');
        return;
      case 'participantRemoved':
        if (room.peers.has(event.target)) await this.deps.local.evict(event.target, room.circleId);
        return;
      case 'sessionEnded':
        for (const peerId of [...room.peers.keys()]) await this.deps.local.evict(peerId, room.circleId);
        return;
      default:
    }
  }
}

const secondsSince = (startMs: number): number => (performance.now() - startMs) / 1000;
