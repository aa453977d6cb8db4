import type { CommandOf } from './commands';
import type { Ctx } from './context';
import { actor, patchParticipant, refuse } from './context';
import type { CircleEvent, FloorReleaseReason } from './events';
import { endTurn } from './floor';
import { queueEntryOf, withoutQueueEntry, withQueueEntry } from './queue';
import { handOn } from './round';
import type { CircleState, Participant } from './types';
import { SYSTEM_ACTOR_ID, getParticipant, isInCircle } from './types';

/*
 * Commands anyone in the circle may send. None of them touches another person's record: the
 * only effect on others is the hand-over the rules imply when the actor's own turn ends (the
 * next person gets the floor; their hand goes down).
 */

/**
 * Takes `id` out of the queue and, if they hold the floor, ends their turn and hands on.
 * Their presence must already be updated, so that a round skips them.
 */
export function vacate(state: CircleState, id: string, reason: FloorReleaseReason, now: number, events: CircleEvent[]) {
  let s = withoutQueueEntry(state, id);
  if (s.floor?.holderId === id) s = handOn(endTurn(s, now, reason, events), now, events);
  return s;
}

/**
 * A person joins, or re-joins: a returning id keeps its history (airtime, turns, a
 * facilitator's mute) and takes a new seat: at `seat` (the server draws it at random, so the
 * circle's order is random from the start), else at the end. A lock stops new people only:
 * facilitators, people returning after a dropped connection, and people a facilitator let in
 * by name from the lobby (`admitted`) still get in.
 */
export function join({ state, actorId, now, events }: Ctx, cmd: CommandOf<'join'>): CircleState {
  if (actorId === SYSTEM_ACTOR_ID) refuse('NOT_ALLOWED', 'That id is reserved.');
  if (state.removed.includes(actorId)) refuse('NOT_ALLOWED', 'A facilitator removed you from this circle.');
  const prev = getParticipant(state, actorId);
  if (isInCircle(prev)) refuse('ALREADY_IN_CIRCLE', 'You are already in this circle.');
  if (state.locked && !prev && cmd.role !== 'facilitator' && cmd.admitted !== true) {
    refuse('NOT_ALLOWED', "The circle is locked just now: the facilitators aren't letting anyone new in.");
  }
  // A re-join never demotes: an in-session promotion survives a dropped connection.
  const role = cmd.role === 'facilitator' || prev?.role === 'facilitator' ? 'facilitator' : 'member';
  const p: Participant = prev
    ? { ...prev, name: cmd.name, role, presence: 'present', reconnect: null, attachment: (prev.attachment ?? 0) + 1 }
    : {
        id: actorId, name: cmd.name, role, presence: 'present', joinedAt: now, hasSpoken: false, airtimeMs: 0,
        turns: 0, passes: 0, needsMoment: false, momentRequestedAt: null, mutedByFacilitator: false,
        reconnect: null, attachment: 1,
      };
  events.push({ type: 'participantJoined', participantId: actorId, name: p.name, role, rejoined: prev !== undefined });
  const at = cmd.seat === undefined ? state.seating.length : cmd.seat % (state.seating.length + 1);
  const seating = [...state.seating.slice(0, at), actorId, ...state.seating.slice(at)];
  return { ...state, participants: { ...state.participants, [actorId]: p }, seating };
}

/** Leave: out of seating, queue and floor; a pending "I need a moment" is dropped. */
export function leave({ state, actorId, now, events }: Ctx): CircleState {
  events.push({ type: 'participantLeft', participantId: actorId, reason: 'left' });
  let s = patchParticipant(state, actorId, { presence: 'left', reconnect: null, needsMoment: false, momentRequestedAt: null });
  s = { ...s, seating: s.seating.filter((id) => id !== actorId) };
  return vacate(s, actorId, 'left', now, events);
}

/** Step out: keep the seat (and any "I need a moment"), lose the hand and the floor. */
export function stepOut({ state, actorId, now, events }: Ctx): CircleState {
  events.push({ type: 'participantSteppedOut', participantId: actorId });
  return vacate(patchParticipant(state, actorId, { presence: 'steppedOut' }), actorId, 'steppedOut', now, events);
}

/** Come back after stepping out. */
export function stepBack(ctx: Ctx): CircleState {
  if (actor(ctx).presence !== 'steppedOut') refuse('NOT_ALLOWED', 'You have not stepped out.');
  ctx.events.push({ type: 'participantSteppedBack', participantId: ctx.actorId });
  return patchParticipant(ctx.state, ctx.actorId, { presence: 'present' });
}

