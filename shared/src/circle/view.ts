import type { OrderedQueueEntry } from './queue';
import { orderedQueue, queueEntryOf } from './queue';
import { memberGroupOf, spaceOf } from './groups';
import { activeElapsedMs, turnEndsAt } from './timer';
import type { CircleRole, CircleRules, CircleState, Floor, GroupMessage, Presence, SeatedParticipant } from './types';
import { getParticipant, isInCircle } from './types';

/*
 * What one person may see. Policy:
 * - public: names, roles, presence, seating, hands and the queue (with reasons), the floor,
 *   the turn timer, the round, rules, lock and end;
 * - the person and facilitators: "needs a moment" and a facilitator's mute (being muted, or
 *   struggling, is not announced to the group);
 * - facilitators only: airtime, turns, passes, whether someone has spoken, removed ids.
 * Under `leastAirtime` the queue order itself hints at relative airtime; that is inherent in
 * the rule the facilitator chose, and no figures are shown.
 */

/** Private figures, for facilitators. */
export interface ParticipantStats {
  airtimeMs: number;
  turns: number;
  passes: number;
  hasSpoken: boolean;
}

/** One person in the circle as the viewer sees them. Optional fields are omitted when not visible. */
export interface ParticipantView {
  id: string;
  name: string;
  role: CircleRole;
  presence: Exclude<Presence, 'left'>;
  handRaised: boolean;
  hasFloor: boolean;
  /** Seen by the person and facilitators. */
  needsMoment?: boolean;
  /** Seen by the person and facilitators. */
  mutedByFacilitator?: boolean;
  /** Seen by facilitators. */
  stats?: ParticipantStats;
}

/** The turn timer, public. `remainingMs` is exact when paused, or computed for `now` if given. */
export interface TimerView {
  limitMs: number | null;
  startedAt: number;
  paused: boolean;
  /** When the limit is reached, while running with a limit. */
  endsAt: number | null;
  remainingMs: number | null;
}

/** The round, public. */
export interface RoundView {
  order: string[];
  index: number;
  currentId: string | null;
}

/** What the viewer is. Null when the viewer is not in the circle. */
export interface SelfView {
  id: string;
  role: CircleRole;
  presence: Exclude<Presence, 'left'>;
  /** Whether the SFU lets them send audio now. */
  audioAllowed: boolean;
}

/** One group as the viewer sees it. */
export interface GroupView {
  id: string;
  /** "Group 1", "Group 2", … */
  label: string;
  /** Its people, in circle order. */
  members: string[];
  /** Facilitators visiting it now. */
  visitors: string[];
}

/**
 * Pairs or small groups, while the circle is split. Members see their own group only;
 * facilitators see every group and who is in the main room.
 */
export interface GroupsView {
  startedAt: number;
  /** When the shared countdown reaches zero, or null without one. */
  endsAt: number | null;
  /** Time left at the server's `now` when the view was made (for the client's clock offset), or null. */
  remainingMs: number | null;
  /** The countdown reached zero; the groups go on until a facilitator brings everyone back. */
  timeUp: boolean;
  message: GroupMessage | null;
  /** The group the viewer is in now (their own, or the one they visit), or null: the main room. */
  yourGroupId: string | null;
  /** The viewer's group is one they visit (facilitators). */
  visiting: boolean;
  groups: GroupView[];
  /** Seen by facilitators: who is in the main room (facilitators not in a group, people not yet placed). */
  mainRoom?: string[];
}

/** Everything one viewer may see of a circle. */
export interface CircleView {
  circleId: string;
  /** When this circle's state was created: a circle deleted and started afresh has another one (and restarts its versions). */
  createdAt: number;
  version: number;
  rules: CircleRules;
  locked: boolean;
  ended: boolean;
  you: SelfView | null;
  /** In seating order. */
  participants: ParticipantView[];
  queue: OrderedQueueEntry[];
  floor: Floor | null;
  timer: TimerView | null;
  round: RoundView | null;
  /** Seen by facilitators. */
  removed?: string[];
  /** Seen by facilitators: who was removed, by name, so they can be let back in. */
  removedPeople?: { id: string; name: string }[];
  /** While the circle is in pairs or small groups (absent otherwise). */
  groups?: GroupsView;
}

