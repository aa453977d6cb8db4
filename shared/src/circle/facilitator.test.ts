import { FACILITATOR_COMMAND_TYPES } from './commands';
import type { CircleCommandInput } from './commands';
import { TestCircle } from './testkit';
import { createCircleState } from './engine';
import { DEFAULT_CIRCLE_RULES, SYSTEM_ACTOR_ID } from './types';

/*
 * Facilitator-only commands. The table gives, for every one of them, a situation where it
 * makes sense and the command; each is then sent by a facilitator (accepted), a member, a
 * stepped-out facilitator (both NOT_ALLOWED) and a stranger (NOT_IN_CIRCLE).
 */

type Case = { setup: (c: TestCircle) => unknown; command: CircleCommandInput };
const queueWithSpeaker = (c: TestCircle) => c.do('f', { type: 'setMode', mode: 'queue' }).do('a', { type: 'raiseHand' });
const inGroups = (c: TestCircle) => c.do('f', { type: 'startGroupsByHand', groups: [['a', 'b'], ['c', 'f2']], durationMs: null });
const timed = (c: TestCircle) => queueWithSpeaker(c.do('f', { type: 'setRules', rules: { turnLimitMs: 60_000 } }));

const CASES: Record<(typeof FACILITATOR_COMMAND_TYPES)[number], Case> = {
  setMode: { setup: () => {}, command: { type: 'setMode', mode: 'queue' } },
  setRules: { setup: () => {}, command: { type: 'setRules', rules: { queueOrder: 'leastAirtime' } } },
  setSeating: { setup: () => {}, command: { type: 'setSeating', order: ['a', 'f', 'f2', 'f3', 'b', 'c'] } },
  shuffleSeating: { setup: () => {}, command: { type: 'shuffleSeating', seed: 7 } },
  startRound: { setup: () => {}, command: { type: 'startRound' } },
  endRound: { setup: (c) => c.do('f', { type: 'startRound' }), command: { type: 'endRound' } },
  next: { setup: queueWithSpeaker, command: { type: 'next' } },
  giveFloor: { setup: (c) => c.do('f', { type: 'setMode', mode: 'directed' }), command: { type: 'giveFloor', to: 'a' } },
  revokeFloor: { setup: queueWithSpeaker, command: { type: 'revokeFloor' } },
  reorderQueue: { setup: (c) => c.do('a', { type: 'raiseHand' }).do('c', { type: 'raiseHand' }), command: { type: 'reorderQueue', order: ['c', 'a'] } },
  lowerHandOf: { setup: (c) => c.do('a', { type: 'raiseHand' }), command: { type: 'lowerHandOf', target: 'a' } },
  lowerAllHands: { setup: (c) => c.do('a', { type: 'raiseHand' }), command: { type: 'lowerAllHands' } },
  muteParticipant: { setup: () => {}, command: { type: 'muteParticipant', target: 'a' } },
  askToUnmute: { setup: () => {}, command: { type: 'askToUnmute', target: 'a' } },
  stopVideo: { setup: () => {}, command: { type: 'stopVideo', target: 'a' } },
  removeParticipant: { setup: () => {}, command: { type: 'removeParticipant', target: 'a' } },
  readmit: { setup: (c) => c.do('f', { type: 'removeParticipant', target: 'a' }), command: { type: 'readmit', target: 'a' } },
  promote: { setup: () => {}, command: { type: 'promote', target: 'a' } },
  demote: { setup: () => {}, command: { type: 'demote', target: 'f2' } },
  acknowledgeMoment: { setup: (c) => c.do('a', { type: 'requestMoment' }), command: { type: 'acknowledgeMoment', target: 'a' } },
  lockCircle: { setup: () => {}, command: { type: 'lockCircle' } },
  unlockCircle: { setup: (c) => c.do('f', { type: 'lockCircle' }), command: { type: 'unlockCircle' } },
  pauseTimer: { setup: timed, command: { type: 'pauseTimer' } },
  resumeTimer: { setup: (c) => timed(c).do('f', { type: 'pauseTimer' }), command: { type: 'resumeTimer' } },
  endSession: { setup: () => {}, command: { type: 'endSession' } },
  startGroups: { setup: () => {}, command: { type: 'startGroups', size: 2, seed: 1, durationMs: null } },
  startGroupsByHand: { setup: () => {}, command: { type: 'startGroupsByHand', groups: [['a', 'b', 'c']], durationMs: 300_000 } },
  visitGroup: { setup: inGroups, command: { type: 'visitGroup', group: 'g1' } },
  leaveGroupVisit: { setup: (c) => inGroups(c).do('f', { type: 'visitGroup', group: 'g1' }), command: { type: 'leaveGroupVisit' } },
  messageGroups: { setup: inGroups, command: { type: 'messageGroups', text: 'Two minutes left' } },
  endGroups: { setup: inGroups, command: { type: 'endGroups' } },
};

