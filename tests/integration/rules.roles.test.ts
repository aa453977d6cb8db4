import { FACILITATOR_COMMAND_TYPES, type ClientCircleCommand } from '@hearth/shared';
import { joinAs, sendOk } from '../helpers/circle';
import { inPair, person, sawEvent, useRolesServer, type RolesCircle } from '../helpers/rolesCircle';

jest.setTimeout(30_000);

const { circle, server, track } = useRolesServer();

it('the first person in a circle facilitates it; later ones are members', async () => {
  const { f, a } = await circle();
  expect(f.view.you?.role).toBe('facilitator');
  expect(a.view.you?.role).toBe('member');
  // Airtime figures are for facilitators only.
  expect(f.view.participants.every((p) => p.stats !== undefined)).toBe(true);
  expect(a.view.participants.some((p) => p.stats !== undefined)).toBe(false);
});

describe('every facilitator command is refused to a member and changes nothing', () => {
  const samples: Record<string, (c: RolesCircle) => ClientCircleCommand> = {
    setMode: () => ({ type: 'setMode', mode: 'queue' }),
    setRules: () => ({ type: 'setRules', rules: { queueOrder: 'leastAirtime' } }),
    setSeating: (c) => ({ type: 'setSeating', order: [c.b.id, c.a.id, c.f.id] }),
    shuffleSeating: () => ({ type: 'shuffleSeating', seed: 7 }),
    startRound: () => ({ type: 'startRound' }),
    endRound: () => ({ type: 'endRound' }),
    next: () => ({ type: 'next' }),
    giveFloor: (c) => ({ type: 'giveFloor', to: c.a.id }),
    revokeFloor: () => ({ type: 'revokeFloor' }),
    reorderQueue: (c) => ({ type: 'reorderQueue', order: [c.b.id] }),
    lowerHandOf: (c) => ({ type: 'lowerHandOf', target: c.b.id }),
    lowerAllHands: () => ({ type: 'lowerAllHands' }),
    muteParticipant: (c) => ({ type: 'muteParticipant', target: c.b.id }),
    askToUnmute: (c) => ({ type: 'askToUnmute', target: c.b.id }),
    stopVideo: (c) => ({ type: 'stopVideo', target: c.b.id }),
    removeParticipant: (c) => ({ type: 'removeParticipant', target: c.b.id }),
    readmit: (c) => ({ type: 'readmit', target: c.b.id }),
    promote: (c) => ({ type: 'promote', target: c.a.id }),
    demote: (c) => ({ type: 'demote', target: c.f.id }),
    acknowledgeMoment: (c) => ({ type: 'acknowledgeMoment', target: c.b.id }),
    lockCircle: () => ({ type: 'lockCircle' }),
    unlockCircle: () => ({ type: 'unlockCircle' }),
    pauseTimer: () => ({ type: 'pauseTimer' }),
    resumeTimer: () => ({ type: 'resumeTimer' }),
    endSession: () => ({ type: 'endSession' }),
    startGroups: () => ({ type: 'startGroups', size: 2, seed: 0, durationMs: null }),
    startGroupsByHand: (c) => ({ type: 'startGroupsByHand', groups: [[c.a.id, c.b.id]], durationMs: null }),
    visitGroup: () => ({ type: 'visitGroup', group: 'g1' }),
    leaveGroupVisit: () => ({ type: 'leaveGroupVisit' }),
    messageGroups: () => ({ type: 'messageGroups', text: 'Swap roles' }),
    endGroups: () => ({ type: 'endGroups' }),
  };

  it('covers every facilitator command', () => {
    expect(Object.keys(samples).sort()).toEqual([...FACILITATOR_COMMAND_TYPES].sort());
  });

  it.each(Object.keys(samples))('%s', async (type) => {
    const c = await circle();
    const before = c.f.view.version;
    const ack = await c.a.send(samples[type]!(c));
    expect(ack.ok || ack.error.code).toBe('NOT_ALLOWED');
    await sendOk(c.f, { type: 'react', kind: 'heart' }); // a later command, to flush anything
    expect(c.f.view.version).toBe(before);
  });
});

