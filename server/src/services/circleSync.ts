import { audioAllowed, eventAudience, eventRecipients, nextDueAt, viewFor, SYSTEM_ACTOR_ID, type CircleEvent, type CircleState } from '@hearth/shared';
import type { Logger } from '../logger';
import type { ClusterBus, Notifier } from '../media/notifier';
import type { Room } from '../media/room';
import type { RulesService } from './rulesService';

/** What the sync needs from the circle service: this node's rooms and how to drop a peer. */
export interface LocalCircles {
  room(circleId: string): Room | undefined;
  /** Takes a peer out of the circle's media on this node (removed, session ended). */
  evict(peerId: string, circleId: string): Promise<void>;
}

/** How often due timers (nudges, auto-advance) are checked. */
const TICK_INTERVAL_MS = 500;

/**
 * Everything that follows a change of a circle's rules state, on every node: each person
 * gets their own view and the events meant for them; the SFU forwards only the mics the
 * rules allow; media-affecting events (mute, stop video, removal, end) act on local peers.
 * Also drives the turn timers of the circles this node hosts.
 */
export class CircleSync {
  private readonly latest = new Map<string, CircleState>();
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly deps: {
      rules: RulesService;
      notifier: Notifier;
      bus: ClusterBus;
      local: LocalCircles;
      logger: Logger;
      clock: () => number;
      /** Called for every command applied on this node, before anyone is told (endings, lobby changes). */
      onApplied?: (state: CircleState, events: CircleEvent[]) => Promise<void>;
    },
  ) {
    this.ticker = setInterval(() => void this.tick(), TICK_INTERVAL_MS);
    this.ticker.unref();
  }

  /** The last state seen for a circle (for new producers and ticks). */
  cached(circleId: string): CircleState | undefined {
    return this.latest.get(circleId);
  }

  /** After a command was applied on this node: tell everyone, enforce, tell the other nodes. */
  async applied(state: CircleState, events: CircleEvent[]): Promise<void> {
    // Durable consequences first (a session marked ended), so no one told of the change can
    // still read the old state from another screen.
    await this.deps.onApplied?.(state, events).catch((err: unknown) => this.deps.logger.warn({ err, circleId: state.circleId }, 'after-command hook failed'));
    this.publish(state, events);
    this.deps.bus.announce(state.circleId, events);
    await this.enforce(state, events);
  }

  /** Another node applied a command: enforce it on the media hosted here. */
  async remoteChanged(circleId: string, events: CircleEvent[]): Promise<void> {
    if (!this.deps.local.room(circleId)) return;
    const state = await this.deps.rules.state(circleId);
    if (state) await this.enforce(state, events);
  }

  /** Forgets a circle this node no longer hosts. */
  forget(circleId: string): void {
    this.latest.delete(circleId);
  }

  /** Stops the timer loop. */
  close(): void {
    clearInterval(this.ticker);
  }

  private publish(state: CircleState, events: CircleEvent[]): void {
    const now = this.deps.clock();
    const viewers = new Set(state.seating);
    for (const event of events) for (const id of eventRecipients(state, event)) viewers.add(id);
    for (const id of viewers) this.deps.notifier.toPeer(id, 'circleState', viewFor(state, id, now));
    for (const event of events) {
      const audience = eventAudience(event);
      if (audience.kind === 'everyone') {
        // One message to the circle's room rather than one per person (one PUBLISH in Redis).
        // `alsoTo` (a removed person) may still be in the room: reach them exactly once.
        this.deps.notifier.toCircle(state.circleId, 'circleEvent', event, audience.alsoTo);
        if (audience.alsoTo !== undefined) this.deps.notifier.toPeer(audience.alsoTo, 'circleEvent', event);
        continue;
      }
      for (const id of eventRecipients(state, event)) this.deps.notifier.toPeer(id, 'circleEvent', event);
    }
  }

  private async enforce(state: CircleState, events: CircleEvent[]): Promise<void> {
    const room = this.deps.local.room(state.circleId);
    if (!room) return;
    const current = this.latest.get(state.circleId);
    if (current && current.version > state.version) return; // an older state arrived late
    this.latest.set(state.circleId, state);
    for (const event of events) await this.mediaEffect(room, event);
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

  private async tick(): Promise<void> {
    const now = this.deps.clock();
    for (const [circleId, state] of this.latest) {
      const due = nextDueAt(state);
      if (due === null || due > now || !this.deps.local.room(circleId)) continue;
      try {
        const applied = await this.deps.rules.apply(circleId, SYSTEM_ACTOR_ID, { type: 'tick' });
        if (!applied.duplicate && applied.state.version !== state.version) await this.applied(applied.state, applied.events);
        else this.latest.set(circleId, applied.state);
      } catch (err) {
        // Another node may have ticked first: re-read so this one does not retry in a loop.
        this.deps.logger.debug({ err, circleId }, 'timer tick refused');
        const fresh = await this.deps.rules.state(circleId).catch(() => null);
        if (fresh) this.latest.set(circleId, fresh);
        else this.latest.delete(circleId);
      }
    }
  }
}
