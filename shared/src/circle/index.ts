/*
 * The circle rules engine: a pure function from (state, command, actor, time) to a new state
 * and events, plus what each person may see and hear. No I/O, no clock, no randomness.
 */
export * from './types';
export * from './commands';
export * from './events';
export { applyCommand, createCircleState } from './engine';
export type { EngineResult } from './engine';
export { orderedQueue, QUEUE_REASON_LABELS } from './queue';
export type { OrderedQueueEntry, QueueReason } from './queue';
export { remainingMs, turnEndsAt } from './timer';
export { nextDueAt } from './presence';
export { audioAllowed, viewFor, viewJsonFor } from './view';
export type { CircleView, GroupView, GroupsView, JsonText, ParticipantStats, ParticipantView, RoundView, SelfView, TimerView } from './view';
export { mediaSpaces, shareMedia, spaceOf } from './groups';
export { roundOrder } from './round';
export { seededShuffle } from './seating';
export { circleInvariantViolations, servedOrderViolations } from './invariants';
