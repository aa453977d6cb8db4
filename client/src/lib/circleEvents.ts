import type { CircleEvent, ReactionKind } from '@hearth/shared';
import type { NoticeAction, NoticeKind } from '../store/types';
import { MODE_LABELS, REACTION_LABELS } from './talk';

/*
 * What each circle event means for the person on this page: a private notice, a polite
 * screen-reader announcement, a reaction to float, or something to do (turn the mic off…).
 * Pure, so the wording and the privacy rules can be tested. Principles: private things stay
 * quiet (a nudge is a notice to the speaker, never a broadcast); passing is never announced;
 * nothing is forced on anyone except what the server already did (it paused the mic).
 */

/** Shown when a facilitator removes you. */
export const REMOVED_MESSAGE = 'You were removed from this circle by a facilitator';
/** Shown after you leave the circle yourself. */
export const LEFT_MESSAGE = 'You left the circle.';
/** Shown when the session ends. */
export const SESSION_ENDED_MESSAGE = 'The session has ended. Thank you for being here.';
/** The speaker's gentle nudge. */
export const NUDGE_MESSAGE = 'About 30 seconds left — no rush, finish your thought';
/** When a facilitator mutes you. */
export const MUTED_MESSAGE = "A facilitator muted you. Unmute when you're ready.";
/** When a facilitator invites you to unmute. */
export const UNMUTE_INVITE_MESSAGE = 'A facilitator invites you to unmute';

/** A notice to add, before it gets an id. */
export interface NoticeDraft {
  kind: NoticeKind;
  text: string;
  action: NoticeAction | null;
  /** How long it stays unless dismissed. */
  ttlMs: number;
}

/** Something the store must do about an event. */
export type EventEffect = 'micOff' | 'cameraOff' | 'unmuted' | 'removed' | 'ended';

/** What an event means here. Every field is optional: most events only re-render from the view. */
export interface EventOutcome {
  notice?: NoticeDraft;
  /** Notices this event makes obsolete (e.g. unmuting clears "you were muted"). */
  clears?: NoticeKind[];
  announce?: string;
  effect?: EventEffect;
  reaction?: { from: string; kind: ReactionKind };
}

/** Who is looking, and how to name people. */
export interface EventContext {
  selfId: string | null;
  isFacilitator: boolean;
  nameOf(id: string): string;
  /** While the circle is in groups: the group this person is in now (null: the main room). */
  groupId?: string | null;
}

/** At the end of the groups' shared countdown: gentle, nobody is cut off. */
export const GROUPS_TIME_UP_MESSAGE = "Time's up. Finish your thought — a facilitator will bring everyone back to the circle.";

const SHORT = 10_000;
const MEDIUM = 15_000;
const LONG = 30_000;

