import { nextDueAt } from './presence';
import { TestCircle } from './testkit';
import { circleInvariantViolations } from './invariants';
import { shareMedia, spaceOf } from './groups';
import { audioAllowed, viewFor } from './view';

/*
 * Pairs and small groups: forming them (random or by hand), who shares media with whom,
 * visits, the message, the shared countdown, late arrivals and reconnections, and the way
 * back to the circle.
 */

const byHand = (groups: string[][], durationMs: number | null = null) => ({ type: 'startGroupsByHand' as const, groups, durationMs });
const random = (size: number, seed = 1, durationMs: number | null = null) => ({ type: 'startGroups' as const, size, seed, durationMs });

/** f facilitates a..d, split by hand into [a, b] and [c, d]. */
function pairs(): TestCircle {
  return TestCircle.with(['a', 'b', 'c', 'd']).do('f', byHand([['a', 'b'], ['c', 'd']], 600_000));
}

const members = (c: TestCircle) => c.state.groups?.groups.map((g) => g.members) ?? [];

describe('forming groups', () => {
  it('random pairs use every member present once, facilitators stay free to visit', () => {
    const c = TestCircle.with(['a', 'b', 'c', 'd', 'e'], ['f', 'f2']).do('f', random(2, 42));
    const groups = members(c);
    expect(groups.map((g) => g.length).sort()).toEqual([2, 3]); // no one alone: the fifth joins a pair
    expect(groups.flat().sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(spaceOf(c.state, 'f')).toBeNull();
    expect(c.eventTypes).toContain('groupsStarted');
    expect(circleInvariantViolations(c.state)).toEqual([]);
  });

  it('the same seed gives the same groups; groups of N have N or N+1 people', () => {
    const one = TestCircle.with(['a', 'b', 'c', 'd', 'e', 'g', 'h']).do('f', random(3, 9));
    const two = TestCircle.with(['a', 'b', 'c', 'd', 'e', 'g', 'h']).do('f', random(3, 9));
    expect(members(one)).toEqual(members(two));
    expect(members(one).map((g) => g.length).sort()).toEqual([3, 4]);
  });

  it('leaves out stepped-out members (they are placed when they step back in)', () => {
    const c = TestCircle.with(['a', 'b', 'c']).do('c', { type: 'stepOut' }).do('f', random(2));
    expect(members(c).flat().sort()).toEqual(['a', 'b']);
    c.do('c', { type: 'stepBack' });
    expect(members(c)).toEqual([['a', 'b', 'c']]);
    expect(c.events).toContainEqual({ type: 'groupJoined', participantId: 'c', groupId: 'g1' });
  });

  it('refuses a split with fewer than two members present', () => {
    const c = TestCircle.with(['a']);
    expect(c.refused('f', random(2))).toMatchObject({ code: 'NOT_ALLOWED' });
  });

  it('by hand: a facilitator may be placed in a group', () => {
    const c = TestCircle.with(['a', 'b', 'c']).do('f', byHand([['f', 'a'], ['b', 'c']]));
    expect(members(c)).toEqual([['f', 'a'], ['b', 'c']]);
    expect(shareMedia(c.state, 'f', 'a')).toBe(true);
    expect(shareMedia(c.state, 'f', 'b')).toBe(false);
  });

  it('by hand: typed errors for a group of one, someone twice, a stranger, someone left out', () => {
    const c = TestCircle.with(['a', 'b', 'c']);
    const before = c.state;
    expect(c.refused('f', byHand([['a'], ['b', 'c']]))).toEqual({ code: 'INVALID_PAYLOAD', message: 'A group needs at least two people.' });
    expect(c.refused('f', byHand([['a', 'b'], ['b', 'c']]))).toEqual({ code: 'INVALID_PAYLOAD', message: 'B is in two groups.' });
    expect(c.refused('f', byHand([['a', 'b', 'zed'], ['c', 'f']]))).toMatchObject({ code: 'NOT_FOUND' });
    expect(c.refused('f', byHand([['a', 'b']]))).toEqual({ code: 'INVALID_PAYLOAD', message: 'C is in no group.' });
    expect(c.refused('f', byHand([]))).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(c.refused('f', random(1))).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(c.refused('f', { ...random(2), durationMs: 5 })).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(c.refused('a', random(2))).toEqual({ code: 'NOT_ALLOWED', message: 'Only a facilitator can do that.' });
    expect(c.state).toBe(before);
  });

  it('refuses a second split while one is on, and group commands while none is', () => {
    const c = pairs();
    expect(c.refused('f', random(2)).code).toBe('NOT_ALLOWED');
    const together = TestCircle.with();
    for (const cmd of [{ type: 'endGroups' }, { type: 'leaveGroupVisit' }, { type: 'visitGroup', group: 'g1' }, { type: 'messageGroups', text: 'hi' }] as const) {
      expect(together.refused('f', cmd)).toEqual({ code: 'NOT_ALLOWED', message: 'The circle is not in groups.' });
    }
  });
});

describe('who shares media', () => {
  it('each pair sees and hears only itself; the facilitator is in the main room', () => {
    const c = pairs();
    expect(shareMedia(c.state, 'a', 'b')).toBe(true);
    expect(shareMedia(c.state, 'c', 'd')).toBe(true);
    for (const [x, y] of [['a', 'c'], ['a', 'd'], ['b', 'c'], ['f', 'a'], ['f', 'c']]) expect(shareMedia(c.state, x!, y!)).toBe(false);
    expect(viewFor(c.state, 'a').groups).toMatchObject({ yourGroupId: 'g1', groups: [{ id: 'g1', members: ['a', 'b'] }] });
    expect(viewFor(c.state, 'a').groups?.mainRoom).toBeUndefined();
    expect(viewFor(c.state, 'f').groups).toMatchObject({ yourGroupId: null, mainRoom: ['f'] });
    expect(viewFor(c.state, 'f').groups?.groups).toHaveLength(2);
  });

  it('a group is an open floor: everyone present and not muted may be heard', () => {
    const c = TestCircle.with(['a', 'b', 'c', 'd']).do('f', { type: 'setMode', mode: 'queue' });
    expect(audioAllowed(c.state, 'a')).toBe(false);
    c.do('f', byHand([['a', 'b'], ['c', 'd']]));
    expect(['a', 'b', 'c', 'd'].map((id) => audioAllowed(c.state, id))).toEqual([true, true, true, true]);
    c.do('f', { type: 'muteParticipant', target: 'a' });
    expect(audioAllowed(c.state, 'a')).toBe(false);
  });

  it('a facilitator visiting a group is there and only there, then back in the main room', () => {
    const c = pairs().do('f', { type: 'visitGroup', group: 'g2' });
    expect(c.events).toEqual([{ type: 'groupVisited', facilitatorId: 'f', groupId: 'g2' }]);
    expect(shareMedia(c.state, 'f', 'c')).toBe(true);
    expect(shareMedia(c.state, 'f', 'a')).toBe(false);
    expect(viewFor(c.state, 'c').groups?.groups[0]?.visitors).toEqual(['f']);
    c.do('f', { type: 'visitGroup', group: 'g1' });
    expect(c.eventTypes).toEqual(['groupVisitEnded', 'groupVisited']);
    expect([shareMedia(c.state, 'f', 'a'), shareMedia(c.state, 'f', 'c')]).toEqual([true, false]);
    expect(c.refused('f', { type: 'visitGroup', group: 'g1' }).code).toBe('NOT_ALLOWED');
    expect(c.refused('f', { type: 'visitGroup', group: 'g9' }).code).toBe('NOT_FOUND');
    c.do('f', { type: 'leaveGroupVisit' });
    expect(spaceOf(c.state, 'f')).toBeNull();
    expect(c.refused('f', { type: 'leaveGroupVisit' }).code).toBe('NOT_ALLOWED');
  });

  it('a facilitator placed in a group can visit another and come back to their own', () => {
    const c = TestCircle.with(['a', 'b', 'c']).do('f', byHand([['f', 'a'], ['b', 'c']])).do('f', { type: 'visitGroup', group: 'g2' });
    expect(spaceOf(c.state, 'f')).toBe('g2');
    c.do('f', { type: 'visitGroup', group: 'g1' });
    expect(c.state.groups?.visits).toEqual({});
    expect(spaceOf(c.state, 'f')).toBe('g1');
  });
});

describe('the circle while in groups', () => {
  it('a turn in progress ends, hands wait, floor commands wait until everyone is back', () => {
    const c = TestCircle.with(['a', 'b', 'c', 'd']).do('f', { type: 'setMode', mode: 'queue' });
    c.do('a', { type: 'raiseHand' }).do('b', { type: 'raiseHand' }).wait(5_000);
    c.do('f', byHand([['a', 'b'], ['c', 'd']]));
    expect(c.holder).toBeNull();
    expect(c.p('a').airtimeMs).toBe(5_000);
    expect(c.queued).toEqual(['b']);
    for (const cmd of [{ type: 'raiseHand' }, { type: 'finishTurn' }] as const) expect(c.refused('c', cmd).code).toBe('NOT_ALLOWED');
    for (const cmd of [{ type: 'next' }, { type: 'setMode', mode: 'round' }, { type: 'startRound' }, { type: 'giveFloor', to: 'c' }] as const) {
      expect(c.refused('f', cmd)).toEqual({ code: 'NOT_ALLOWED', message: 'The circle is in groups just now; this waits until everyone is back.' });
    }
    c.do('f', { type: 'endGroups' });
    expect(c.events).toContainEqual({ type: 'groupsEnded', reason: 'endedByFacilitator', by: 'f' });
    expect(c.holder).toBe('b'); // the queue resumes
    expect(shareMedia(c.state, 'a', 'c')).toBe(true);
    expect(viewFor(c.state, 'a').groups).toBeUndefined();
  });

  it('a round in progress ends and the circle goes back to its mode after the groups', () => {
    const c = TestCircle.with(['a', 'b']).do('f', { type: 'setMode', mode: 'directed' }).do('f', { type: 'startRound' });
    c.do('f', random(2));
    expect(c.state.round).toBeNull();
    expect(c.state.rules.mode).toBe('directed');
    expect(c.eventTypes).toEqual(['floorReleased', 'roundEnded', 'groupsStarted']);
  });

  it('the message to all groups is kept for latecomers and replaced by the next', () => {
    const c = pairs().do('f', { type: 'messageGroups', text: '  Swap roles now  ' });
    expect(c.events).toEqual([{ type: 'groupMessage', text: 'Swap roles now', from: 'f' }]);
    expect(viewFor(c.state, 'c').groups?.message).toEqual({ text: 'Swap roles now', from: 'f', at: c.now });
    expect(c.refused('f', { type: 'messageGroups', text: '   ' }).code).toBe('INVALID_PAYLOAD');
    expect(c.refused('f', { type: 'messageGroups', text: 'x'.repeat(281) }).code).toBe('INVALID_PAYLOAD');
  });

  it('the shared countdown: one gentle "time\'s up" at zero, then the groups carry on', () => {
    const c = pairs();
    const endsAt = c.now + 600_000;
    expect(viewFor(c.state, 'a').groups?.endsAt).toBe(endsAt);
    expect(viewFor(c.state, 'd').groups?.endsAt).toBe(endsAt);
    expect(nextDueAt(c.state)).toBe(endsAt);
    c.wait(599_999).do('__system__', { type: 'tick' });
    expect(c.events).toEqual([]);
    c.wait(1).do('__system__', { type: 'tick' });
    expect(c.events).toEqual([{ type: 'groupsTimeUp' }]);
    expect(viewFor(c.state, 'a').groups?.timeUp).toBe(true);
    expect(nextDueAt(c.state)).toBeNull();
    c.wait(60_000).do('__system__', { type: 'tick' });
    expect(c.events).toEqual([]);
    expect(shareMedia(c.state, 'a', 'c')).toBe(false);
  });

  it('ending the session ends the groups', () => {
    const c = pairs().do('f', { type: 'endSession' });
    expect(c.state.groups).toBeNull();
    expect(c.eventTypes).toContain('groupsEnded');
  });

  it('with no facilitator left in the circle, everyone comes back together', () => {
    const c = pairs().do('f', { type: 'leave' });
    expect(c.state.groups).toBeNull();
    expect(c.events).toContainEqual({ type: 'groupsEnded', reason: 'noFacilitator', by: null });
  });
});

describe('presence while in groups', () => {
  it('a late joiner goes to the group with the fewest people present', () => {
    const c = TestCircle.with(['a', 'b', 'c', 'd', 'e']).do('f', byHand([['a', 'b', 'c'], ['d', 'e']]));
    c.do('late', { type: 'join', name: 'Late', role: 'member' });
    expect(c.events).toContainEqual({ type: 'groupJoined', participantId: 'late', groupId: 'g2' });
    expect(shareMedia(c.state, 'late', 'd')).toBe(true);
    expect(viewFor(c.state, 'late').groups?.groups).toEqual([{ id: 'g2', label: 'Group 2', members: ['d', 'e', 'late'], visitors: [] }]);
  });

  it('a late joiner is not sent to a group whose people have all gone', () => {
    const c = pairs().do('c', { type: 'leave' }).do('d', { type: 'stepOut' });
    c.do('late', { type: 'join', name: 'Late', role: 'member' });
    expect(spaceOf(c.state, 'late')).toBe('g1');
  });

  it('a late facilitator arrives in the main room', () => {
    const c = pairs().do('f2', { type: 'join', name: 'F2', role: 'facilitator' });
    expect(spaceOf(c.state, 'f2')).toBeNull();
    expect(shareMedia(c.state, 'f', 'f2')).toBe(true);
  });

  it('a dropped connection keeps one\'s group; leaving and coming back is arriving late', () => {
    const c = pairs().do('a', { type: 'disconnect', attachment: 1, graceMs: 60_000, floorWaitMs: 10_000 });
    expect(audioAllowed(c.state, 'a')).toBe(false);
    c.wait(5_000).do('a', { type: 'reconnect' });
    expect(spaceOf(c.state, 'a')).toBe('g1');
    c.do('a', { type: 'leave' });
    expect(members(c)).toEqual([['b'], ['c', 'd']]);
    c.do('a', { type: 'join', name: 'A', role: 'member' });
    expect(spaceOf(c.state, 'a')).toBe('g1'); // b is alone: the smallest group
  });

  it('stepping out keeps one\'s group and the right to be silent', () => {
    const c = pairs().do('b', { type: 'stepOut' });
    expect(spaceOf(c.state, 'b')).toBe('g1');
    expect(audioAllowed(c.state, 'b')).toBe(false);
    c.do('b', { type: 'stepBack' });
    expect(spaceOf(c.state, 'b')).toBe('g1');
  });

  it('a removed member leaves their group; a demoted visitor joins a group', () => {
    const c = TestCircle.with(['a', 'b', 'c', 'd'], ['f', 'f2']).do('f', byHand([['a', 'b'], ['c', 'd']]));
    c.do('f2', { type: 'visitGroup', group: 'g2' }).do('f', { type: 'removeParticipant', target: 'c' });
    expect(members(c)).toEqual([['a', 'b'], ['d']]);
    c.do('f', { type: 'demote', target: 'f2' });
    expect(c.state.groups?.visits).toEqual({});
    expect(spaceOf(c.state, 'f2')).toBe('g2');
    expect(circleInvariantViolations(c.state)).toEqual([]);
  });
});