/** Raise a hand. In queue mode with a free floor, `settle` grants it straight away. */
export function raiseHand({ state, actorId, now, events }: Ctx): CircleState {
  if (state.floor?.holderId === actorId) refuse('NOT_ALLOWED', 'You have the floor.');
  if (queueEntryOf(state, actorId)) refuse('NOT_ALLOWED', 'Your hand is already raised.');
  events.push({ type: 'handRaised', participantId: actorId, kind: 'hand', replyTo: null });
  return withQueueEntry(state, actorId, 'hand', now, null);
}

/** Lower your own hand or pending reply. */
export function lowerHand({ state, actorId, events }: Ctx): CircleState {
  if (!queueEntryOf(state, actorId)) refuse('NOT_ALLOWED', 'Your hand is not raised.');
  events.push({ type: 'handLowered', participantId: actorId, by: actorId });
  return withoutQueueEntry(state, actorId);
}

/**
 * Ask to reply directly to the current speaker. At most one reply may be pending in the
 * circle. A raised hand turns into the reply (one entry per person). Not during a round:
 * a go-around is not interrupted by replies.
 */
export function raiseReply({ state, actorId, now, events }: Ctx): CircleState {
  if (!state.rules.directReplies) refuse('NOT_ALLOWED', 'Direct replies are turned off.');
  if (state.rules.mode === 'round') refuse('NOT_ALLOWED', 'Replies wait until the round ends.');
  const holder = state.floor?.holderId;
  if (holder === undefined) refuse('NOT_ALLOWED', 'No one is speaking to reply to.');
  if (holder === actorId) refuse('NOT_ALLOWED', 'You have the floor.');
  const pending = state.queue.find((e) => e.kind === 'reply');
  if (pending) {
    refuse('NOT_ALLOWED', pending.participantId === actorId ? 'Your reply is already waiting.' : 'Another reply is already waiting.');
  }
  events.push({ type: 'handRaised', participantId: actorId, kind: 'reply', replyTo: holder });
  const own = queueEntryOf(state, actorId);
  if (!own) return withQueueEntry(state, actorId, 'reply', now, holder);
  const queue = state.queue.map((e) => (e === own ? { ...e, kind: 'reply' as const, replyTo: holder, placed: null } : e));
  return { ...state, queue };
}

/** Pass: only the floor holder; counted as a pass, never as airtime; the floor moves on. */
export function pass({ state, actorId, now, events }: Ctx): CircleState {
  if (state.floor?.holderId !== actorId) refuse('NOT_YOUR_TURN', 'It is not your turn.');
  events.push({ type: 'turnPassed', participantId: actorId });
  return handOn(endTurn(state, now, 'passed', events, true), now, events);
}

/** End your own turn; the floor moves on per the mode. */
export function finishTurn({ state, actorId, now, events }: Ctx): CircleState {
  if (state.floor?.holderId !== actorId) refuse('NOT_YOUR_TURN', 'You do not have the floor.');
  return handOn(endTurn(state, now, 'finished', events), now, events);
}

/** A reaction: an event only, the state is unchanged (and so is its version). */
export function react({ state, actorId, events }: Ctx, cmd: CommandOf<'react'>): CircleState {
  events.push({ type: 'reaction', from: actorId, kind: cmd.kind });
  return state;
}

/** "I need a moment": facilitators (and you) see it until acknowledged or withdrawn. */
export function requestMoment(ctx: Ctx): CircleState {
  if (actor(ctx).needsMoment) refuse('NOT_ALLOWED', 'The facilitators already know you need a moment.');
  ctx.events.push({ type: 'momentRequested', from: ctx.actorId });
  return patchParticipant(ctx.state, ctx.actorId, { needsMoment: true, momentRequestedAt: ctx.now });
}

/** Take back "I need a moment". */
export function withdrawMoment(ctx: Ctx): CircleState {
  if (!actor(ctx).needsMoment) refuse('NOT_ALLOWED', 'You have not asked for a moment.');
  ctx.events.push({ type: 'momentWithdrawn', from: ctx.actorId });
  return patchParticipant(ctx.state, ctx.actorId, { needsMoment: false, momentRequestedAt: null });
}

/** Clear a facilitator's mute on yourself. Only you can: no one is ever force-unmuted. */
export function unmuteSelf(ctx: Ctx): CircleState {
  if (!actor(ctx).mutedByFacilitator) refuse('NOT_ALLOWED', 'A facilitator has not muted you.');
  ctx.events.push({ type: 'participantUnmuted', target: ctx.actorId });
  return patchParticipant(ctx.state, ctx.actorId, { mutedByFacilitator: false });
}
