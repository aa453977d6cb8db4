import type { CircleCommandType, CommandOf } from './commands';
import type { Ctx } from './context';
import { refuse } from './context';
import type { CircleEvent, GroupsEndReason } from './events';
import { endTurn } from './floor';
import { closeRound } from './round';
import { seededShuffle } from './seating';
import type { CircleState, Group, Groups } from './types';
import { getParticipant, isInCircle } from './types';

/*
 * Pairs and small groups. While the circle is split, each group hears and sees only itself
 * (the SFU enforces `shareMedia`), and every group is an open floor: the circle's floor,
 * queue and round are suspended (a turn or a round in progress ends when groups start;
 * raised hands wait for the circle). Facilitators not placed in a group are in the main room
 * and may visit any group. Whoever arrives while groups are on (a late joiner, someone
 * stepping back in who had not been placed) joins the group with the fewest people present.
 * A dropped connection keeps one's group. At the end of the shared countdown everyone gets a
 * gentle "time's up" and the groups carry on until a facilitator brings everyone back: no one
 * is cut off mid-sentence.
 */

/** Commands about the circle's floor, refused while the circle is split. */
export const SUSPENDED_WHILE_GROUPS: ReadonlySet<CircleCommandType> = new Set<CircleCommandType>([
  'setMode', 'startRound', 'endRound', 'next', 'giveFloor', 'revokeFloor', 'raiseHand', 'raiseReply',
  'pass', 'finishTurn', 'startGroups', 'startGroupsByHand',
]);

/** Commands that need the circle to be split. */
const NEED_GROUPS: ReadonlySet<CircleCommandType> = new Set<CircleCommandType>([
  'visitGroup', 'leaveGroupVisit', 'messageGroups', 'endGroups',
]);

/** Refuses commands that make no sense in the circle's current shape. */
export function checkGroupsAllow(state: CircleState, type: CircleCommandType): void {
  if (state.groups && SUSPENDED_WHILE_GROUPS.has(type)) {
    refuse('NOT_ALLOWED', 'The circle is in groups just now; this waits until everyone is back.');
  }
  if (!state.groups && NEED_GROUPS.has(type)) refuse('NOT_ALLOWED', 'The circle is not in groups.');
}

/** The group `id` is a member of (not a visit), or undefined. */
export function memberGroupOf(groups: Groups, id: string): Group | undefined {
  return groups.groups.find((g) => g.members.includes(id));
}

/**
 * Where someone is while the circle is split: the group they visit, else their own group,
 * else null (the main room: facilitators not in a group, people not yet placed).
 */
export function spaceOf(state: CircleState, id: string): string | null {
  const groups = state.groups;
  if (!groups) return null;
  return visitOf(groups, id) ?? memberGroupOf(groups, id)?.id ?? null;
}

function visitOf(groups: Groups, id: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(groups.visits, id) ? groups.visits[id] : undefined;
}

/**
 * Whether `a` and `b` may see and hear each other now: always when the circle is together;
 * while it is split, exactly when they are in the same space (a group, or the main room).
 */
export function shareMedia(state: CircleState, a: string, b: string): boolean {
  if (!state.groups) return true;
  return spaceOf(state, a) === spaceOf(state, b);
}

/**
 * Everyone's space while the circle is split (group id, or null for the main room), for the
 * SFU to compare in O(1); null while the circle is together. People not in the circle are
 * absent: they share nothing.
 */
export function mediaSpaces(state: CircleState): Map<string, string | null> | null {
  if (!state.groups) return null;
  return new Map(state.seating.map((id) => [id, spaceOf(state, id)] as const));
}

/** Members present, in circle order: who random groups are made of. */
function presentMembers(state: CircleState): string[] {
  return state.seating.filter((id) => {
    const p = getParticipant(state, id);
    return p?.presence === 'present' && p.role === 'member';
  });
}

