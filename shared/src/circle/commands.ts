import { z } from 'zod';
import { displayNameSchema } from '../primitives';

/*
 * Commands are what people (and the server's clock) ask the engine to do. Each has a zod
 * schema: the socket layer validates `{ command }` payloads with `circleCommandPayloadSchema`
 * and the engine validates again (it must never trust its input), so the TypeScript types
 * below are derived from the schemas and cannot drift from them.
 */

const id = z.string().min(1).max(64);
/** Id lists (seating, queue order) are bounded: circles are small, payloads must be too. */
const idList = z.array(id).max(100);
const noArgs = <T extends string>(type: T) => z.strictObject({ type: z.literal(type) });
const target = <T extends string>(type: T) => z.strictObject({ type: z.literal(type), target: id });

/** Reactions anyone may send; they are events only and change no state. */
export const REACTION_KINDS = ['meToo', 'resonates', 'thankYou', 'heart'] as const;
/** One of {@link REACTION_KINDS}. */
export type ReactionKind = (typeof REACTION_KINDS)[number];

// ---- member commands (anyone present) --------------------------------------------------

/** Leave the circle (a later `join` with the same id restores history). */
export const leaveCommandSchema = noArgs('leave');
/** Raise your hand to speak. */
export const raiseHandCommandSchema = noArgs('raiseHand');
/** Lower your own raised hand (or pending reply). */
export const lowerHandCommandSchema = noArgs('lowerHand');
/** Ask to reply directly to the current speaker (needs `rules.directReplies`). */
export const raiseReplyCommandSchema = noArgs('raiseReply');
/** Pass your turn: recorded as a pass, never as airtime; the floor moves on. */
export const passCommandSchema = noArgs('pass');
/** End your own turn; the floor moves on per the mode. */
export const finishTurnCommandSchema = noArgs('finishTurn');
/** Send a reaction to everyone. */
export const reactCommandSchema = z.strictObject({ type: z.literal('react'), kind: z.enum(REACTION_KINDS) });
/** Tell the facilitators "I need a moment". */
export const requestMomentCommandSchema = noArgs('requestMoment');
/** Take back your "I need a moment". */
export const withdrawMomentCommandSchema = noArgs('withdrawMoment');
/** Step out for a while: you keep your seat but lose your hand and the floor. */
export const stepOutCommandSchema = noArgs('stepOut');
/** Come back after stepping out. */
export const stepBackCommandSchema = noArgs('stepBack');
/** Clear a facilitator's mute on you (only you can). */
export const unmuteSelfCommandSchema = noArgs('unmuteSelf');

// ---- facilitator commands -------------------------------------------------------------

/** Switch mode (`round` starts a round from the first seat). */
export const setModeCommandSchema = z.strictObject({
  type: z.literal('setMode'),
  mode: z.enum(['open', 'queue', 'round', 'directed']),
});
/** Change some rules (not the mode). At least one field. */
export const setRulesCommandSchema = z.strictObject({
  type: z.literal('setRules'),
  rules: z
    .strictObject({
      queueOrder: z.enum(['fifo', 'notYetSpoken', 'leastAirtime']).optional(),
      directReplies: z.boolean().optional(),
      turnLimitMs: z.number().int().min(10_000).max(3_600_000).nullable().optional(),
      autoAdvance: z.boolean().optional(),
      facilitatorsMaySpeak: z.boolean().optional(),
      chat: z.boolean().optional(),
    })
    .refine((r) => Object.values(r).some((v) => v !== undefined), 'at least one rule to change'),
});
/**
 * The rules a circle may start with (a cohort's or a hosted circle's saved defaults): every
 * rule `setRules` changes, and the mode except `round`.
 */
