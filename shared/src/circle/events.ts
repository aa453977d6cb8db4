import type { ReactionKind } from './commands';
import type { CircleMode, CircleRole, CircleRules, CircleState, FloorReason, QueueEntryKind } from './types';
import { getParticipant } from './types';

/*
 * Events are facts the engine reports after a successful command. They are notifications:
 * clients re-render from `viewFor`, events drive toasts, sounds and media actions. Each has
 * an audience (`eventAudience`), because some facts are private (a muted person, someone
 * needing a moment) and must not be broadcast.
 */

/** Why a turn ended. */
export type FloorReleaseReason =
  | 'finished' | 'passed' | 'next' | 'revoked' | 'reassigned' | 'timeUp'
  | 'left' | 'steppedOut' | 'disconnected' | 'removed' | 'modeChanged' | 'roundStarted' | 'roundEnded' | 'sessionEnded'
  | 'groupsStarted';

/** Why a round ended. */
export type RoundEndReason = 'completed' | 'endedByFacilitator' | 'modeChanged' | 'sessionEnded' | 'groupsStarted';

/** Why the circle came back together: a facilitator, the end of the session, or no facilitator left in it. */
export type GroupsEndReason = 'endedByFacilitator' | 'sessionEnded' | 'noFacilitator';

/** A rule name `setRules` can change. */
export type ChangeableRule = Exclude<keyof CircleRules, 'mode'>;

/** Every event the engine emits (a discriminated union on `type`). */
export type CircleEvent =
  | { type: 'participantJoined'; participantId: string; name: string; role: CircleRole; rejoined: boolean }
  | { type: 'participantLeft'; participantId: string; reason?: 'left' | 'timedOut' }
  | { type: 'participantReconnecting'; participantId: string; deadline: number }
  | { type: 'participantReconnected'; participantId: string }
  | { type: 'participantSteppedOut'; participantId: string }
  | { type: 'participantSteppedBack'; participantId: string }
  | { type: 'participantRemoved'; target: string; by: string }
  | { type: 'participantReadmitted'; target: string; by: string }
  | { type: 'roleChanged'; target: string; role: CircleRole; by: string }
  | { type: 'handRaised'; participantId: string; kind: QueueEntryKind; replyTo: string | null }
  | { type: 'handLowered'; participantId: string; by: string }
  | { type: 'handsLowered'; participantIds: string[]; by: string }
  | { type: 'queueReordered'; order: string[]; by: string }
  | { type: 'floorGranted'; to: string; reason: FloorReason }
  | { type: 'floorReleased'; from: string; reason: FloorReleaseReason }
  | { type: 'turnPassed'; participantId: string }
  | { type: 'roundStarted'; order: string[]; by: string }
  | { type: 'roundEnded'; reason: RoundEndReason; mode: CircleMode }
  | { type: 'modeChanged'; mode: CircleMode; by: string }
  | { type: 'rulesChanged'; rules: CircleRules; changed: ChangeableRule[]; by: string }
  | { type: 'seatingChanged'; seating: string[]; by: string }
  | { type: 'reaction'; from: string; kind: ReactionKind }
  | { type: 'momentRequested'; from: string }
  | { type: 'momentWithdrawn'; from: string }
  | { type: 'momentAcknowledged'; target: string; by: string }
  | { type: 'turnNudged'; to: string; remainingMs: number }
  | { type: 'turnOvertime'; to: string }
  | { type: 'timerPaused'; by: string }
  | { type: 'timerResumed'; by: string }
  | { type: 'participantMuted'; target: string; by: string }
  | { type: 'participantUnmuted'; target: string }
  | { type: 'unmuteRequested'; target: string; by: string }
  | { type: 'videoStopped'; target: string; by: string }
  | { type: 'circleLocked'; by: string }
  | { type: 'circleUnlocked'; by: string }
  | { type: 'sessionEnded'; by: string }
  /** Who is in which group is in each person's view (members see only their own group). */
  | { type: 'groupsStarted'; count: number; endsAt: number | null; by: string }
  | { type: 'groupsEnded'; reason: GroupsEndReason; by: string | null }
  | { type: 'groupsTimeUp' }
  | { type: 'groupMessage'; text: string; from: string }
  | { type: 'groupJoined'; participantId: string; groupId: string }
  | { type: 'groupVisited'; facilitatorId: string; groupId: string }
  | { type: 'groupVisitEnded'; facilitatorId: string; groupId: string };

/** The `type` of an event. */
export type CircleEventType = CircleEvent['type'];

/**
 * Who receives an event.
 * - `everyone`: everyone in the circle (present or stepped out), plus `alsoTo` if given
 *   (a removed person must learn they were removed though they are no longer in the state).
 * - `facilitators`: facilitators in the circle only.
 * - `participantAndFacilitators`: one person plus the facilitators.
 * - `participant`: one person only.
 */
export type EventAudience =
  | { kind: 'everyone'; alsoTo?: string }
  | { kind: 'facilitators' }
  | { kind: 'participantAndFacilitators'; participantId: string }
  | { kind: 'participant'; participantId: string };

/** Who may receive `event`. Private facts never go to everyone. */
export function eventAudience(event: CircleEvent): EventAudience {
  switch (event.type) {
    case 'participantRemoved':
      return { kind: 'everyone', alsoTo: event.target };
    case 'participantReadmitted':
      return { kind: 'facilitators' };
    case 'momentRequested':
    case 'momentWithdrawn':
      return { kind: 'participantAndFacilitators', participantId: event.from };
    case 'turnNudged':
    case 'turnOvertime':
      // A nudge is a private, kind reminder, not a public signal that someone talks too long.
      return { kind: 'participantAndFacilitators', participantId: event.to };
    case 'momentAcknowledged':
    case 'participantMuted':
    case 'participantUnmuted':
    case 'videoStopped':
      return { kind: 'participantAndFacilitators', participantId: event.target };
    case 'unmuteRequested':
      return { kind: 'participant', participantId: event.target };
    default:
      return { kind: 'everyone' };
  }
}

/**
 * The ids that receive `event`, resolved against `state` (the state after the command that
 * produced it). Convenience for the socket layer; `eventAudience` is the policy.
 */
export function eventRecipients(state: CircleState, event: CircleEvent): string[] {
  const inCircle = state.seating.filter((id) => getParticipant(state, id) !== undefined);
  const facilitators = inCircle.filter((id) => getParticipant(state, id)?.role === 'facilitator');
  const audience = eventAudience(event);
  switch (audience.kind) {
    case 'everyone':
      return audience.alsoTo !== undefined && !inCircle.includes(audience.alsoTo)
        ? [...inCircle, audience.alsoTo]
        : inCircle;
    case 'facilitators':
      return facilitators;
    case 'participantAndFacilitators':
      return facilitators.includes(audience.participantId) || !inCircle.includes(audience.participantId)
        ? facilitators
        : [audience.participantId, ...facilitators];
    case 'participant':
      return inCircle.includes(audience.participantId) ? [audience.participantId] : [];
  }
}