/** f and f2 facilitate, f3 (a facilitator) has stepped out; a, b, c are members. */
function circle(): TestCircle {
  return TestCircle.with(['a', 'b', 'c'], ['f', 'f2', 'f3']).do('f3', { type: 'stepOut' });
}

describe.each(Object.entries(CASES))('%s', (_type, { setup, command }) => {
  it('is accepted from a facilitator', () => {
    const c = circle();
    setup(c);
    const result = c.try('f', command);
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.events.length).toBeGreaterThan(0);
  });

  it('is refused from a member with NOT_ALLOWED, and changes nothing', () => {
    const c = circle();
    setup(c);
    expect(c.refused('b', command)).toEqual({ code: 'NOT_ALLOWED', message: 'Only a facilitator can do that.' });
  });

  it('is refused from a stepped-out facilitator and from strangers', () => {
    const c = circle();
    setup(c);
    expect(c.refused('f3', command).code).toBe('NOT_ALLOWED');
    expect(c.refused('nobody', command).code).toBe('NOT_IN_CIRCLE');
  });

  it('is refused after the session ended', () => {
    const c = circle();
    setup(c);
    c.do('f2', { type: 'endSession' });
    expect(c.refused('f', command)).toEqual({ code: 'NOT_ALLOWED', message: 'This session has ended.' });
  });
});

it('the table covers every facilitator command', () => {
  expect(Object.keys(CASES).sort()).toEqual([...FACILITATOR_COMMAND_TYPES].sort());
});

describe('targets', () => {
  const targeted = ['lowerHandOf', 'muteParticipant', 'askToUnmute', 'stopVideo', 'promote', 'demote', 'acknowledgeMoment'] as const;
  it.each(targeted)('%s refuses unknown and departed targets with NOT_FOUND', (type) => {
    const c = TestCircle.with().do('a', { type: 'leave' });
    expect(c.refused('f', { type, target: 'ghost' }).code).toBe('NOT_FOUND');
    expect(c.refused('f', { type, target: 'a' }).code).toBe('NOT_FOUND');
    expect(c.refused('f', { type, target: 'constructor' }).code).toBe('NOT_FOUND');
  });
});