export const startingRulesSchema = z.strictObject({
  mode: z.enum(['open', 'queue', 'directed']).optional(),
  queueOrder: z.enum(['fifo', 'notYetSpoken', 'leastAirtime']).optional(),
  directReplies: z.boolean().optional(),
  turnLimitMs: z.number().int().min(10_000).max(3_600_000).nullable().optional(),
  autoAdvance: z.boolean().optional(),
  facilitatorsMaySpeak: z.boolean().optional(),
  chat: z.boolean().optional(),
});
/** Set the circle order: a permutation of everyone seated (present or stepped out). */
export const setSeatingCommandSchema = z.strictObject({ type: z.literal('setSeating'), order: idList });
/** Shuffle the circle order with a seed the server drew (the engine has no randomness). */
export const shuffleSeatingCommandSchema = z.strictObject({
  type: z.literal('shuffleSeating'),
  seed: z.number().int().min(0).max(0xffffffff),
});
/** Start a round in seating order, from `startWith` (default: the first seat). */
export const startRoundCommandSchema = z.strictObject({ type: z.literal('startRound'), startWith: id.optional() });
/** End the round now. */
export const endRoundCommandSchema = noArgs('endRound');
/** Move on: next in the round / queue; in directed mode, release the floor. */
export const nextCommandSchema = noArgs('next');
/** Give the floor to someone (not in open mode). In a round this is an aside. */
export const giveFloorCommandSchema = z.strictObject({ type: z.literal('giveFloor'), to: id });
/** Take the floor back; the mode's usual hand-over follows. */
export const revokeFloorCommandSchema = noArgs('revokeFloor');
/** Place the queue in this order: exactly the ids with raised hands. */
export const reorderQueueCommandSchema = z.strictObject({ type: z.literal('reorderQueue'), order: idList.min(1) });
/** Lower someone's hand. */
export const lowerHandOfCommandSchema = target('lowerHandOf');
/** Lower every raised hand. */
export const lowerAllHandsCommandSchema = noArgs('lowerAllHands');
/** Mute someone until they unmute themselves. */
export const muteParticipantCommandSchema = target('muteParticipant');
/** Ask someone (privately) to unmute; they decide. */
export const askToUnmuteCommandSchema = target('askToUnmute');
/** Stop someone's camera (the server acts on the event). */
export const stopVideoCommandSchema = target('stopVideo');
/** Remove someone from the circle; they cannot re-join until readmitted. */
export const removeParticipantCommandSchema = target('removeParticipant');
/** Allow a removed person to join again. */
export const readmitCommandSchema = target('readmit');
/** Make someone a co-facilitator. */
export const promoteCommandSchema = target('promote');
/** Make a facilitator a member again (never the last present facilitator). */
export const demoteCommandSchema = target('demote');
/** Acknowledge someone's "I need a moment" (clears it). */
export const acknowledgeMomentCommandSchema = target('acknowledgeMoment');
/** Stop new people joining. */
export const lockCircleCommandSchema = noArgs('lockCircle');
/** Let new people join again. */
export const unlockCircleCommandSchema = noArgs('unlockCircle');
/** Pause the current turn's timer. */
export const pauseTimerCommandSchema = noArgs('pauseTimer');
/** Resume the current turn's timer. */
export const resumeTimerCommandSchema = noArgs('resumeTimer');
/** End the session for everyone. Irreversible. */
export const endSessionCommandSchema = noArgs('endSession');

// ---- pairs and small groups (facilitators) ---------------------------------------------

/** The shared countdown of a split: 1 minute to 2 hours, or null for none. */
const groupDurationMs = z.number().int().min(60_000).max(7_200_000).nullable();
/** The most groups one split may have (circles are small). */
export const MAX_GROUPS = 50;
/** The longest message to all groups. */
export const MAX_GROUP_MESSAGE_LENGTH = 280;
/**
 * Split the members present into random groups of `size` (a remainder joins other groups, so
 * no one is alone). The server draws `seed`, as for `shuffleSeating`.
 */
export const startGroupsCommandSchema = z.strictObject({
  type: z.literal('startGroups'),
  size: z.number().int().min(2).max(20),
  seed: z.number().int().min(0).max(0xffffffff),
  durationMs: groupDurationMs,
});
/**
 * Split the circle by hand: every member present in exactly one group of two or more;
 * facilitators may be placed in a group too (or stay free to visit).
 */
export const startGroupsByHandCommandSchema = z.strictObject({
  type: z.literal('startGroupsByHand'),
  groups: z.array(idList).min(1).max(MAX_GROUPS),
  durationMs: groupDurationMs,
});
/** Visit a group: heard and seen there (and only there) until `leaveGroupVisit`. */
export const visitGroupCommandSchema = z.strictObject({ type: z.literal('visitGroup'), group: id });
/** Leave the group you are visiting (back to your own group, or to the main room). */
export const leaveGroupVisitCommandSchema = noArgs('leaveGroupVisit');
/** A message every group sees (the latest one stays shown). */
export const messageGroupsCommandSchema = z.strictObject({
  type: z.literal('messageGroups'),
  text: z.string().trim().min(1).max(MAX_GROUP_MESSAGE_LENGTH),
});
/** Back to the circle, for everyone. */
export const endGroupsCommandSchema = noArgs('endGroups');

// ---- server-internal commands (never accepted from a client) --------------------------

