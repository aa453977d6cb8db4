import type { ErrorCode } from '../errors';
import type { CircleEvent } from './events';
import type { CircleState, EngineError, Participant } from './types';
import { getParticipant, isInCircle } from './types';

/*
 * Shared plumbing for command handlers. A handler refuses by throwing a `Refusal` through
 * `refuse`; `applyCommand` catches it and returns `{ ok: false }`, so nothing ever escapes
 * the engine. This keeps each handler a straight list of guard clauses followed by the change.
 */

/** What a handler gets: the state before the command and a list to push events onto. */
export interface Ctx {
  readonly state: CircleState;
  readonly actorId: string;
  readonly now: number;
  readonly events: CircleEvent[];
}

/** A refused command, thrown by handlers and turned into an error result by the engine. */
export class Refusal {
  constructor(readonly error: EngineError) {}
}

/** Refuses the command. */
export function refuse(code: ErrorCode, message: string): never {
  throw new Refusal({ code, message });
}

/** The actor's record (the dispatcher has checked they are in the circle). */
export function actor(ctx: Ctx): Participant {
  return getParticipant(ctx.state, ctx.actorId) ?? refuse('NOT_IN_CIRCLE', 'You are not in this circle.');
}

/** Someone in the circle (present or stepped out), or NOT_FOUND. */
export function targetInCircle(state: CircleState, id: string): Participant {
  const p = getParticipant(state, id);
  if (!isInCircle(p)) refuse('NOT_FOUND', 'That person is not in this circle.');
  return p;
}

/** Someone present, or NOT_FOUND / NOT_ALLOWED (stepped out, reconnecting). */
export function targetPresent(state: CircleState, id: string): Participant {
  const p = targetInCircle(state, id);
  if (p.presence === 'reconnecting') refuse('NOT_ALLOWED', `${p.name} is reconnecting.`);
  if (p.presence !== 'present') refuse('NOT_ALLOWED', `${p.name} has stepped out.`);
  return p;
}

/** `state` with one participant's record replaced by `patch` applied to it. */
export function patchParticipant(state: CircleState, id: string, patch: Partial<Participant>): CircleState {
  const p = getParticipant(state, id);
  if (!p) return state;
  return { ...state, participants: { ...state.participants, [id]: { ...p, ...patch } } };
}

/** The facilitators currently present. */
export function presentFacilitators(state: CircleState): Participant[] {
  return Object.values(state.participants).filter((p) => p.role === 'facilitator' && p.presence === 'present');
}
