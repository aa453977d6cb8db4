import type { CommandOf } from './commands';
import type { Ctx } from './context';
import { refuse, targetInCircle, targetPresent } from './context';
import type { ChangeableRule } from './events';
import { endTurn, grantFloor } from './floor';
import { placeQueue, queueEntryOf, sameQueue, withoutQueueEntry } from './queue';
import { advanceRound, closeRound, handOn, openRound } from './round';
import { isPermutationOf, sameOrder, shuffledSeating } from './seating';
import { paused, resumed, retimed } from './timer';
import type { CircleRules, CircleState } from './types';

/* Facilitator commands about who speaks: modes, rules, seating, rounds, the floor, the queue, the timer. */

const CHANGEABLE: readonly ChangeableRule[] = ['queueOrder', 'directReplies', 'turnLimitMs', 'autoAdvance', 'facilitatorsMaySpeak', 'chat'];

/**
 * Switch mode. Into `round`: starts a round from the first seat. Into `open`: the turn in
 * progress ends (open mode has no floor). Out of a round: the round ends, and so does its
 * turn. Between queue and directed: the current speaker keeps the floor.
 */
export function setMode({ state, actorId, now, events }: Ctx, cmd: CommandOf<'setMode'>): CircleState {
  const current = state.rules.mode;
  if (cmd.mode === current) refuse('NOT_ALLOWED', `The circle is already in ${current} mode.`);
  if (cmd.mode === 'round') return openRound(state, actorId, undefined, now, events);
  let s: CircleState;
  if (current === 'round') s = closeRound(state, 'modeChanged', now, events, cmd.mode);
  else {
    s = cmd.mode === 'open' ? endTurn(state, now, 'modeChanged', events) : state;
    s = { ...s, rules: { ...s.rules, mode: cmd.mode } };
  }
  events.push({ type: 'modeChanged', mode: cmd.mode, by: actorId });
  return s;
}

/**
 * Change rules live. Turning direct replies off turns a pending reply into a hand; choosing
 * a queue order clears a manual reorder; a new turn limit applies to the turn in progress.
 */
export function setRules({ state, actorId, now, events }: Ctx, cmd: CommandOf<'setRules'>): CircleState {
  // A state stored before `chat` existed has it on.
  const current = { ...state.rules, chat: state.rules.chat ?? true };
  const changed = CHANGEABLE.filter((k) => cmd.rules[k] !== undefined && cmd.rules[k] !== current[k]);
  if (changed.length === 0) refuse('NOT_ALLOWED', 'Those rules are already in effect.');
  const rules: CircleRules = { ...current };
  for (const k of changed) (rules as unknown as Record<string, unknown>)[k] = cmd.rules[k];
  let s: CircleState = { ...state, rules };
  if (changed.includes('directReplies') && !rules.directReplies) {
    s = { ...s, queue: s.queue.map((e) => (e.kind === 'reply' ? { ...e, kind: 'hand' as const, replyTo: null } : e)) };
  }
  if (changed.includes('queueOrder')) s = { ...s, queue: s.queue.map((e) => ({ ...e, placed: null })) };
  if (changed.includes('turnLimitMs') && s.timer) s = { ...s, timer: retimed(s.timer, rules.turnLimitMs, now) };
  events.push({ type: 'rulesChanged', rules, changed, by: actorId });
  return s;
}

/** Set the circle order: exactly everyone seated, once each. */
export function setSeating({ state, actorId, events }: Ctx, cmd: CommandOf<'setSeating'>): CircleState {
  if (!isPermutationOf(cmd.order, state.seating)) {
    refuse('INVALID_PAYLOAD', 'The order must list everyone in the circle exactly once.');
  }
  if (sameOrder(cmd.order, state.seating)) refuse('NOT_ALLOWED', 'The seating is already in that order.');
  events.push({ type: 'seatingChanged', seating: cmd.order, by: actorId });
  return { ...state, seating: [...cmd.order] };
}

/** Shuffle the circle order with the server's seed. */
export function shuffleSeating({ state, actorId, events }: Ctx, cmd: CommandOf<'shuffleSeating'>): CircleState {
  if (state.seating.length < 2) refuse('NOT_ALLOWED', 'There is no one to shuffle.');
  const seating = shuffledSeating(state.seating, cmd.seed);
  events.push({ type: 'seatingChanged', seating, by: actorId });
  return { ...state, seating };
}