/** Deals `ids` into `count` groups as evenly as possible (sizes differ by at most one). */
function deal(ids: readonly string[], count: number): string[][] {
  const out: string[][] = Array.from({ length: count }, () => []);
  ids.forEach((id, i) => out[i % count]!.push(id));
  return out;
}

function begin(ctx: Ctx, members: string[][], durationMs: number | null): CircleState {
  const { state, actorId, now, events } = ctx;
  // The circle's floor is suspended: a turn (or a round) in progress ends, hands wait.
  let s = state.round ? closeRound(state, 'groupsStarted', now, events) : endTurn(state, now, 'groupsStarted', events);
  const inCircleOrder = (ids: string[]) => s.seating.filter((id) => ids.includes(id));
  const groups: Group[] = members.map((ids, i) => ({ id: `g${i + 1}`, members: inCircleOrder(ids) }));
  const endsAt = durationMs === null ? null : now + durationMs;
  events.push({ type: 'groupsStarted', count: groups.length, endsAt, by: actorId });
  s = { ...s, groups: { groups, startedAt: now, endsAt, timeUpSent: false, visits: {}, message: null } };
  return s;
}

/** Random groups of `size` from the members present; a remainder is spread over the groups. */
export function startGroups(ctx: Ctx, cmd: CommandOf<'startGroups'>): CircleState {
  const members = presentMembers(ctx.state);
  if (members.length < 2) refuse('NOT_ALLOWED', 'Groups need at least two members present.');
  const count = Math.max(1, Math.floor(members.length / cmd.size));
  return begin(ctx, deal(seededShuffle(members, cmd.seed), count), cmd.durationMs);
}

/** Groups as the facilitator made them: everyone listed is in the circle, once; every member present is placed. */
export function startGroupsByHand(ctx: Ctx, cmd: CommandOf<'startGroupsByHand'>): CircleState {
  const { state } = ctx;
  const seen = new Set<string>();
  for (const group of cmd.groups) {
    if (group.length < 2) refuse('INVALID_PAYLOAD', 'A group needs at least two people.');
    for (const id of group) {
      const p = getParticipant(state, id);
      if (!isInCircle(p)) refuse('NOT_FOUND', 'Someone in those groups is not in this circle.');
      if (seen.has(id)) refuse('INVALID_PAYLOAD', `${p.name} is in two groups.`);
      seen.add(id);
    }
  }
  const missing = presentMembers(state).find((id) => !seen.has(id));
  if (missing !== undefined) refuse('INVALID_PAYLOAD', `${getParticipant(state, missing)?.name ?? 'Someone'} is in no group.`);
  return begin(ctx, cmd.groups, cmd.durationMs);
}

/** A facilitator visits a group: heard and seen there, and only there. */
export function visitGroup({ state, actorId, events }: Ctx, cmd: CommandOf<'visitGroup'>): CircleState {
  const groups = state.groups!;
  const group = groups.groups.find((g) => g.id === cmd.group) ?? refuse('NOT_FOUND', 'There is no such group.');
  if (spaceOf(state, actorId) === group.id) refuse('NOT_ALLOWED', 'You are already in that group.');
  const { [actorId]: left, ...others } = groups.visits;
  if (left !== undefined) events.push({ type: 'groupVisitEnded', facilitatorId: actorId, groupId: left });
  // A facilitator's own group is where a visit ends anyway: going there is just coming back.
  if (memberGroupOf(groups, actorId)?.id === group.id) return { ...state, groups: { ...groups, visits: others } };
  events.push({ type: 'groupVisited', facilitatorId: actorId, groupId: group.id });
  return { ...state, groups: { ...groups, visits: { ...others, [actorId]: group.id } } };
}

/** Leave the group you visit: back to your own group, or to the main room. */
export function leaveGroupVisit({ state, actorId, events }: Ctx): CircleState {
  const groups = state.groups!;
  const visiting = visitOf(groups, actorId);
  if (visiting === undefined) refuse('NOT_ALLOWED', 'You are not visiting a group.');
  events.push({ type: 'groupVisitEnded', facilitatorId: actorId, groupId: visiting });
  const { [actorId]: _left, ...visits } = groups.visits;
  return { ...state, groups: { ...groups, visits } };
}