describe('every facilitator command works for a facilitator', () => {
  const cases: Record<string, { prepare?: (c: RolesCircle) => Promise<unknown>; run: (c: RolesCircle) => ClientCircleCommand; effect: (c: RolesCircle) => Promise<unknown> }> = {
    setMode: { run: () => ({ type: 'setMode', mode: 'queue' }), effect: (c) => c.a.waitForView((v) => v.rules.mode === 'queue') },
    setRules: {
      run: () => ({ type: 'setRules', rules: { queueOrder: 'notYetSpoken', directReplies: true } }),
      effect: (c) => c.b.waitForView((v) => v.rules.queueOrder === 'notYetSpoken' && v.rules.directReplies),
    },
    setSeating: {
      // Seats are drawn at random on join: the reverse of the current order always differs.
      run: (c) => ({ type: 'setSeating', order: c.f.view.participants.map((p) => p.id).reverse() }),
      effect: (c) => c.a.waitForView((v) => v.participants.map((p) => p.id).join() === c.f.view.participants.map((p) => p.id).join() && v.version > 3),
    },
    shuffleSeating: { run: () => ({ type: 'shuffleSeating', seed: 1234 }), effect: (c) => sawEvent(c.a, 'seatingChanged') },
    startRound: {
      run: () => ({ type: 'startRound' }),
      effect: (c) => c.a.waitForView((v) => v.rules.mode === 'round' && v.round !== null && v.floor?.holderId === v.round.currentId),
    },
    endRound: {
      prepare: (c) => sendOk(c.f, { type: 'startRound' }),
      run: () => ({ type: 'endRound' }),
      effect: (c) => c.a.waitForView((v) => v.round === null && v.rules.mode !== 'round'),
    },
    next: {
      prepare: (c) => sendOk(c.f, { type: 'startRound', startWith: c.a.id }),
      run: () => ({ type: 'next' }),
      effect: (c) => c.a.waitForView((v) => v.round?.index === 1 && v.floor?.holderId === v.round.order[1]),
    },
    giveFloor: {
      prepare: (c) => sendOk(c.f, { type: 'setMode', mode: 'directed' }),
      run: (c) => ({ type: 'giveFloor', to: c.a.id }),
      effect: (c) => c.b.waitForView((v) => v.floor?.holderId === c.a.id),
    },
    revokeFloor: {
      prepare: async (c) => {
        await sendOk(c.f, { type: 'setMode', mode: 'directed' });
        await sendOk(c.f, { type: 'giveFloor', to: c.a.id });
      },
      run: () => ({ type: 'revokeFloor' }),
      effect: (c) => c.b.waitForView((v) => v.floor === null && v.version > 3),
    },
    reorderQueue: {
      prepare: (c) => queueOfTwo(c),
      run: (c) => ({ type: 'reorderQueue', order: [c.f.id, c.b.id] }),
      effect: (c) => c.a.waitForView((v) => v.queue.map((q) => q.participantId).join() === [c.f.id, c.b.id].join()),
    },
    lowerHandOf: {
      prepare: (c) => queueOfTwo(c),
      run: (c) => ({ type: 'lowerHandOf', target: c.b.id }),
      effect: (c) => c.b.waitForView((v) => !v.queue.some((q) => q.participantId === c.b.id) && v.queue.length === 1),
    },
    lowerAllHands: {
      prepare: (c) => queueOfTwo(c),
      run: () => ({ type: 'lowerAllHands' }),
      effect: (c) => c.a.waitForView((v) => v.queue.length === 0 && v.floor?.holderId === c.a.id),
    },
    muteParticipant: {
      run: (c) => ({ type: 'muteParticipant', target: c.a.id }),
      effect: async (c) => {
        await sawEvent(c.a, 'participantMuted');
        await c.a.waitForView((v) => v.you?.audioAllowed === false && person(c.a, c.a.id)?.mutedByFacilitator === true);
        // Private: the other member is not told.
        expect(c.b.events.some((e) => e.type === 'participantMuted')).toBe(false);
      },
    },
    askToUnmute: {
      prepare: (c) => sendOk(c.f, { type: 'muteParticipant', target: c.a.id }),
      run: (c) => ({ type: 'askToUnmute', target: c.a.id }),
      effect: async (c) => {
        await sawEvent(c.a, 'unmuteRequested');
        // Asking never unmutes: the person decides.
        expect(person(c.a, c.a.id)?.mutedByFacilitator).toBe(true);
      },
    },
    stopVideo: { run: (c) => ({ type: 'stopVideo', target: c.a.id }), effect: (c) => sawEvent(c.a, 'videoStopped') },
    removeParticipant: {
      run: (c) => ({ type: 'removeParticipant', target: c.b.id }),
      effect: async (c) => {
        await sawEvent(c.b, 'participantRemoved');
        await c.a.waitForView((v) => !v.participants.some((p) => p.id === c.b.id));
        const back = await c.b.socket.timeout(5000).emitWithAck('joinCircle', { circleId: c.circleId, displayName: 'Bea', rejoinToken: c.b.rejoinToken });
        expect(back.ok).toBe(false);
      },
    },
    readmit: {
      prepare: (c) => sendOk(c.f, { type: 'removeParticipant', target: c.b.id }),
      run: (c) => ({ type: 'readmit', target: c.b.id }),
      effect: async (c) => {
        await sawEvent(c.f, 'participantReadmitted');
        const back = await joinAs(server().url, c.circleId, 'Bea', c.b.rejoinToken);
        track(back);
        expect(back.id).toBe(c.b.id);
      },
    },
    promote: { run: (c) => ({ type: 'promote', target: c.a.id }), effect: (c) => c.a.waitForView((v) => v.you?.role === 'facilitator') },
    demote: {
      prepare: (c) => sendOk(c.f, { type: 'promote', target: c.a.id }),
      run: (c) => ({ type: 'demote', target: c.a.id }),
      effect: (c) => c.a.waitForView((v) => v.you?.role === 'member' && v.version > 4),
    },
    acknowledgeMoment: {
      prepare: async (c) => {
        await sendOk(c.a, { type: 'requestMoment' });
        await sawEvent(c.f, 'momentRequested');
      },
      run: (c) => ({ type: 'acknowledgeMoment', target: c.a.id }),
      effect: async (c) => {
        await sawEvent(c.a, 'momentAcknowledged');
        await c.f.waitForView((v) => v.participants.find((p) => p.id === c.a.id)?.needsMoment === false);
      },
    },
    lockCircle: {
      run: () => ({ type: 'lockCircle' }),
      effect: async (c) => {
        await c.a.waitForView((v) => v.locked);
        await expect(joinAs(server().url, c.circleId, 'Late')).rejects.toThrow(/joinCircle failed/);
      },
    },
    unlockCircle: {
      prepare: (c) => sendOk(c.f, { type: 'lockCircle' }),
      run: () => ({ type: 'unlockCircle' }),
      effect: async (c) => {
        await c.a.waitForView((v) => !v.locked && v.version > 4);
        track(await joinAs(server().url, c.circleId, 'Late'));
      },
    },
    startGroups: {
      run: () => ({ type: 'startGroups', size: 2, seed: 0, durationMs: 300_000 }),
      effect: (c) => c.a.waitForView((v) => v.groups?.groups[0]?.members.length === 2 && v.groups.endsAt !== null),
    },
    startGroupsByHand: {
      run: (c) => ({ type: 'startGroupsByHand', groups: [[c.f.id, c.a.id, c.b.id]], durationMs: null }),
      effect: (c) => c.b.waitForView((v) => v.groups?.yourGroupId === 'g1' && v.groups.groups[0]?.members.length === 3),
    },
    visitGroup: {
      prepare: (c) => inPair(c),
      run: () => ({ type: 'visitGroup', group: 'g1' }),
      effect: (c) => c.a.waitForView((v) => v.groups?.groups[0]?.visitors.join() === c.f.id),
    },
    leaveGroupVisit: {
      prepare: async (c) => {
        await inPair(c);
        await sendOk(c.f, { type: 'visitGroup', group: 'g1' });
      },
      run: () => ({ type: 'leaveGroupVisit' }),
      effect: (c) => c.f.waitForView((v) => v.groups?.yourGroupId === null && v.groups.visiting === false && v.version > 5),
    },
    messageGroups: {
      prepare: (c) => inPair(c),
      run: () => ({ type: 'messageGroups', text: 'Swap roles' }),
      effect: (c) => c.b.waitForView((v) => v.groups?.message?.text === 'Swap roles'),
    },
    endGroups: {
      prepare: (c) => inPair(c),
      run: () => ({ type: 'endGroups' }),
      effect: (c) => c.a.waitForView((v) => v.groups === undefined && v.version > 4),
    },
    pauseTimer: {
      prepare: (c) => timedTurn(c),
      run: () => ({ type: 'pauseTimer' }),
      effect: (c) => c.a.waitForView((v) => v.timer?.paused === true),
    },
    resumeTimer: {
      prepare: async (c) => {
        await timedTurn(c);
        await sendOk(c.f, { type: 'pauseTimer' });
      },
      run: () => ({ type: 'resumeTimer' }),
      effect: (c) => c.a.waitForView((v) => v.timer?.paused === false && v.timer.endsAt !== null),
    },
    endSession: {
      run: () => ({ type: 'endSession' }),
      effect: async (c) => {
        await sawEvent(c.b, 'sessionEnded');
        await c.a.waitForView((v) => v.ended);
        const after = await c.a.send({ type: 'raiseHand' });
        expect(after.ok).toBe(false);
      },
    },
  };

  /** Queue mode; A holds the floor; B then F raised hands. */
  async function queueOfTwo(c: RolesCircle): Promise<void> {
    await sendOk(c.f, { type: 'setMode', mode: 'queue' });
    await sendOk(c.a, { type: 'raiseHand' });
    await sendOk(c.b, { type: 'raiseHand' });
    await sendOk(c.f, { type: 'raiseHand' });
    await c.a.waitForView((v) => v.floor?.holderId === c.a.id && v.queue.length === 2);
  }

  /** Directed mode with a 2-minute limit; A holds the floor. */
  async function timedTurn(c: RolesCircle): Promise<void> {
    await sendOk(c.f, { type: 'setRules', rules: { turnLimitMs: 120_000 } });
    await sendOk(c.f, { type: 'setMode', mode: 'directed' });
    await sendOk(c.f, { type: 'giveFloor', to: c.a.id });
  }

  it('covers every facilitator command', () => {
    expect(Object.keys(cases).sort()).toEqual([...FACILITATOR_COMMAND_TYPES].sort());
  });

  it.each(Object.keys(cases))('%s', async (type) => {
    const c = await circle();
    const spec = cases[type]!;
    await spec.prepare?.(c);
    await sendOk(c.f, spec.run(c));
    await spec.effect(c);
  });
});
