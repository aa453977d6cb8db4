import type { CircleView, GroupsView } from '@hearth/shared';
import { groupPlace, groupsFromAssignment, initialAssignment, listNames, visibleIds } from './groups';
import { eventOutcome, GROUPS_TIME_UP_MESSAGE } from './circleEvents';

const groups = (over: Partial<GroupsView> = {}): GroupsView => ({
  startedAt: 0, endsAt: null, remainingMs: null, timeUp: false, message: null, yourGroupId: 'g1', visiting: false,
  groups: [{ id: 'g1', label: 'Group 1', members: ['a', 'b'], visitors: ['f'] }],
  ...over,
});
const view = (g: GroupsView | undefined, selfId = 'a'): CircleView =>
  ({
    you: { id: selfId, role: 'member', presence: 'present', audioAllowed: true },
    participants: [
      { id: 'f', name: 'Fran', role: 'facilitator', presence: 'present' },
      { id: 'a', name: 'Ash', role: 'member', presence: 'present' },
      { id: 'b', name: 'Bea', role: 'member', presence: 'present' },
      { id: 'c', name: 'Cy', role: 'member', presence: 'steppedOut' },
    ],
    ...(g ? { groups: g } : {}),
  }) as CircleView;
const names: Record<string, string> = { f: 'Fran', a: 'Ash', b: 'Bea', c: 'Cy' };
const nameOf = (id: string) => names[id] ?? 'Someone';

describe('visibleIds', () => {
  it('is null while the circle is together', () => {
    expect(visibleIds(view(undefined))).toBeNull();
    expect(visibleIds(null)).toBeNull();
  });
  it('is your group and its visitors while split', () => {
    expect([...visibleIds(view(groups()))!].sort()).toEqual(['a', 'b', 'f']);
  });
  it('is the main room for a facilitator not in a group', () => {
    const g = groups({ yourGroupId: null, mainRoom: ['f', 'f2'] });
    expect([...visibleIds(view(g, 'f'))!].sort()).toEqual(['f', 'f2']);
  });
});

describe('groupPlace', () => {
  it('names your group, who is with you and who visits', () => {
    expect(groupPlace(groups(), 'a', nameOf)).toEqual({ title: 'Group 1', withWhom: 'With Bea', visitors: ['Fran'] });
  });
  it('says when a visitor is visiting, and when someone is alone', () => {
    expect(groupPlace(groups({ visiting: true }), 'f', nameOf).title).toBe('Visiting Group 1');
    const alone = groups({ groups: [{ id: 'g1', label: 'Group 1', members: ['a'], visitors: [] }] });
    expect(groupPlace(alone, 'a', nameOf).withWhom).toBe('Nobody else is in your group just now.');
  });
  it('describes the main room', () => {
    expect(groupPlace(groups({ yourGroupId: null, mainRoom: ['f'] }), 'f', nameOf).title).toBe('The main room');
  });
});

describe('by hand', () => {
  it('deals members present into groups and leaves facilitators and stepped-out people unplaced', () => {
    expect(initialAssignment(view(undefined), 2)).toEqual({ f: null, a: 0, b: 1, c: null });
  });
  it('turns an assignment into groups in circle order, dropping empty ones', () => {
    expect(groupsFromAssignment({ f: 2, a: 0, b: 2, c: null }, ['f', 'a', 'b', 'c'])).toEqual([['a'], ['f', 'b']]);
  });
  it('lists names for reading', () => {
    expect([listNames([]), listNames(['A']), listNames(['A', 'B']), listNames(['A', 'B', 'C'])]).toEqual(['', 'A', 'A and B', 'A, B and C']);
  });
});

describe('group events', () => {
  const ctx = { selfId: 'a', isFacilitator: false, nameOf, groupId: 'g1' };
  it("a gentle time's up, cleared when everyone is back", () => {
    expect(eventOutcome({ type: 'groupsTimeUp' }, ctx).notice?.text).toBe(GROUPS_TIME_UP_MESSAGE);
    expect(eventOutcome({ type: 'groupsEnded', reason: 'endedByFacilitator', by: 'f' }, ctx).clears).toEqual(['groupsTime']);
  });
  it('announces visitors and joiners only to their group', () => {
    expect(eventOutcome({ type: 'groupVisited', facilitatorId: 'f', groupId: 'g1' }, ctx).announce).toBe('Fran is visiting your group');
    expect(eventOutcome({ type: 'groupVisited', facilitatorId: 'f', groupId: 'g2' }, ctx).announce).toBeUndefined();
    expect(eventOutcome({ type: 'groupJoined', participantId: 'c', groupId: 'g2' }, ctx).announce).toBeUndefined();
    expect(eventOutcome({ type: 'groupMessage', text: 'Swap', from: 'f' }, ctx).announce).toBe('Message to all groups from Fran: Swap');
  });
});
