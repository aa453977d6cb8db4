import type { ErrorCode } from '../errors';

/*
 * The data model of a circle's rules engine. Everything here is plain, JSON-serialisable
 * data: the server keeps a CircleState (in memory or Redis), feeds commands to
 * `applyCommand`, stores the new state and fans out the events. No clocks, no randomness.
 */

/**
 * The actor id the server uses for `tick`. No participant may use it (a `join` with it is
 * refused), so a client can never impersonate the clock.
 */
export const SYSTEM_ACTOR_ID = '__system__';

/** How long before the end of a turn the speaker gets a gentle nudge. */
export const NUDGE_BEFORE_END_MS = 30_000;

/**
 * How people get to speak.
 * - `open`: everyone present may speak; nobody holds the floor; hands are only a signal.
 * - `queue`: one person holds the floor; raised hands are served automatically in order.
 * - `round`: everyone seated speaks (or passes) in turn, in seating order.
 * - `directed`: facilitators hand the floor to people explicitly; nothing is automatic.
 */
export type CircleMode = 'open' | 'queue' | 'round' | 'directed';

/**
 * How the queue of raised hands is ordered (manual placement by a facilitator and a pending
 * direct reply come before this ordering; see `orderedQueue`).
 * - `fifo`: by the time the hand was raised.
 * - `notYetSpoken`: people who have not spoken yet this session first, then fifo.
 * - `leastAirtime`: ascending total airtime, ties by raise time.
 */
export type QueueOrder = 'fifo' | 'notYetSpoken' | 'leastAirtime';

/** The rules a facilitator can change live. */
export interface CircleRules {
  /** Current mode; changed with `setMode`/`startRound`/`endRound`, not with `setRules`. */
  mode: CircleMode;
  /** Ordering of raised hands. */
  queueOrder: QueueOrder;
  /** Whether a member may ask to reply directly to the current speaker, jumping the queue. */
  directReplies: boolean;
  /** Per-turn limit in ms, or null for none. The limit is a guide, enforced only with autoAdvance. */
  turnLimitMs: number | null;
  /** When a turn's time is up, hand the floor on (as `next` would) instead of only saying so. */
  autoAdvance: boolean;
  /** In structured modes, facilitators keep their microphone even without the floor. */
  facilitatorsMaySpeak: boolean;
  /**
   * Text chat for the people present (ephemeral: relayed, never stored). Optional: states
   * stored before it existed have none, and that means on.
   */
  chat?: boolean;
}

/**
 * Rules a circle may start with (a cohort's or hosted circle's saved defaults): any rule,
 * and any mode but `round` (a go-around starts when people are there to go around).
 */
export type StartingRules = Partial<Omit<CircleRules, 'mode'> & { mode: Exclude<CircleMode, 'round'> }>;

/** The rules a new circle starts with: an informal open circle, gentle timing, no replies. */
export const DEFAULT_CIRCLE_RULES: Readonly<CircleRules> = Object.freeze({
  mode: 'open',
  queueOrder: 'fifo',
  directReplies: false,
  turnLimitMs: null,
  autoAdvance: false,
  facilitatorsMaySpeak: true,
  chat: true,
});

/** A participant's role. Facilitators are members too: they queue and speak like anyone. */
export type CircleRole = 'facilitator' | 'member';

/**
 * Whether someone is here. `steppedOut` people keep their seat but are skipped for the floor;
 * `reconnecting` people lost their connection and keep everything (seat, hand and its place,
 * round position, airtime, a floor for a short wait) until their grace deadline; `left`
 * people are kept (so a re-join restores their history) but are out of the circle.
 *
 *   present ⇄ steppedOut;  present|steppedOut → reconnecting → (back to what it was) | left
 */
export type Presence = 'present' | 'steppedOut' | 'reconnecting' | 'left';

/** While someone is `reconnecting`: when it started, when it ends, and what to restore. */
export interface Reconnect {
  since: number;
  /** When the grace period ends: then they leave, as if they had pressed Leave. */
  deadline: number;
  /** They had stepped out when the connection dropped: they come back stepped out. */
  steppedOut: boolean;
  /** How long a floor they hold (or are handed in a round) waits for them. */
  floorWaitMs: number;
  /** The floor moved on without them: they go to the front of the queue when back. */
  backToFront: boolean;
}

/** One person who has joined the circle during this session. */
export interface Participant {
  /** Server-assigned id (the peer id); stable across re-joins. */
  id: string;
  /** Display name, as given at the latest join. */
  name: string;
  role: CircleRole;
  presence: Presence;
  /** Time of the first join (a re-join keeps it). */
  joinedAt: number;
  /** Has ended at least one turn with airtime > 0 that was not a pass. */
  hasSpoken: boolean;
  /** Total time holding the floor, over ended turns (a pass adds nothing). */
  airtimeMs: number;
  /** Number of ended turns that were not passes. */
  turns: number;
  /** Number of passes. Never counted against anyone; kept so facilitators can notice patterns kindly. */
  passes: number;
  /** "I need a moment": visible to facilitators and the person; stays until acknowledged or withdrawn. */
  needsMoment: boolean;
  /** When the pending moment was requested, or null. */
  momentRequestedAt: number | null;
  /** A facilitator muted this person; only they can clear it (`unmuteSelf`). */
  mutedByFacilitator: boolean;
  /** Non-null exactly while `presence` is `reconnecting` (absent in states from older servers). */
  reconnect?: Reconnect | null;
  /**
   * Counts the connections that spoke for this person: +1 on every join and reconnect. A
   * `disconnect` names the connection it is about, so a late one from an old connection (a
   * second tab took over, another node noticed late) changes nothing.
   */
  attachment?: number;
}

