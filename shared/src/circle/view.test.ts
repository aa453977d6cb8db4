import type { CircleEvent } from './events';
import { eventAudience, eventRecipients } from './events';
import { TestCircle, T0 } from './testkit';
import { audioAllowed, viewFor, viewJsonFor } from './view';

/** Queue mode; a spoke 5 s, b speaks now, a needs a moment, c is muted, d stepped out. */
function busy(): TestCircle {
  return TestCircle.with(['a', 'b', 'c', 'd'])
    .do('f', { type: 'setRules', rules: { turnLimitMs: 60_000 } })
    .do('f', { type: 'setMode', mode: 'queue' })
    .do('a', { type: 'raiseHand' })
    .wait(5_000)
    .do('a', { type: 'finishTurn' })
    .do('b', { type: 'raiseHand' })
    .do('c', { type: 'raiseHand' })
    .do('a', { type: 'requestMoment' })
    .do('f', { type: 'muteParticipant', target: 'c' })
    .do('d', { type: 'stepOut' });
}

describe('viewFor', () => {
  it('a member sees public facts, their own flags, and no one’s airtime', () => {
    const c = busy();
    const v = viewFor(c.state, 'b');
    expect(v.you).toEqual({ id: 'b', role: 'member', presence: 'present', audioAllowed: true });
    const a = v.participants.find((p) => p.id === 'a')!;
    expect(a).toEqual({ id: 'a', name: 'A', role: 'member', presence: 'present', handRaised: false, hasFloor: false });
    expect(v.participants.find((p) => p.id === 'b')).toMatchObject({ hasFloor: true, needsMoment: false, mutedByFacilitator: false });
    expect(v.participants.every((p) => p.stats === undefined)).toBe(true);
    expect(v.participants.find((p) => p.id === 'c')).not.toHaveProperty('mutedByFacilitator');
    expect(v.removed).toBeUndefined();
    expect(v.queue.map((e) => e.participantId)).toEqual(['c']);
    expect(v.floor).toMatchObject({ holderId: 'b', reason: 'queue' });
    expect(JSON.stringify(v)).not.toContain('airtime');
  });

  it('the person themselves sees their own moment and mute', () => {
    const c = busy();
    expect(viewFor(c.state, 'a').participants.find((p) => p.id === 'a')).toMatchObject({ needsMoment: true });
    expect(viewFor(c.state, 'c').participants.find((p) => p.id === 'c')).toMatchObject({ mutedByFacilitator: true });
    expect(viewFor(c.state, 'c').you?.audioAllowed).toBe(false);
  });

  it('a facilitator sees airtime, turns, moments, mutes and removals', () => {
    const c = busy().do('f', { type: 'removeParticipant', target: 'd' });
    const v = viewFor(c.state, 'f');
    expect(v.participants.find((p) => p.id === 'a')).toMatchObject({
      needsMoment: true,
      stats: { airtimeMs: 5_000, turns: 1, passes: 0, hasSpoken: true },
    });
    expect(v.participants.find((p) => p.id === 'c')).toMatchObject({ mutedByFacilitator: true });
    expect(v.removed).toEqual(['d']);
  });

  it('lists people in seating order, stepped-out ones included, and never those who left', () => {
    const c = busy().do('a', { type: 'leave' });
    const v = viewFor(c.state, 'b');
    expect(v.participants.map((p) => p.id)).toEqual(['f', 'b', 'c', 'd']);
    expect(v.participants.find((p) => p.id === 'd')?.presence).toBe('steppedOut');
  });

  it('outsiders see only public facts', () => {
    const v = viewFor(busy().state, 'stranger');
    expect(v.you).toBeNull();
    expect(v.participants.some((p) => 'needsMoment' in p || 'stats' in p)).toBe(false);
  });

  it('shows the turn timer to everyone: end time, and remaining time for a given now', () => {
    const c = busy();
    const started = T0 + 5_000;
    expect(viewFor(c.state, 'b').timer).toEqual({ limitMs: 60_000, startedAt: started, paused: false, endsAt: started + 60_000, remainingMs: null });
    expect(viewFor(c.state, 'b', started + 10_000).timer?.remainingMs).toBe(50_000);
    c.wait(20_000).do('f', { type: 'pauseTimer' });
    expect(viewFor(c.state, 'a').timer).toMatchObject({ paused: true, endsAt: null, remainingMs: 40_000 });
  });

  it('shows the round', () => {
    const c = TestCircle.with().do('f', { type: 'startRound', startWith: 'b' });
    expect(viewFor(c.state, 'a').round).toEqual({ order: ['b', 'c', 'f', 'a'], index: 0, currentId: 'b' });
  });
});