describe('people', () => {
  it('mute is one-way and private; asking to unmute changes nothing', () => {
    const c = TestCircle.with().do('f', { type: 'muteParticipant', target: 'a' });
    expect(c.p('a').mutedByFacilitator).toBe(true);
    expect(c.events).toEqual([{ type: 'participantMuted', target: 'a', by: 'f' }]);
    expect(c.refused('f', { type: 'muteParticipant', target: 'a' }).code).toBe('NOT_ALLOWED');
    const before = c.state;
    c.do('f', { type: 'askToUnmute', target: 'a' });
    expect(c.state).toBe(before);
    expect(c.events).toEqual([{ type: 'unmuteRequested', target: 'a', by: 'f' }]);
    c.do('f', { type: 'stopVideo', target: 'a' });
    expect(c.state).toBe(before);
    expect(c.events).toEqual([{ type: 'videoStopped', target: 'a', by: 'f' }]);
  });

  it('removal deletes the record, frees the floor and blocks return until readmitted', () => {
    const c = TestCircle.with().do('f', { type: 'setMode', mode: 'queue' }).do('a', { type: 'raiseHand' }).do('b', { type: 'raiseHand' });
    c.do('f', { type: 'removeParticipant', target: 'a' });
    expect(c.state.participants).not.toHaveProperty('a');
    expect(c.state.seating).toEqual(['f', 'b', 'c']);
    expect(c.state.removed).toEqual(['a']);
    expect(c.holder).toBe('b');
    expect(c.eventTypes).toEqual(['participantRemoved', 'floorReleased', 'floorGranted']);
    expect(c.refused('f', { type: 'readmit', target: 'b' }).code).toBe('NOT_FOUND');
    c.do('f', { type: 'readmit', target: 'a' });
    expect(c.state.removed).toEqual([]);
  });

  it('removal refuses self, facilitators and unknown ids; allows people who left', () => {
    const c = TestCircle.with(['a'], ['f', 'f2']);
    expect(c.refused('f', { type: 'removeParticipant', target: 'f' }).code).toBe('NOT_ALLOWED');
    expect(c.refused('f', { type: 'removeParticipant', target: 'f2' }).message).toBe('Demote a facilitator before removing them.');
    expect(c.refused('f', { type: 'removeParticipant', target: 'zed' }).code).toBe('NOT_FOUND');
    c.do('a', { type: 'leave' }).do('f', { type: 'removeParticipant', target: 'a' });
    expect(c.refused('a', { type: 'join', name: 'A', role: 'member' }).code).toBe('NOT_ALLOWED');
  });

  it('promote and demote, never leaving the circle without a present facilitator', () => {
    const c = TestCircle.with();
    c.do('f', { type: 'promote', target: 'a' });
    expect(c.events).toEqual([{ type: 'roleChanged', target: 'a', role: 'facilitator', by: 'f' }]);
    expect(c.refused('f', { type: 'promote', target: 'a' }).code).toBe('NOT_ALLOWED');
    expect(c.refused('f', { type: 'demote', target: 'b' }).code).toBe('NOT_ALLOWED');
    c.do('a', { type: 'lockCircle' }); // a co-facilitator now
    c.do('f', { type: 'demote', target: 'a' });
    expect(c.refused('a', { type: 'unlockCircle' }).code).toBe('NOT_ALLOWED');
  });

  it('demote refuses the last present facilitator, including self-demotion', () => {
    const c = TestCircle.with().do('f', { type: 'promote', target: 'a' }).do('a', { type: 'stepOut' });
    expect(c.refused('f', { type: 'demote', target: 'f' }).message).toBe('A circle needs a facilitator present: promote someone else first.');
    c.do('f', { type: 'demote', target: 'a' }); // a stepped out, f remains
    c.do('f', { type: 'promote', target: 'b' }).do('f', { type: 'demote', target: 'f' });
    expect(c.p('f').role).toBe('member');
  });

  it('acknowledgeMoment clears the flag; refused when none is pending', () => {
    const c = TestCircle.with();
    expect(c.refused('f', { type: 'acknowledgeMoment', target: 'a' }).code).toBe('NOT_ALLOWED');
    c.do('a', { type: 'requestMoment' }).do('f', { type: 'acknowledgeMoment', target: 'a' });
    expect(c.p('a').needsMoment).toBe(false);
    expect(c.events).toEqual([{ type: 'momentAcknowledged', target: 'a', by: 'f' }]);
  });

  it('lock and unlock refuse repeats', () => {
    const c = TestCircle.with();
    expect(c.refused('f', { type: 'unlockCircle' }).code).toBe('NOT_ALLOWED');
    c.do('f', { type: 'lockCircle' });
    expect(c.state.locked).toBe(true);
    expect(c.refused('f', { type: 'lockCircle' }).code).toBe('NOT_ALLOWED');
    c.do('f', { type: 'unlockCircle' });
    expect(c.state.locked).toBe(false);
  });

  it('endSession ends the turn (airtime counted), the round and the queue; then refuses everything', () => {
    const c = TestCircle.with().do('a', { type: 'raiseHand' }).do('f', { type: 'startRound' }).wait(4000);
    c.do('f', { type: 'endSession' });
    expect(c.state).toMatchObject({ ended: true, floor: null, round: null, queue: [], timer: null });
    expect(c.p('f').airtimeMs).toBe(4000);
    expect(c.eventTypes).toEqual(['floorReleased', 'roundEnded', 'sessionEnded']);
    expect(c.refused('a', { type: 'leave' }).code).toBe('NOT_ALLOWED');
    expect(c.refused('z', { type: 'join', name: 'Z', role: 'member' }).code).toBe('NOT_ALLOWED');
    expect(c.refused('__system__', { type: 'tick' }).code).toBe('NOT_ALLOWED');
  });
});