/**
 * Whether `participantId` may send audio now; the SFU enforces it. False for anyone not
 * present or muted by a facilitator (until they unmute themselves) and after the session.
 * Open mode, and while the circle is in groups (each group is an open floor, heard only
 * within it: see `shareMedia`): everyone else. Structured modes: the floor holder, and
 * facilitators when `rules.facilitatorsMaySpeak`.
 */
export function audioAllowed(state: CircleState, participantId: string): boolean {
  const p = getParticipant(state, participantId);
  if (state.ended || !p || p.presence !== 'present' || p.mutedByFacilitator) return false;
  if (state.rules.mode === 'open' || state.groups) return true;
  if (state.floor?.holderId === participantId) return true;
  return p.role === 'facilitator' && state.rules.facilitatorsMaySpeak;
}

function timerView(state: CircleState, now: number | undefined): TimerView | null {
  const timer = state.timer;
  if (!timer) return null;
  const limitMs = state.rules.turnLimitMs;
  const isPaused = timer.pausedAt !== null;
  const known = isPaused || now !== undefined;
  const remainingMs = limitMs !== null && known ? limitMs - activeElapsedMs(timer, now ?? 0) : null;
  return { limitMs, startedAt: timer.startedAt, paused: isPaused, endsAt: turnEndsAt(state), remainingMs };
}

function groupsView(state: CircleState, viewerId: string, isFacilitator: boolean, now: number | undefined): GroupsView | undefined {
  const groups = state.groups;
  if (!groups) return undefined;
  const inCircle = (id: string) => isInCircle(getParticipant(state, id));
  const yourGroupId = isInCircle(getParticipant(state, viewerId)) ? spaceOf(state, viewerId) : null;
  const all: GroupView[] = groups.groups.map((g, i) => ({
    id: g.id,
    label: `Group ${i + 1}`,
    members: [...g.members],
    visitors: Object.keys(groups.visits).filter((id) => groups.visits[id] === g.id),
  }));
  const view: GroupsView = {
    startedAt: groups.startedAt, endsAt: groups.endsAt, timeUp: groups.timeUpSent,
    remainingMs: groups.endsAt !== null && now !== undefined ? groups.endsAt - now : null,
    message: groups.message ? { ...groups.message } : null, yourGroupId,
    visiting: yourGroupId !== null && memberGroupOf(groups, viewerId)?.id !== yourGroupId,
    groups: isFacilitator ? all : all.filter((g) => g.id === yourGroupId),
  };
  if (isFacilitator) view.mainRoom = state.seating.filter((id) => inCircle(id) && spaceOf(state, id) === null);
  return view;
}

/** How much of a participant a viewer sees: what everyone sees, what the person sees of themself, what facilitators see. */
type Visibility = 'public' | 'self' | 'facilitator';

function participantView(state: CircleState, p: SeatedParticipant, visibility: Visibility): ParticipantView {
  const view: ParticipantView = {
    id: p.id, name: p.name, role: p.role, presence: p.presence,
    handRaised: queueEntryOf(state, p.id) !== undefined, hasFloor: state.floor?.holderId === p.id,
  };
  if (visibility !== 'public') {
    view.needsMoment = p.needsMoment;
    view.mutedByFacilitator = p.mutedByFacilitator;
  }
  if (visibility === 'facilitator') view.stats = { airtimeMs: p.airtimeMs, turns: p.turns, passes: p.passes, hasSpoken: p.hasSpoken };
  return view;
}

/** The people in the circle, in seating order (never those who left). */
function seated(state: CircleState): SeatedParticipant[] {
  return state.seating.flatMap((id): SeatedParticipant[] => {
    const p = getParticipant(state, id);
    return isInCircle(p) ? [p] : [];
  });
}

/** The viewer, when they are in the circle. */
function viewerOf(state: CircleState, viewerId: string): SeatedParticipant | undefined {
  const viewer = getParticipant(state, viewerId);
  return isInCircle(viewer) ? viewer : undefined;
}

function selfView(state: CircleState, me: SeatedParticipant | undefined): SelfView | null {
  return me ? { id: me.id, role: me.role, presence: me.presence, audioAllowed: audioAllowed(state, me.id) } : null;
}

/**
 * The parts of a view that are the same for every viewer, split where the personal parts go:
 * a view is `{...head, you, participants, ...tail, groups?, ...facilitatorOnly}` (in that key order,
 * which {@link viewJsonFor} relies on).
 */
