import type { CommandOf } from './commands';
import type { Ctx } from './context';
import { patchParticipant, presentFacilitators, refuse, targetInCircle } from './context';
import { endTurn } from './floor';
import { vacate } from './member';
import { closeGroups } from './groups';
import { closeRound } from './round';
import type { CircleState } from './types';
import { getParticipant } from './types';

/*
 * Facilitator commands about people and the session. Muting is one-way on purpose: a
 * facilitator can mute, or ask someone to unmute, but only the person unmutes themselves.
 */

/** Mute someone until they unmute themselves. */
export function muteParticipant({ state, actorId, events }: Ctx, cmd: CommandOf<'muteParticipant'>): CircleState {
  const target = targetInCircle(state, cmd.target);
  if (target.mutedByFacilitator) refuse('NOT_ALLOWED', `${target.name} is already muted.`);
  events.push({ type: 'participantMuted', target: target.id, by: actorId });
  return patchParticipant(state, target.id, { mutedByFacilitator: true });
}

/** Privately ask someone to unmute: an event to them only, no state change. */
export function askToUnmute({ state, actorId, events }: Ctx, cmd: CommandOf<'askToUnmute'>): CircleState {
  const target = targetInCircle(state, cmd.target);
  events.push({ type: 'unmuteRequested', target: target.id, by: actorId });
  return state;
}

/** Stop someone's camera: the server acts on the event; no state change. */
export function stopVideo({ state, actorId, events }: Ctx, cmd: CommandOf<'stopVideo'>): CircleState {
  const target = targetInCircle(state, cmd.target);
  events.push({ type: 'videoStopped', target: target.id, by: actorId });
  return state;
}

/**
 * Remove someone (present, stepped out, or already left: removing blocks a return). Their
 * record is deleted; their id is kept in `removed` so a `join` is refused until `readmit`.
 * Facilitators are demoted first, so co-facilitators cannot remove each other in one click.
 */
export function removeParticipant({ state, actorId, now, events }: Ctx, cmd: CommandOf<'removeParticipant'>): CircleState {
  if (cmd.target === actorId) refuse('NOT_ALLOWED', 'You cannot remove yourself; leave instead.');
  const target = getParticipant(state, cmd.target) ?? refuse('NOT_FOUND', 'That person is not in this circle.');
  if (target.role === 'facilitator') refuse('NOT_ALLOWED', 'Demote a facilitator before removing them.');
  events.push({ type: 'participantRemoved', target: target.id, by: actorId });
  // Mark them gone first so that a round in progress skips them when it moves on.
  let s = patchParticipant(state, target.id, { presence: 'left' });
  s = { ...s, seating: s.seating.filter((id) => id !== target.id) };
  s = vacate(s, target.id, 'removed', now, events);
  const { [target.id]: _gone, ...participants } = s.participants;
  const removedNames = { ...(s.removedNames ?? {}), [target.id]: target.name };
  return { ...s, participants, removed: [...s.removed, target.id], removedNames };
}

/** Let a removed person join again. */
export function readmit({ state, actorId, events }: Ctx, cmd: CommandOf<'readmit'>): CircleState {
  if (!state.removed.includes(cmd.target)) refuse('NOT_FOUND', 'That person has not been removed.');
  events.push({ type: 'participantReadmitted', target: cmd.target, by: actorId });
  const { [cmd.target]: _name, ...removedNames } = state.removedNames ?? {};
  return { ...state, removed: state.removed.filter((id) => id !== cmd.target), removedNames };
}

/** Make someone a co-facilitator. */
export function promote({ state, actorId, events }: Ctx, cmd: CommandOf<'promote'>): CircleState {
  const target = targetInCircle(state, cmd.target);
  if (target.role === 'facilitator') refuse('NOT_ALLOWED', `${target.name} is already a facilitator.`);
  events.push({ type: 'roleChanged', target: target.id, role: 'facilitator', by: actorId });
  return patchParticipant(state, target.id, { role: 'facilitator' });
}

/** Make a facilitator a member; refused if no other facilitator would be present. */
export function demote({ state, actorId, events }: Ctx, cmd: CommandOf<'demote'>): CircleState {
  const target = targetInCircle(state, cmd.target);
  if (target.role !== 'facilitator') refuse('NOT_ALLOWED', `${target.name} is not a facilitator.`);
  if (!presentFacilitators(state).some((p) => p.id !== target.id)) {
    refuse('NOT_ALLOWED', 'A circle needs a facilitator present: promote someone else first.');
  }
  events.push({ type: 'roleChanged', target: target.id, role: 'member', by: actorId });
  return patchParticipant(state, target.id, { role: 'member' });
}

/** Acknowledge someone's "I need a moment" (clears it). */
export function acknowledgeMoment({ state, actorId, events }: Ctx, cmd: CommandOf<'acknowledgeMoment'>): CircleState {
  const target = targetInCircle(state, cmd.target);
  if (!target.needsMoment) refuse('NOT_ALLOWED', `${target.name} has not asked for a moment.`);
  events.push({ type: 'momentAcknowledged', target: target.id, by: actorId });
  return patchParticipant(state, target.id, { needsMoment: false, momentRequestedAt: null });
}

/** Stop new people joining. */
export function lockCircle({ state, actorId, events }: Ctx): CircleState {
  if (state.locked) refuse('NOT_ALLOWED', 'The circle is already locked.');
  events.push({ type: 'circleLocked', by: actorId });
  return { ...state, locked: true };
}

/** Let new people join again. */
export function unlockCircle({ state, actorId, events }: Ctx): CircleState {
  if (!state.locked) refuse('NOT_ALLOWED', 'The circle is not locked.');
  events.push({ type: 'circleUnlocked', by: actorId });
  return { ...state, locked: false };
}

/** End the session for everyone: the turn ends (airtime counted), the round and the queue close. */
export function endSession({ state, actorId, now, events }: Ctx): CircleState {
  let s = state.round ? closeRound(state, 'sessionEnded', now, events) : endTurn(state, now, 'sessionEnded', events);
  s = closeGroups(s, 'sessionEnded', actorId, events);
  s = { ...s, queue: [], ended: true, endedAt: now };
  events.push({ type: 'sessionEnded', by: actorId });
  return s;
}