describe('seating', () => {
  it('setSeating needs exactly everyone seated, and a change', () => {
    const c = TestCircle.with().do('a', { type: 'stepOut' });
    expect(c.refused('f', { type: 'setSeating', order: ['f', 'b', 'c'] }).code).toBe('INVALID_PAYLOAD');
    expect(c.refused('f', { type: 'setSeating', order: ['f', 'a', 'b', 'b'] }).code).toBe('INVALID_PAYLOAD');
    expect(c.refused('f', { type: 'setSeating', order: ['f', 'a', 'b', 'x'] }).code).toBe('INVALID_PAYLOAD');
    expect(c.refused('f', { type: 'setSeating', order: ['f', 'a', 'b', 'c'] }).code).toBe('NOT_ALLOWED');
    c.do('f', { type: 'setSeating', order: ['c', 'b', 'a', 'f'] });
    expect(c.state.seating).toEqual(['c', 'b', 'a', 'f']);
    expect(c.events).toEqual([{ type: 'seatingChanged', seating: ['c', 'b', 'a', 'f'], by: 'f' }]);
  });

  it('shuffleSeating is deterministic for a seed and always changes the order', () => {
    const one = TestCircle.with().do('f', { type: 'shuffleSeating', seed: 12345 }).state.seating;
    const two = TestCircle.with().do('f', { type: 'shuffleSeating', seed: 12345 }).state.seating;
    expect(one).toEqual(two);
    expect([...one].sort()).toEqual(['a', 'b', 'c', 'f']);
    for (let seed = 0; seed < 50; seed++) {
      const c = TestCircle.with(['a']);
      c.do('f', { type: 'shuffleSeating', seed });
      expect(c.state.seating).toEqual(['a', 'f']);
    }
    expect(TestCircle.with([]).refused('f', { type: 'shuffleSeating', seed: 1 }).code).toBe('NOT_ALLOWED');
  });
});

describe('session end by the clock and starting rules', () => {
  it('the server (and only the server) may end a session as the clock', () => {
    const c = TestCircle.with();
    expect(c.refused('a', { type: 'endSession' }).code).toBe('NOT_ALLOWED');
    c.do(SYSTEM_ACTOR_ID, { type: 'endSession' });
    expect(c.state.ended).toBe(true);
    expect(c.events).toContainEqual({ type: 'sessionEnded', by: SYSTEM_ACTOR_ID });
    expect(c.refused(SYSTEM_ACTOR_ID, { type: 'endSession' }).message).toBe('This session has ended.');
  });

  it('a circle starts with its saved rules; a round or junk in them is ignored', () => {
    const s = createCircleState('c', 0, { mode: 'queue', queueOrder: 'notYetSpoken', turnLimitMs: 120_000, autoAdvance: true });
    expect(s.rules).toEqual({ ...DEFAULT_CIRCLE_RULES, mode: 'queue', queueOrder: 'notYetSpoken', turnLimitMs: 120_000, autoAdvance: true });
    expect(createCircleState('c', 0, { mode: 'round' } as never).rules).toEqual(DEFAULT_CIRCLE_RULES);
    expect(createCircleState('c', 0, { turnLimitMs: 5 }).rules).toEqual(DEFAULT_CIRCLE_RULES);
    expect(createCircleState('c', 0, null).rules).toEqual(DEFAULT_CIRCLE_RULES);
  });
});