/** `hand`: wants to speak; `reply`: wants to reply directly to the current speaker. */
export type QueueEntryKind = 'hand' | 'reply';

/**
 * One raised hand. `state.queue` is kept in raise order; the order people are served in is
 * computed by `orderedQueue` because it depends on live rules and airtime.
 */
export interface QueueEntry {
  participantId: string;
  kind: QueueEntryKind;
  /** Time the hand went up (for display). */
  raisedAt: number;
  /** Raise sequence number: the fifo key, unambiguous even when two hands share a timestamp. */
  seq: number;
  /** For a reply: who was speaking when it was asked for. */
  replyTo: string | null;
  /** Rank given by a facilitator's `reorderQueue`, or null (ordered by the rule). */
  placed: number | null;
}

/** Why someone holds the floor. */
export type FloorReason = 'queue' | 'directReply' | 'round' | 'facilitator';

/** Who may speak now in a structured mode. */
export interface Floor {
  holderId: string;
  /** Start of this turn (airtime accrues from here). */
  since: number;
  reason: FloorReason;
  /**
   * The holder is reconnecting: the floor waits for them until `until`, with the turn timer
   * paused (`pausedTimer`: the pause is ours, to undo on return). Absent in older states.
   */
  away?: { since: number; until: number; pausedTimer: boolean } | null;
  /** Time the holder was away in earlier drops of this turn: not counted as airtime. */
  awayMs?: number;
}

/** The turn timer; present exactly when someone holds the floor. The limit is `rules.turnLimitMs`. */
export interface TurnTimer {
  /** Start of the turn. */
  startedAt: number;
  /** When a facilitator paused it, or null while running. */
  pausedAt: number | null;
  /** Total paused time in this turn, excluding a pause in progress. */
  pausedMs: number;
  /** The 30-second nudge has been sent (once per turn). */
  nudged: boolean;
  /** The "time is up" notice has been sent (once per turn, when not auto-advancing). */
  overtime: boolean;
}

/** A go-around. Its order is fixed when it starts; people joining later are not added. */
export interface Round {
  /** Seating order at the start, rotated to begin with the chosen person. */
  order: string[];
  /** Index in `order` of the current (or interrupted) round turn. */
  index: number;
  startedAt: number;
  /** The mode the circle returns to when the round ends. */
  previousMode: Exclude<CircleMode, 'round'>;
}

/** The whole state of one circle. Treat as immutable: the engine always returns a new object. */
export interface CircleState {
  circleId: string;
  /** +1 on every successful command that changed the state. */
  version: number;
  createdAt: number;
  rules: CircleRules;
  /** Everyone who joined this session, including those who left; never those removed. */
  participants: Record<string, Participant>;
  /** Circle order: exactly the ids of present and stepped-out participants. */
  seating: string[];
  /** Raised hands in raise order; only present or reconnecting participants, one entry each, never the floor holder. */
  queue: QueueEntry[];
  floor: Floor | null;
  /** Non-null exactly when `floor` is. */
  timer: TurnTimer | null;
  /** Non-null exactly when `rules.mode` is `round`. */
  round: Round | null;
  /** No new people may join (facilitators and returning participants still may). */
  locked: boolean;
  /** The session is over: every command is refused. */
  ended: boolean;
  endedAt: number | null;
  /** Ids removed by a facilitator; their `join` is refused until `readmit`. */
  removed: string[];
  /**
   * The names the removed ids had, so facilitators can see whom they may let back in.
   * Optional: states stored before it existed have none.
   */
  removedNames?: Record<string, string>;
  /** Next queue sequence number. */
  nextSeq: number;
  /**
   * Pairs or small groups, while the circle is split; null (or absent, in states from before
   * groups existed) when everyone is together.
   */
  groups?: Groups | null;
}

/** One small group while the circle is split. */
export interface Group {
  /** `g1`, `g2`, … in the order the groups were formed. */
  id: string;
  /** Its people (members, and facilitators placed in it by hand), ids in circle order. */
  members: string[];
}

/** The circle split into pairs or small groups: each hears and sees only its own group. */
export interface Groups {
  groups: Group[];
  startedAt: number;
  /** When the shared countdown reaches zero, or null without a timer. */
  endsAt: number | null;
  /** The gentle "time's up" was sent (once). Groups carry on until a facilitator brings everyone back. */
  timeUpSent: boolean;
  /** Facilitator id → the group they are visiting (heard and seen there, and only there). */
  visits: Record<string, string>;
  /** The latest message from a facilitator to all groups. */
  message: GroupMessage | null;
}

/** A facilitator's message to all groups ("two minutes left", "swap roles now"). */
export interface GroupMessage {
  text: string;
  from: string;
  at: number;
}

/** A refusal. `code` is from the closed wire set; `message` is for people. */
export interface EngineError {
  code: ErrorCode;
  message: string;
}

/** Looks a participant up without falling into `Object.prototype` (ids like `constructor`). */
export function getParticipant(state: CircleState, id: string): Participant | undefined {
  return Object.prototype.hasOwnProperty.call(state.participants, id) ? state.participants[id] : undefined;
}

/** A participant who is in the circle right now. */
export type SeatedParticipant = Participant & { presence: 'present' | 'steppedOut' | 'reconnecting' };

/** A participant who holds a seat right now (present, stepped out or reconnecting). */
export function isInCircle(p: Participant | undefined): p is SeatedParticipant {
  return p !== undefined && p.presence !== 'left';
}
