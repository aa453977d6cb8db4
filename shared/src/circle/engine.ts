import type { CircleCommand, CircleCommandType, CommandOf } from './commands';
import { FACILITATOR_COMMAND_TYPES, anyCircleCommandSchema, startingRulesSchema } from './commands';
import type { Ctx } from './context';
import { Refusal, refuse } from './context';
import type { CircleEvent } from './events';
import * as people from './facilitator-people';
import * as floorCommands from './facilitator-floor';
import * as groups from './groups';
import { endTurn, settle } from './floor';
import * as member from './member';
import * as presence from './presence';
import { handOn } from './round';
import { checkTimer } from './timer';
import type { CircleRules, CircleState, EngineError, StartingRules } from './types';
import { DEFAULT_CIRCLE_RULES, SYSTEM_ACTOR_ID, getParticipant, isInCircle } from './types';

/*
 * The dispatcher. `applyCommand` is total: whatever it is given, it returns a result and
 * never throws, never mutates its input, and bumps `version` by exactly one when (and only
 * when) the state changed. Commands whose only effect is an event (react, askToUnmute,
 * stopVideo) and ticks with nothing due return the very same state object, version unchanged.
 */

/** The outcome of a command: the new state and the events to deliver, or a refusal. */
export type EngineResult =
  | { ok: true; state: CircleState; events: CircleEvent[] }
  | { ok: false; error: EngineError };

/** Latest plausible clock value (the largest valid Date); rejects garbage times. */
const MAX_TIME = 8.64e15;

/** Commands a stepped-out person may still send: coming back, leaving, and asking for care. */
const ALLOWED_WHEN_STEPPED_OUT: ReadonlySet<CircleCommandType> = new Set<CircleCommandType>([
  'leave', 'stepBack', 'requestMoment', 'withdrawMoment', 'unmuteSelf',
]);
/** Commands for someone whose connection dropped (the server sends them on their behalf). */
const ALLOWED_WHEN_RECONNECTING: ReadonlySet<CircleCommandType> = new Set<CircleCommandType>(['leave', 'reconnect']);
const FACILITATOR_ONLY: ReadonlySet<string> = new Set<string>(FACILITATOR_COMMAND_TYPES);

/** A new, empty circle: the default rules (open mode), or the circle's saved `starting` rules over them. */
export function createCircleState(circleId: string, now: number, starting?: StartingRules | null): CircleState {
  return {
    circleId, version: 0, createdAt: now, rules: { ...DEFAULT_CIRCLE_RULES, ...startingRules(starting) }, participants: {}, seating: [],
    queue: [], floor: null, timer: null, round: null, locked: false, ended: false, endedAt: null, removed: [], nextSeq: 0,
  };
}

/** Only the fields a circle may start with, whatever was stored (a stale record must not break a circle). */
function startingRules(starting: StartingRules | null | undefined): Partial<CircleRules> {
  if (!starting) return {};
  const parsed = startingRulesSchema.safeParse(starting);
  return parsed.success ? Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) : {};
}

/**
 * The clock: presence deadlines (a floor that waited long enough, a grace period that ran
 * out), then the nudge, the overtime notice, or (with autoAdvance) the hand-over.
 */
function tick({ state, actorId, now, events }: Ctx): CircleState {
  if (actorId !== SYSTEM_ACTOR_ID) refuse('NOT_ALLOWED', 'Only the server sends ticks.');
  const checked = checkTimer(groups.checkGroupsTimer(presence.expirePresence(state, now, events), now, events), now, events);
  if (!checked.timeUp) return checked.state;
  // The hand-over may reach someone who is away with no wait left: settle that too.
  return presence.expirePresence(handOn(endTurn(checked.state, now, 'timeUp', events), now, events), now, events);
}