/** Maps one event to what this person should see, hear and have done. */
export function eventOutcome(event: CircleEvent, ctx: EventContext): EventOutcome {
  const isSelf = (id: string) => id === ctx.selfId;
  const name = ctx.nameOf;
  switch (event.type) {
    case 'participantSteppedOut':
      return { announce: isSelf(event.participantId) ? 'You stepped out. Your seat is kept for you.' : `${name(event.participantId)} stepped out` };
    case 'participantSteppedBack':
      return { announce: isSelf(event.participantId) ? 'Welcome back.' : `${name(event.participantId)} is back` };
    case 'participantRemoved':
      return isSelf(event.target) ? { effect: 'removed' } : { announce: `${name(event.target)} is no longer in the circle` };
    case 'roleChanged':
      if (isSelf(event.target)) {
        const text =
          event.role === 'facilitator'
            ? "You're now a co-facilitator. The Facilitation panel is open for you."
            : "You're no longer a facilitator. Thank you for holding the space.";
        return { notice: { kind: 'role', text, action: null, ttlMs: MEDIUM } };
      }
      return { announce: event.role === 'facilitator' ? `${name(event.target)} is now a co-facilitator` : `${name(event.target)} is no longer a facilitator` };
    case 'handRaised':
      // Your own hand: the view announces it with your place ("You're 3rd in line.").
      if (isSelf(event.participantId)) return event.kind === 'reply' ? { announce: 'Your reply is waiting.' } : {};
      // Everyone sees hands on the tiles; only facilitators, who serve the queue, hear about each one.
      return ctx.isFacilitator
        ? { announce: event.kind === 'reply' ? `${name(event.participantId)} would like to reply` : `${name(event.participantId)} raised their hand` }
        : {};
    case 'handLowered':
      if (!isSelf(event.participantId)) return {};
      return { announce: isSelf(event.by) ? 'Your hand is lowered.' : 'A facilitator lowered your hand.' };
    case 'handsLowered':
      return ctx.selfId !== null && event.participantIds.includes(ctx.selfId) && !isSelf(event.by)
        ? { announce: 'A facilitator lowered all hands.' }
        : {};
    case 'floorGranted':
      if (isSelf(event.to)) return { announce: 'You have the floor. Take your time.', clears: ['nudge', 'overtime'] };
      return {
        announce: event.reason === 'directReply' ? `${name(event.to)} is replying` : `${name(event.to)} has the floor`,
        clears: ['nudge', 'overtime', 'speakerTime'],
      };
    case 'floorReleased':
      return isSelf(event.from) ? { clears: ['nudge', 'overtime'] } : { clears: ['speakerTime'] };
    case 'roundStarted':
      return { announce: 'A go-around has started.' };
    case 'roundEnded':
      return { announce: event.reason === 'completed' ? 'The go-around is complete. Thank you, everyone.' : 'The go-around has ended.' };
    case 'modeChanged':
      return { announce: `The circle is now: ${MODE_LABELS[event.mode]}.` };
    case 'seatingChanged':
      return { announce: 'The seating order has changed.' };
    case 'reaction':
      return {
        reaction: { from: event.from, kind: event.kind },
        announce: isSelf(event.from) ? undefined : `${name(event.from)}: ${REACTION_LABELS[event.kind]}`,
      };
    case 'momentRequested':
      return { announce: isSelf(event.from) ? 'The facilitators know you need a moment.' : `${name(event.from)} would like a moment` };
    case 'momentWithdrawn':
      return { announce: isSelf(event.from) ? 'You withdrew your request for a moment.' : `${name(event.from)} no longer needs a moment` };
    case 'momentAcknowledged':
      if (isSelf(event.target)) {
        return { notice: { kind: 'moment', text: 'A facilitator has seen that you need a moment. Take the time you need.', action: null, ttlMs: MEDIUM } };
      }
      return { announce: `${name(event.target)}'s moment was acknowledged` };
    case 'turnNudged':
      if (isSelf(event.to)) return { notice: { kind: 'nudge', text: NUDGE_MESSAGE, action: null, ttlMs: MEDIUM } };
      return ctx.isFacilitator
        ? { notice: { kind: 'speakerTime', text: `${name(event.to)} has about 30 seconds left in their turn.`, action: null, ttlMs: SHORT } }
        : {};
    case 'turnOvertime':
      if (isSelf(event.to)) {
        return {
          notice: { kind: 'overtime', text: "Your turn's time is up. Take a breath and bring it to a close when you're ready.", action: null, ttlMs: LONG },
          clears: ['nudge'],
        };
      }
      return ctx.isFacilitator
        ? { notice: { kind: 'speakerTime', text: `${name(event.to)}'s turn time is up.`, action: null, ttlMs: SHORT } }
        : {};
    case 'timerPaused':
      return { announce: 'The turn timer is paused.' };
    case 'timerResumed':
      return { announce: 'The turn timer is running again.' };
    case 'participantMuted':
      if (isSelf(event.target)) return { effect: 'micOff', notice: { kind: 'muted', text: MUTED_MESSAGE, action: null, ttlMs: LONG } };
      return { announce: `${name(event.target)} is muted` };
    case 'participantUnmuted':
      return isSelf(event.target) ? { effect: 'unmuted', clears: ['muted', 'unmuteInvite'] } : { announce: `${name(event.target)} unmuted` };
    case 'unmuteRequested':
      // The invitation (with its Unmute button) replaces "a facilitator muted you".
      return isSelf(event.target) ? { notice: { kind: 'unmuteInvite', text: UNMUTE_INVITE_MESSAGE, action: 'unmute', ttlMs: LONG }, clears: ['muted'] } : {};
    case 'videoStopped':
      if (isSelf(event.target)) {
        return {
          effect: 'cameraOff',
          notice: { kind: 'videoStopped', text: "A facilitator turned off your camera. Start it again whenever you're ready.", action: 'startCamera', ttlMs: LONG },
        };
      }
      return { announce: `${name(event.target)}'s camera was turned off` };
    case 'circleLocked':
      return { announce: 'The circle is locked: no new people can join.' };
    case 'circleUnlocked':
      return { announce: 'The circle is open to new people again.' };
    case 'sessionEnded':
      return { effect: 'ended' };
    case 'groupsStarted':
      return { announce: 'The circle is in groups now. Only your group sees and hears you.' };
    case 'groupsEnded':
      return { announce: 'Everyone is back in the circle.', clears: ['groupsTime'] };
    case 'groupsTimeUp':
      return { notice: { kind: 'groupsTime', text: GROUPS_TIME_UP_MESSAGE, action: null, ttlMs: LONG } };
    case 'groupMessage':
      return { announce: `Message to all groups from ${name(event.from)}: ${event.text}` };
    case 'groupJoined':
      if (isSelf(event.participantId)) return { announce: 'The circle is in groups: you have joined one.' };
      return ctx.groupId === event.groupId ? { announce: `${name(event.participantId)} joined your group` } : {};
    case 'groupVisited':
      if (isSelf(event.facilitatorId)) return { announce: 'You are visiting a group.' };
      return ctx.groupId === event.groupId ? { announce: `${name(event.facilitatorId)} is visiting your group` } : {};
    case 'groupVisitEnded':
      return !isSelf(event.facilitatorId) && ctx.groupId === event.groupId ? { announce: `${name(event.facilitatorId)} left your group` } : {};
    // Joins and leaves are announced from the media notifications; passes never are. A
    // dropped connection is shown calmly on the tile ("reconnecting…"), not announced.
    case 'participantJoined':
    case 'participantLeft':
    case 'participantReconnecting':
    case 'participantReconnected':
    case 'participantReadmitted':
    case 'queueReordered':
    case 'rulesChanged':
    case 'turnPassed':
      return {};
  }
}