function sharedViewParts(state: CircleState, now: number | undefined): {
  head: Pick<CircleView, 'circleId' | 'createdAt' | 'version' | 'rules' | 'locked' | 'ended'>;
  tail: Pick<CircleView, 'queue' | 'floor' | 'timer' | 'round'>;
  facilitatorOnly: Required<Pick<CircleView, 'removed' | 'removedPeople'>>;
} {
  const round = state.round;
  return {
    head: { circleId: state.circleId, createdAt: state.createdAt, version: state.version, rules: { ...state.rules }, locked: state.locked, ended: state.ended },
    tail: {
      queue: orderedQueue(state),
      floor: state.floor ? { ...state.floor } : null,
      timer: timerView(state, now),
      round: round ? { order: [...round.order], index: round.index, currentId: round.order[round.index] ?? null } : null,
    },
    facilitatorOnly: {
      removed: [...state.removed],
      removedPeople: state.removed.map((id) => ({ id, name: state.removedNames?.[id] ?? 'Someone' })),
    },
  };
}

/** What `viewerId` may see. Pass `now` to get the timer's remaining time computed. */
export function viewFor(state: CircleState, viewerId: string, now?: number): CircleView {
  const me = viewerOf(state, viewerId);
  const isFacilitator = me?.role === 'facilitator';
  const participants = seated(state).map((p) => participantView(state, p, isFacilitator ? 'facilitator' : p.id === me?.id ? 'self' : 'public'));
  const { head, tail, facilitatorOnly } = sharedViewParts(state, now);
  const groups = groupsView(state, viewerId, isFacilitator, now);
  return { ...head, you: selfView(state, me), participants, ...tail, ...(groups ? { groups } : {}), ...(isFacilitator ? facilitatorOnly : {}) };
}

/** JSON text known to encode a `T` (e.g. a view serialised once and sent as it is). */
export type JsonText<T> = string & { readonly __jsonOf?: T };

/** The inside of a JSON object's text: `{"a":1,"b":2}` → `"a":1,"b":2`. */
const members = (value: object): string => JSON.stringify(value).slice(1, -1);

/**
 * Every viewer's view of one state as JSON text, exactly `JSON.stringify(viewFor(state, id,
 * now))`, for sending to many people at once: what everyone sees is serialised once, each
 * participant once per way of seeing them, and only `you` (and, for a member, their own
 * entry; during groups, the groups as they see them) per viewer. Returns the encoder for one state.
 */
export function viewJsonFor(state: CircleState, now?: number): (viewerId: string) => JsonText<CircleView> {
  const people = seated(state);
  const { head, tail, facilitatorOnly } = sharedViewParts(state, now);
  const headJson = members(head);
  const tailJson = members(tail);
  // The public list once, and where each entry sits in it: a member's list is that text with
  // their own entry swapped in (two slices, no per-viewer join of every entry).
  const publicEntries = people.map((p) => JSON.stringify(participantView(state, p, 'public')));
  const publicList = publicEntries.join(',');
  const index = new Map<string, number>();
  const starts: number[] = [];
  let at = 0;
  for (const [i, entry] of publicEntries.entries()) {
    index.set(people[i]!.id, i);
    starts.push(at);
    at += entry.length + 1;
  }
  let facilitatorList: string | undefined;
  let facilitatorExtra: string | undefined;
  return (viewerId) => {
    const me = viewerOf(state, viewerId);
    let list: string;
    let extra = '';
    const i = me ? index.get(me.id) : undefined;
    if (me?.role === 'facilitator') {
      facilitatorList ??= people.map((p) => JSON.stringify(participantView(state, p, 'facilitator'))).join(',');
      list = facilitatorList;
      extra = facilitatorExtra ??= `,${members(facilitatorOnly)}`;
    } else if (me && i !== undefined) {
      const start = starts[i]!;
      list = publicList.slice(0, start) + JSON.stringify(participantView(state, me, 'self')) + publicList.slice(start + publicEntries[i]!.length);
    } else {
      list = publicList;
    }
    const groups = state.groups ? groupsView(state, viewerId, me?.role === 'facilitator', now) : undefined;
    const groupsJson = groups ? `,"groups":${JSON.stringify(groups)}` : '';
    return `{${headJson},"you":${JSON.stringify(selfView(state, me))},"participants":[${list}],${tailJson}${groupsJson}${extra}}`;
  };
}