type Handler<T extends CircleCommandType> = (ctx: Ctx, cmd: CommandOf<T>) => CircleState;
const HANDLERS: { [T in CircleCommandType]: Handler<T> } = {
  join: member.join, tick, disconnect: presence.disconnect, reconnect: presence.reconnect,
  leave: member.leave, raiseHand: member.raiseHand, lowerHand: member.lowerHand, raiseReply: member.raiseReply,
  pass: member.pass, finishTurn: member.finishTurn, react: member.react, requestMoment: member.requestMoment,
  withdrawMoment: member.withdrawMoment, stepOut: member.stepOut, stepBack: member.stepBack,
  unmuteSelf: member.unmuteSelf,
  setMode: floorCommands.setMode, setRules: floorCommands.setRules, setSeating: floorCommands.setSeating,
  shuffleSeating: floorCommands.shuffleSeating, startRound: floorCommands.startRound,
  endRound: floorCommands.endRound, next: floorCommands.next, giveFloor: floorCommands.giveFloor,
  revokeFloor: floorCommands.revokeFloor, reorderQueue: floorCommands.reorderQueue,
  lowerHandOf: floorCommands.lowerHandOf, lowerAllHands: floorCommands.lowerAllHands,
  pauseTimer: floorCommands.pauseTimer, resumeTimer: floorCommands.resumeTimer,
  muteParticipant: people.muteParticipant, askToUnmute: people.askToUnmute, stopVideo: people.stopVideo,
  removeParticipant: people.removeParticipant, readmit: people.readmit, promote: people.promote,
  demote: people.demote, acknowledgeMoment: people.acknowledgeMoment, lockCircle: people.lockCircle,
  unlockCircle: people.unlockCircle, endSession: people.endSession,
  startGroups: groups.startGroups, startGroupsByHand: groups.startGroupsByHand, visitGroup: groups.visitGroup,
  leaveGroupVisit: groups.leaveGroupVisit, messageGroups: groups.messageGroups, endGroups: groups.endGroups,
};

/** Who may send what: everyone in the circle; present unless listed; facilitators for their commands. */
function authorize(state: CircleState, type: CircleCommandType, actorId: string): void {
  // A disconnect names its connection and is a no-op when it is not the current one.
  if (type === 'join' || type === 'tick' || type === 'disconnect') return;
  // The server ends a session's circle when its window closes, as the clock.
  if (type === 'endSession' && actorId === SYSTEM_ACTOR_ID) return;
  const p = getParticipant(state, actorId);
  if (!isInCircle(p)) refuse('NOT_IN_CIRCLE', 'You are not in this circle.');
  if (p.presence === 'reconnecting') {
    if (!ALLOWED_WHEN_RECONNECTING.has(type)) refuse('NOT_ALLOWED', 'You are reconnecting.');
    return;
  }
  if (type === 'reconnect') return;
  if (p.presence !== 'present' && !ALLOWED_WHEN_STEPPED_OUT.has(type)) {
    refuse('NOT_ALLOWED', 'You have stepped out; step back in first.');
  }
  if (FACILITATOR_ONLY.has(type) && p.role !== 'facilitator') refuse('NOT_ALLOWED', 'Only a facilitator can do that.');
  groups.checkGroupsAllow(state, type);
}

/**
 * Applies one command from `actorId` at time `now` (ms). Everything the engine needs comes
 * in as arguments: it reads no clock and draws no random numbers. The command is validated
 * against `anyCircleCommandSchema`, so untrusted input is fine.
 */
export function applyCommand(state: CircleState, command: CircleCommand, actorId: string, now: number): EngineResult {
  try {
    if (typeof now !== 'number' || !Number.isFinite(now) || now < 0 || now > MAX_TIME) {
      return { ok: false, error: { code: 'INVALID_PAYLOAD', message: 'The time must be a valid timestamp.' } };
    }
    if (typeof actorId !== 'string' || actorId.length === 0 || actorId.length > 64) {
      return { ok: false, error: { code: 'INVALID_PAYLOAD', message: 'The actor id must be 1 to 64 characters.' } };
    }
    const parsed = anyCircleCommandSchema.safeParse(command);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return { ok: false, error: { code: 'INVALID_PAYLOAD', message: `Invalid command. ${where}${issue?.message ?? ''}`.trim() } };
    }
    const cmd = parsed.data;
    if (state.ended) refuse('NOT_ALLOWED', 'This session has ended.');
    authorize(state, cmd.type, actorId);
    const events: CircleEvent[] = [];
    const handler = HANDLERS[cmd.type] as (ctx: Ctx, cmd: CircleCommand) => CircleState;
    let next = handler({ state, actorId, now, events }, cmd);
    next = settle(groups.settleGroups(next, events), now, events);
    if (next !== state) next = { ...next, version: state.version + 1 };
    return { ok: true, state: next, events };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, error: err.error };
    // A bug, or a state that did not come from this engine. Never let it escape to the socket layer.
    return { ok: false, error: { code: 'INTERNAL', message: 'The circle could not apply that command.' } };
  }
}