/** A message every group sees; the latest one stays shown. */
export function messageGroups({ state, actorId, now, events }: Ctx, cmd: CommandOf<'messageGroups'>): CircleState {
  const groups = state.groups!;
  const last = groups.message;
  if (last && last.text === cmd.text && last.at === now) refuse('NOT_ALLOWED', 'That message was just sent.');
  events.push({ type: 'groupMessage', text: cmd.text, from: actorId });
  return { ...state, groups: { ...groups, message: { text: cmd.text, from: actorId, at: now } } };
}

/** Back to the circle, for everyone. */
export function endGroups({ state, actorId, events }: Ctx): CircleState {
  return closeGroups(state, 'endedByFacilitator', actorId, events);
}

/** Ends the split (if any): everyone is together again; the circle's mode resumes. */
export function closeGroups(state: CircleState, reason: GroupsEndReason, by: string | null, events: CircleEvent[]): CircleState {
  if (!state.groups) return state;
  events.push({ type: 'groupsEnded', reason, by });
  return { ...state, groups: null };
}

/** The gentle "time's up", once, at the end of the shared countdown. */
export function checkGroupsTimer(state: CircleState, now: number, events: CircleEvent[]): CircleState {
  const groups = state.groups;
  if (!groups || groups.endsAt === null || groups.timeUpSent || now < groups.endsAt) return state;
  events.push({ type: 'groupsTimeUp' });
  return { ...state, groups: { ...groups, timeUpSent: true } };
}

/** When the shared countdown needs the clock, or null. */
export function nextGroupsDueAt(state: CircleState): number | null {
  const groups = state.groups;
  return groups && groups.endsAt !== null && !groups.timeUpSent ? groups.endsAt : null;
}

/**
 * Keeps the split consistent after every command: people who left are out of their group;
 * visits are only by facilitators in the circle; whoever is present and not placed (a late
 * joiner, a member back from stepping out or demoted while visiting) joins the group with the
 * fewest people present; with no facilitator left in the circle, everyone comes back together.
 */
export function settleGroups(state: CircleState, events: CircleEvent[]): CircleState {
  const groups = state.groups;
  if (!groups) return state;
  const inCircle = (id: string) => isInCircle(getParticipant(state, id));
  const isFacilitator = (id: string) => getParticipant(state, id)?.role === 'facilitator';
  if (!state.seating.some(isFacilitator)) return closeGroups(state, 'noFacilitator', null, events);
  let list = groups.groups.map((g) => (g.members.every(inCircle) ? g : { ...g, members: g.members.filter(inCircle) }));
  const visits = Object.fromEntries(Object.entries(groups.visits).filter(([id]) => inCircle(id) && isFacilitator(id)));
  let changed = list.some((g, i) => g !== groups.groups[i]) || Object.keys(visits).length !== Object.keys(groups.visits).length;
  for (const id of state.seating) {
    const p = getParticipant(state, id);
    if (p?.presence !== 'present' || p.role !== 'member' || list.some((g) => g.members.includes(id))) continue;
    const target = smallestGroup(state, list);
    list = list.map((g) => (g.id === target.id ? { ...g, members: [...g.members, id] } : g));
    events.push({ type: 'groupJoined', participantId: id, groupId: target.id });
    changed = true;
  }
  return changed ? { ...state, groups: { ...groups, groups: list, visits } } : state;
}

/** The group with the fewest people present, ignoring groups with nobody present (ties: the first). */
function smallestGroup(state: CircleState, list: Group[]): Group {
  const present = (g: Group) => g.members.filter((id) => getParticipant(state, id)?.presence === 'present').length;
  const lively = list.filter((g) => present(g) > 0);
  const pool = lively.length > 0 ? lively : list;
  return pool.reduce((best, g) => (present(g) < present(best) ? g : best), pool[0]!);
}