describe('audioAllowed', () => {
  it('open mode: everyone present and not muted by a facilitator', () => {
    const c = busy().do('f', { type: 'setMode', mode: 'open' });
    expect(['f', 'a', 'b', 'c', 'd', 'zed'].map((id) => audioAllowed(c.state, id))).toEqual([true, true, true, false, false, false]);
    c.do('c', { type: 'unmuteSelf' });
    expect(audioAllowed(c.state, 'c')).toBe(true);
  });

  it('structured modes: the floor holder, plus facilitators when allowed', () => {
    const c = busy();
    expect(['f', 'a', 'b', 'c'].map((id) => audioAllowed(c.state, id))).toEqual([true, false, true, false]);
    c.do('f', { type: 'setRules', rules: { facilitatorsMaySpeak: false } });
    expect(audioAllowed(c.state, 'f')).toBe(false);
    c.do('f', { type: 'muteParticipant', target: 'b' });
    expect(audioAllowed(c.state, 'b')).toBe(false); // even holding the floor
  });

  it('no one after the session ends', () => {
    const c = TestCircle.with().do('f', { type: 'endSession' });
    expect(audioAllowed(c.state, 'f')).toBe(false);
  });
});

describe('event audiences', () => {
  const cases: Array<[CircleEvent, ReturnType<typeof eventAudience>]> = [
    [{ type: 'reaction', from: 'a', kind: 'heart' }, { kind: 'everyone' }],
    [{ type: 'floorGranted', to: 'a', reason: 'queue' }, { kind: 'everyone' }],
    [{ type: 'momentRequested', from: 'a' }, { kind: 'participantAndFacilitators', participantId: 'a' }],
    [{ type: 'momentWithdrawn', from: 'a' }, { kind: 'participantAndFacilitators', participantId: 'a' }],
    [{ type: 'momentAcknowledged', target: 'a', by: 'f' }, { kind: 'participantAndFacilitators', participantId: 'a' }],
    [{ type: 'turnNudged', to: 'a', remainingMs: 30_000 }, { kind: 'participantAndFacilitators', participantId: 'a' }],
    [{ type: 'turnOvertime', to: 'a' }, { kind: 'participantAndFacilitators', participantId: 'a' }],
    [{ type: 'participantMuted', target: 'a', by: 'f' }, { kind: 'participantAndFacilitators', participantId: 'a' }],
    [{ type: 'participantUnmuted', target: 'a' }, { kind: 'participantAndFacilitators', participantId: 'a' }],
    [{ type: 'videoStopped', target: 'a', by: 'f' }, { kind: 'participantAndFacilitators', participantId: 'a' }],
    [{ type: 'unmuteRequested', target: 'a', by: 'f' }, { kind: 'participant', participantId: 'a' }],
    [{ type: 'participantRemoved', target: 'a', by: 'f' }, { kind: 'everyone', alsoTo: 'a' }],
    [{ type: 'participantReadmitted', target: 'a', by: 'f' }, { kind: 'facilitators' }],
  ];
  it.each(cases)('%o → %o', (event, audience) => {
    expect(eventAudience(event)).toEqual(audience);
  });

  it('resolves recipients against the state', () => {
    const c = TestCircle.with(['a', 'b'], ['f', 'g']).do('b', { type: 'stepOut' }).do('a', { type: 'leave' });
    expect(eventRecipients(c.state, { type: 'reaction', from: 'f', kind: 'heart' })).toEqual(['f', 'g', 'b']);
    expect(eventRecipients(c.state, { type: 'momentRequested', from: 'b' })).toEqual(['b', 'f', 'g']);
    expect(eventRecipients(c.state, { type: 'momentRequested', from: 'f' })).toEqual(['f', 'g']);
    expect(eventRecipients(c.state, { type: 'unmuteRequested', target: 'b', by: 'f' })).toEqual(['b']);
    expect(eventRecipients(c.state, { type: 'unmuteRequested', target: 'a', by: 'f' })).toEqual([]);
    c.do('f', { type: 'removeParticipant', target: 'b' });
    expect(eventRecipients(c.state, c.events[0]!)).toEqual(['f', 'g', 'b']);
  });
});

describe('viewJsonFor', () => {
  it('gives every viewer exactly the JSON of their own view, computed once per state', () => {
    const c = busy().do('f', { type: 'removeParticipant', target: 'd' }).do('a', { type: 'leave' });
    const now = c.now + 1_234;
    const json = viewJsonFor(c.state, now);
    // A facilitator, members (one muted, one needing a moment, one who left), someone removed, a stranger.
    for (const viewer of ['f', 'b', 'c', 'a', 'd', 'nobody', 'constructor']) {
      expect(json(viewer)).toBe(JSON.stringify(viewFor(c.state, viewer, now)));
    }
    // Members' own flags stay theirs: c's mute is in c's view only.
    expect(JSON.parse(json('c')).participants.find((p: { id: string }) => p.id === 'c').mutedByFacilitator).toBe(true);
    expect(JSON.parse(json('b')).participants.find((p: { id: string }) => p.id === 'c')).not.toHaveProperty('mutedByFacilitator');
    expect(json('b')).not.toContain('airtime');
    expect(json('f')).toContain('"removed":["d"]');
  });
});