/** A person joins (the actor id is theirs; the server decides the role). */
export const circleJoinCommandSchema = z.strictObject({
  type: z.literal('join'),
  name: displayNameSchema,
  role: z.enum(['facilitator', 'member']),
  /** Seat index drawn by the server (taken modulo the number of seats + 1); default: last. */
  seat: z.number().int().min(0).max(0xffffffff).optional(),
  /** A facilitator let this person in by name from the lobby: a lock does not keep them out. */
  admitted: z.boolean().optional(),
});
/** The clock: the server sends it at `nextDueAt` (timers and presence deadlines), as `SYSTEM_ACTOR_ID`. */
export const circleTickCommandSchema = noArgs('tick');
/**
 * The actor's connection `attachment` was lost: they become `reconnecting` for `graceMs`
 * (a floor they hold waits `floorWaitMs`). Ignored when a newer connection speaks for them.
 */
export const circleDisconnectCommandSchema = z.strictObject({
  type: z.literal('disconnect'),
  attachment: z.number().int().min(0),
  graceMs: z.number().int().min(0).max(24 * 3_600_000),
  floorWaitMs: z.number().int().min(0).max(24 * 3_600_000),
});
/** A new connection speaks for the actor (a reconnect, a reload, a second tab): they are back in place. */
export const circleReconnectCommandSchema = noArgs('reconnect');

const memberSchemas = [
  leaveCommandSchema, raiseHandCommandSchema, lowerHandCommandSchema, raiseReplyCommandSchema,
  passCommandSchema, finishTurnCommandSchema, reactCommandSchema, requestMomentCommandSchema,
  withdrawMomentCommandSchema, stepOutCommandSchema, stepBackCommandSchema, unmuteSelfCommandSchema,
] as const;

const facilitatorSchemas = [
  setModeCommandSchema, setRulesCommandSchema, setSeatingCommandSchema, shuffleSeatingCommandSchema,
  startRoundCommandSchema, endRoundCommandSchema, nextCommandSchema, giveFloorCommandSchema,
  revokeFloorCommandSchema, reorderQueueCommandSchema, lowerHandOfCommandSchema, lowerAllHandsCommandSchema,
  muteParticipantCommandSchema, askToUnmuteCommandSchema, stopVideoCommandSchema,
  removeParticipantCommandSchema, readmitCommandSchema, promoteCommandSchema, demoteCommandSchema,
  acknowledgeMomentCommandSchema, lockCircleCommandSchema, unlockCircleCommandSchema,
  pauseTimerCommandSchema, resumeTimerCommandSchema, endSessionCommandSchema,
  startGroupsCommandSchema, startGroupsByHandCommandSchema, visitGroupCommandSchema, leaveGroupVisitCommandSchema,
  messageGroupsCommandSchema, endGroupsCommandSchema,
] as const;

/** Every command a client may send. The server-internal `join`, `tick`, `disconnect` and `reconnect` are deliberately absent. */
export const circleCommandSchema = z.discriminatedUnion('type', [...memberSchemas, ...facilitatorSchemas]);

/** The socket payload carrying a client command: `{ command }`. */
export const circleCommandPayloadSchema = z.strictObject({ command: circleCommandSchema });

/** Every command the engine accepts, including the server-internal `join` and `tick`. */
export const anyCircleCommandSchema = z.discriminatedUnion('type', [
  ...memberSchemas,
  ...facilitatorSchemas,
  circleJoinCommandSchema,
  circleTickCommandSchema,
  circleDisconnectCommandSchema,
  circleReconnectCommandSchema,
]);

/** A command a client may send (after parsing). */
export type ClientCircleCommand = z.output<typeof circleCommandSchema>;
/** Any command the engine accepts (after parsing). */
export type CircleCommand = z.output<typeof anyCircleCommandSchema>;
/** A command as a client builds it (before parsing, e.g. an untrimmed name). */
export type CircleCommandInput = z.input<typeof anyCircleCommandSchema>;
/** The `type` of a command. */
export type CircleCommandType = CircleCommand['type'];
/** The command with the given `type`. */
export type CommandOf<T extends CircleCommandType> = Extract<CircleCommand, { type: T }>;

/** Commands anyone in the circle may send (some need them present, see the engine). */
export const MEMBER_COMMAND_TYPES = memberSchemas.map((s) => s.shape.type.value);
/** Commands only facilitators may send; anyone else gets `NOT_ALLOWED`. */
export const FACILITATOR_COMMAND_TYPES = facilitatorSchemas.map((s) => s.shape.type.value);