/** Start a round from `startWith` (default: the first seat); a turn in progress ends. */
export function startRound({ state, actorId, now, events }: Ctx, cmd: CommandOf<'startRound'>): CircleState {
  if (state.round) refuse('NOT_ALLOWED', 'A round is already in progress.');
  if (cmd.startWith !== undefined) targetInCircle(state, cmd.startWith);
  return openRound(state, actorId, cmd.startWith, now, events);
}

/** End the round now; its turn ends and the previous mode returns. */
export function endRound({ state, now, events }: Ctx): CircleState {
  if (!state.round) refuse('NOT_ALLOWED', 'No round is in progress.');
  return closeRound(state, 'endedByFacilitator', now, events);
}

/** Move on: the next person in the round or the queue; in directed mode, free the floor. */
export function next({ state, now, events }: Ctx): CircleState {
  const mode = state.rules.mode;
  if (mode === 'open') refuse('NOT_ALLOWED', 'In open mode there is no floor to pass on.');
  if (mode === 'round') return advanceRound(state, now, events, 'next');
  if (!state.floor) refuse('NOT_ALLOWED', 'No one holds the floor.');
  return endTurn(state, now, 'next', events);
}

/**
 * Give the floor to someone present (not in open mode: there everyone may speak). In a
 * round this is an aside: the round's place is kept, and when the aside ends the round goes
 * on with the next person after the interrupted one.
 */
export function giveFloor({ state, now, events }: Ctx, cmd: CommandOf<'giveFloor'>): CircleState {
  if (state.rules.mode === 'open') refuse('NOT_ALLOWED', 'In open mode everyone may speak; switch modes to give the floor.');
  const to = targetPresent(state, cmd.to);
  if (state.floor?.holderId === to.id) refuse('NOT_ALLOWED', `${to.name} already has the floor.`);
  return grantFloor(state, to.id, 'facilitator', now, events);
}

/** Take the floor back. What follows is the mode's usual hand-over (next in round or queue). */
export function revokeFloor({ state, now, events }: Ctx): CircleState {
  if (!state.floor) refuse('NOT_ALLOWED', 'No one holds the floor.');
  return handOn(endTurn(state, now, 'revoked', events), now, events);
}

/** Place the queue in the given order (exactly the raised hands). */
export function reorderQueue({ state, actorId, events }: Ctx, cmd: CommandOf<'reorderQueue'>): CircleState {
  if (state.queue.length === 0) refuse('NOT_ALLOWED', 'No hands are raised.');
  const queued = state.queue.map((e) => e.participantId);
  if (!isPermutationOf(cmd.order, queued)) refuse('INVALID_PAYLOAD', 'The order must list every raised hand exactly once.');
  const s = placeQueue(state, cmd.order);
  if (sameQueue(s.queue, state.queue)) refuse('NOT_ALLOWED', 'The queue is already in that order.');
  events.push({ type: 'queueReordered', order: [...cmd.order], by: actorId });
  return s;
}

/** Lower one person's hand. */
export function lowerHandOf({ state, actorId, events }: Ctx, cmd: CommandOf<'lowerHandOf'>): CircleState {
  const target = targetInCircle(state, cmd.target);
  if (!queueEntryOf(state, target.id)) refuse('NOT_ALLOWED', `${target.name}'s hand is not raised.`);
  events.push({ type: 'handLowered', participantId: target.id, by: actorId });
  return withoutQueueEntry(state, target.id);
}

/** Lower every hand. */
export function lowerAllHands({ state, actorId, events }: Ctx): CircleState {
  if (state.queue.length === 0) refuse('NOT_ALLOWED', 'No hands are raised.');
  events.push({ type: 'handsLowered', participantIds: state.queue.map((e) => e.participantId), by: actorId });
  return { ...state, queue: [] };
}

/** Pause the turn timer (per turn: the next turn starts running). */
export function pauseTimer({ state, actorId, now, events }: Ctx): CircleState {
  if (!state.timer) refuse('NOT_ALLOWED', 'No turn is in progress.');
  if (state.rules.turnLimitMs === null) refuse('NOT_ALLOWED', 'No turn limit is set.');
  if (state.timer.pausedAt !== null) refuse('NOT_ALLOWED', 'The timer is already paused.');
  events.push({ type: 'timerPaused', by: actorId });
  return { ...state, timer: paused(state.timer, now) };
}

/** Resume the turn timer. */
export function resumeTimer({ state, actorId, now, events }: Ctx): CircleState {
  if (!state.timer || state.timer.pausedAt === null) refuse('NOT_ALLOWED', 'The timer is not paused.');
  events.push({ type: 'timerResumed', by: actorId });
  return { ...state, timer: resumed(state.timer, now) };
}
