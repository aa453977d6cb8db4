import { randomBytes } from 'node:crypto';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { getParticipant, type ChatMessage, type ClientPayloads } from '@hearth/shared';
import { DomainError } from '../errors';
import type { Notifier } from '../transport/notifier';
import type { CircleService } from './circleService';

/** Messages a person may send in a burst, and over how long (then RATE_LIMITED). */
const BURST = { points: 5, duration: 10 };

/**
 * Text chat inside a circle, ephemeral by design: a message is relayed to the people in
 * the circle at that moment (everyone, or only the facilitators) and then forgotten. It is
 * never written to the store, the disk or the logs — nothing here logs, and errors carry no
 * text. Facilitators can turn chat off (the `chat` rule; private messages to them stay
 * open); links stay plain text (clients never fetch or preview them).
 */
export class CircleChat {
  private readonly limiter = new RateLimiterMemory(BURST);

  constructor(
    private readonly circles: CircleService,
    private readonly notifier: Notifier,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Relays one message from `peerId`; resolves with its id. */
  async send(peerId: string, { text, to }: ClientPayloads['sendChat']): Promise<{ id: string }> {
    const room = this.circles.roomOf(peerId);
    const state = this.circles.commands.cached(room.circleId) ?? (await this.circles.rules.state(room.circleId));
    const me = state ? getParticipant(state, peerId) : undefined;
    if (!state || !me || me.presence === 'left') throw new DomainError('NOT_IN_CIRCLE', 'Join the circle first.');
    if (state.ended) throw new DomainError('NOT_ALLOWED', 'This session has ended.');
    // Off means off for everyone's messages; a private word to the facilitators stays possible.
    if (state.rules.chat === false && to === 'everyone') {
      throw new DomainError('NOT_ALLOWED', 'The facilitators have turned chat off for now. You can still message the facilitators.');
    }
    try {
      await this.limiter.consume(peerId);
    } catch {
      throw new DomainError('RATE_LIMITED', 'You are sending messages very quickly: please wait a few seconds.');
    }
    const message: ChatMessage = { id: randomBytes(9).toString('base64url'), circleId: room.circleId, from: peerId, fromName: me.name, to, text, at: this.clock() };
    if (to === 'everyone') {
      this.notifier.toCircle(room.circleId, 'chatMessage', message);
    } else {
      const recipients = new Set(state.seating.filter((id) => getParticipant(state, id)?.role === 'facilitator'));
      recipients.add(peerId);
      for (const id of recipients) this.notifier.toPeer(id, 'chatMessage', message);
    }
    return { id: message.id };
  }
}
