import { viewFor } from './view';
import { MEMBER_COMMAND_TYPES } from './commands';
import type { CircleCommandInput } from './commands';
import { TestCircle, T0 } from './testkit';
import { SYSTEM_ACTOR_ID } from './types';

/** A valid instance of each member command, for the tables. */
const MEMBER_COMMANDS: Record<(typeof MEMBER_COMMAND_TYPES)[number], CircleCommandInput> = {
  leave: { type: 'leave' },
  raiseHand: { type: 'raiseHand' },
  lowerHand: { type: 'lowerHand' },
  raiseReply: { type: 'raiseReply' },
  pass: { type: 'pass' },
  finishTurn: { type: 'finishTurn' },
  react: { type: 'react', kind: 'heart' },
  requestMoment: { type: 'requestMoment' },
  withdrawMoment: { type: 'withdrawMoment' },
  stepOut: { type: 'stepOut' },
  stepBack: { type: 'stepBack' },
  unmuteSelf: { type: 'unmuteSelf' },
};

const queueCircle = () => TestCircle.with().do('f', { type: 'setMode', mode: 'queue' });

describe('member commands: who may send them', () => {
  it.each(Object.values(MEMBER_COMMANDS))('$type from someone not in the circle → NOT_IN_CIRCLE', (command) => {
    const c = TestCircle.with();
    expect(c.refused('stranger', command).code).toBe('NOT_IN_CIRCLE');
    c.do('a', { type: 'leave' });
    expect(c.refused('a', command).code).toBe('NOT_IN_CIRCLE');
    expect(c.refused(SYSTEM_ACTOR_ID, command).code).toBe('NOT_IN_CIRCLE');
  });

  const needPresence = Object.values(MEMBER_COMMANDS).filter(
    (cmd) => !['leave', 'stepBack', 'requestMoment', 'withdrawMoment', 'unmuteSelf'].includes(cmd.type),
  );
  it.each(needPresence)('$type while stepped out → NOT_ALLOWED', (command) => {
    const c = TestCircle.with().do('a', { type: 'stepOut' });
    expect(c.refused('a', command).code).toBe('NOT_ALLOWED');
  });
});

describe('join', () => {
  it('adds a participant at the end of the seating', () => {
    const c = TestCircle.with(['a']);
    c.wait(10).do('b', { type: 'join', name: '  Bea  ', role: 'member' });
    expect(c.p('b')).toMatchObject({ name: 'Bea', role: 'member', presence: 'present', joinedAt: T0 + 10, airtimeMs: 0, hasSpoken: false });
    expect(c.state.seating).toEqual(['f', 'a', 'b']);
    expect(c.events).toEqual([{ type: 'participantJoined', participantId: 'b', name: 'Bea', role: 'member', rejoined: false }]);
  });

  it('restores a returning participant with their history, at a new seat', () => {
    const c = queueCircle().do('a', { type: 'raiseHand' }).wait(5000).do('a', { type: 'finishTurn' });
    c.do('f', { type: 'muteParticipant', target: 'a' }).do('a', { type: 'leave' }).wait(100);
    c.do('a', { type: 'join', name: 'Ada', role: 'member' });
    expect(c.p('a')).toMatchObject({ name: 'Ada', airtimeMs: 5000, turns: 1, hasSpoken: true, joinedAt: T0, mutedByFacilitator: true });
    expect(c.state.seating.at(-1)).toBe('a');
    expect(c.events[0]).toMatchObject({ type: 'participantJoined', rejoined: true });
  });

  it('keeps an in-session promotion on re-join', () => {
    const c = TestCircle.with().do('f', { type: 'promote', target: 'a' }).do('a', { type: 'leave' });
    c.do('a', { type: 'join', name: 'A', role: 'member' });
    expect(c.p('a').role).toBe('facilitator');
  });

  it('refuses someone already in the circle, present or stepped out', () => {
    const c = TestCircle.with();
    expect(c.refused('a', { type: 'join', name: 'A', role: 'member' }).code).toBe('ALREADY_IN_CIRCLE');
    c.do('a', { type: 'stepOut' });
    expect(c.refused('a', { type: 'join', name: 'A', role: 'member' }).code).toBe('ALREADY_IN_CIRCLE');
  });

  it('when locked, refuses new members but lets facilitators and returning people in', () => {
    const c = TestCircle.with().do('a', { type: 'leave' }).do('f', { type: 'lockCircle' });
    const e = c.refused('new', { type: 'join', name: 'N', role: 'member' });
    expect(e).toEqual({ code: 'NOT_ALLOWED', message: "The circle is locked just now: the facilitators aren't letting anyone new in." });
    c.do('f2', { type: 'join', name: 'F2', role: 'facilitator' });
    c.do('a', { type: 'join', name: 'A', role: 'member' });
  });

  it('when locked, lets in a newcomer a facilitator admitted by name', () => {
    const c = TestCircle.with().do('f', { type: 'lockCircle' });
    c.do('new', { type: 'join', name: 'N', role: 'member', admitted: true });
    expect(c.p('new').presence).toBe('present');
    // The flag only says a facilitator chose them; it never makes anyone a facilitator.
    expect(c.p('new').role).toBe('member');
  });

  it('refuses removed people until readmitted, and the system id', () => {
    const c = TestCircle.with().do('f', { type: 'removeParticipant', target: 'a' });
    expect(c.refused('a', { type: 'join', name: 'A', role: 'member' }).code).toBe('NOT_ALLOWED');
    // Facilitators see whom they removed, by name, to let them back in.
    expect(viewFor(c.state, 'f').removedPeople).toEqual([{ id: 'a', name: 'A' }]);
    expect(viewFor(c.state, 'b').removedPeople).toBeUndefined();
    c.do('f', { type: 'readmit', target: 'a' });
    expect(viewFor(c.state, 'f').removedPeople).toEqual([]);
    c.do('a', { type: 'join', name: 'A', role: 'member' });
    expect(c.p('a').airtimeMs).toBe(0); // removal erased their record
    expect(c.refused(SYSTEM_ACTOR_ID, { type: 'join', name: 'S', role: 'facilitator' }).code).toBe('NOT_ALLOWED');
  });

  it('validates the name and role', () => {
    const c = TestCircle.with();
    expect(c.refused('n', { type: 'join', name: '   ', role: 'member' }).code).toBe('INVALID_PAYLOAD');
    expect(c.refused('n', { type: 'join', name: 'N', role: 'admin' } as never).code).toBe('INVALID_PAYLOAD');
  });
});

describe('leave', () => {
  it('frees the seat, the hand, the floor (counting airtime) and a pending moment', () => {
    const c = queueCircle().do('a', { type: 'raiseHand' }).do('b', { type: 'raiseHand' }).do('a', { type: 'requestMoment' });
    c.wait(3000).do('a', { type: 'leave' });
    expect(c.p('a')).toMatchObject({ presence: 'left', airtimeMs: 3000, needsMoment: false });
    expect(c.state.seating).not.toContain('a');
    expect(c.holder).toBe('b');
    expect(c.eventTypes).toEqual(['participantLeft', 'floorReleased', 'floorGranted']);
    c.do('b', { type: 'leave' });
    expect(c.holder).toBeNull();
    expect(c.queued).toEqual([]);
  });

  it('is allowed when stepped out', () => {
    TestCircle.with().do('a', { type: 'stepOut' }).do('a', { type: 'leave' });
  });
});

describe('raiseHand / lowerHand', () => {
  it('in open mode shows the hand without granting anything', () => {
    const c = TestCircle.with().do('a', { type: 'raiseHand' });
    expect(c.queued).toEqual(['a']);
    expect(c.holder).toBeNull();
    expect(c.events).toEqual([{ type: 'handRaised', participantId: 'a', kind: 'hand', replyTo: null }]);
  });

  it('in queue mode with a free floor grants it straight away', () => {
    const c = queueCircle().do('a', { type: 'raiseHand' });
    expect(c.holder).toBe('a');
    expect(c.queued).toEqual([]);
    expect(c.state.floor?.reason).toBe('queue');
    c.do('b', { type: 'raiseHand' });
    expect(c.queued).toEqual(['b']);
  });

  it('refuses a second hand and a hand from the floor holder', () => {
    const c = queueCircle().do('a', { type: 'raiseHand' }).do('b', { type: 'raiseHand' });
    expect(c.refused('b', { type: 'raiseHand' })).toEqual({ code: 'NOT_ALLOWED', message: 'Your hand is already raised.' });
    expect(c.refused('a', { type: 'raiseHand' }).message).toBe('You have the floor.');
  });

  it('lowers your own hand, and refuses when it is not raised', () => {
    const c = TestCircle.with().do('a', { type: 'raiseHand' }).do('a', { type: 'lowerHand' });
    expect(c.queued).toEqual([]);
    expect(c.events).toEqual([{ type: 'handLowered', participantId: 'a', by: 'a' }]);
    expect(c.refused('a', { type: 'lowerHand' }).code).toBe('NOT_ALLOWED');
  });
});

describe('raiseReply', () => {
  const replies = () =>
    queueCircle().do('f', { type: 'setRules', rules: { directReplies: true } }).do('a', { type: 'raiseHand' }).do('b', { type: 'raiseHand' });

  it('jumps the queue: the reply gets the floor when the speaker finishes', () => {
    const c = replies().do('c', { type: 'raiseReply' });
    expect(c.events).toEqual([{ type: 'handRaised', participantId: 'c', kind: 'reply', replyTo: 'a' }]);
    c.do('a', { type: 'finishTurn' });
    expect(c.holder).toBe('c');
    expect(c.state.floor?.reason).toBe('directReply');
    c.do('c', { type: 'finishTurn' });
    expect(c.holder).toBe('b');
  });

  it('allows one pending reply in the circle', () => {
    const c = replies().do('c', { type: 'raiseReply' });
    expect(c.refused('b', { type: 'raiseReply' }).message).toBe('Another reply is already waiting.');
    expect(c.refused('c', { type: 'raiseReply' }).message).toBe('Your reply is already waiting.');
  });

  it('turns your raised hand into the reply', () => {
    const c = replies().do('b', { type: 'raiseReply' });
    expect(c.state.queue).toEqual([expect.objectContaining({ participantId: 'b', kind: 'reply', replyTo: 'a' })]);
  });

  it('is refused when replies are off, nobody speaks, you speak, or in a round', () => {
    const c = queueCircle().do('a', { type: 'raiseHand' });
    expect(c.refused('b', { type: 'raiseReply' }).message).toBe('Direct replies are turned off.');
    c.do('f', { type: 'setRules', rules: { directReplies: true } });
    expect(c.refused('a', { type: 'raiseReply' }).message).toBe('You have the floor.');
    c.do('a', { type: 'finishTurn' });
    expect(c.refused('b', { type: 'raiseReply' }).message).toBe('No one is speaking to reply to.');
    c.do('f', { type: 'startRound' });
    expect(c.refused('b', { type: 'raiseReply' }).message).toBe('Replies wait until the round ends.');
  });
});

describe('finishTurn and pass', () => {
  it('finishTurn counts airtime and a turn, then hands on', () => {
    const c = queueCircle().do('a', { type: 'raiseHand' }).do('b', { type: 'raiseHand' }).wait(42_000);
    c.do('a', { type: 'finishTurn' });
    expect(c.p('a')).toMatchObject({ airtimeMs: 42_000, turns: 1, passes: 0, hasSpoken: true });
    expect(c.holder).toBe('b');
    expect(c.events[0]).toEqual({ type: 'floorReleased', from: 'a', reason: 'finished' });
  });

  it('pass counts a pass and no airtime', () => {
    const c = queueCircle().do('a', { type: 'raiseHand' }).wait(9_000).do('a', { type: 'pass' });
    expect(c.p('a')).toMatchObject({ airtimeMs: 0, turns: 0, passes: 1, hasSpoken: false });
    expect(c.eventTypes).toEqual(['turnPassed', 'floorReleased']);
  });

  it('both are refused to anyone but the floor holder', () => {
    const c = queueCircle().do('a', { type: 'raiseHand' });
    expect(c.refused('b', { type: 'finishTurn' }).code).toBe('NOT_YOUR_TURN');
    expect(c.refused('b', { type: 'pass' }).code).toBe('NOT_YOUR_TURN');
    expect(c.refused('f', { type: 'pass' }).code).toBe('NOT_YOUR_TURN');
  });
});

describe('react', () => {
  it('is an event only: same state, same version', () => {
    const c = TestCircle.with();
    const before = c.state;
    c.do('a', { type: 'react', kind: 'meToo' });
    expect(c.state).toBe(before);
    expect(c.events).toEqual([{ type: 'reaction', from: 'a', kind: 'meToo' }]);
    expect(c.refused('a', { type: 'react', kind: 'thumbsDown' } as never).code).toBe('INVALID_PAYLOAD');
  });
});

describe('requestMoment / withdrawMoment', () => {
  it('sets and clears the flag; refuses doubles; works while stepped out', () => {
    const c = TestCircle.with().do('a', { type: 'stepOut' }).wait(5).do('a', { type: 'requestMoment' });
    expect(c.p('a')).toMatchObject({ needsMoment: true, momentRequestedAt: T0 + 5 });
    expect(c.events).toEqual([{ type: 'momentRequested', from: 'a' }]);
    expect(c.refused('a', { type: 'requestMoment' }).code).toBe('NOT_ALLOWED');
    c.do('a', { type: 'withdrawMoment' });
    expect(c.p('a')).toMatchObject({ needsMoment: false, momentRequestedAt: null });
    expect(c.refused('a', { type: 'withdrawMoment' }).code).toBe('NOT_ALLOWED');
  });
});

describe('stepOut / stepBack', () => {
  it('stepping out keeps the seat and a moment, drops the hand and the floor', () => {
    const c = queueCircle().do('a', { type: 'raiseHand' }).do('b', { type: 'raiseHand' }).do('b', { type: 'requestMoment' });
    c.do('b', { type: 'stepOut' });
    expect(c.queued).toEqual([]);
    expect(c.p('b')).toMatchObject({ presence: 'steppedOut', needsMoment: true });
    expect(c.state.seating).toContain('b');
    c.wait(1000).do('a', { type: 'stepOut' });
    expect(c.holder).toBeNull();
    expect(c.p('a').airtimeMs).toBe(1000);
    expect(c.events[1]).toEqual({ type: 'floorReleased', from: 'a', reason: 'steppedOut' });
  });

  it('refuses stepping out twice and stepping back while here', () => {
    const c = TestCircle.with();
    expect(c.refused('a', { type: 'stepBack' }).code).toBe('NOT_ALLOWED');
    c.do('a', { type: 'stepOut' });
    expect(c.refused('a', { type: 'stepOut' }).code).toBe('NOT_ALLOWED');
    c.do('a', { type: 'stepBack' });
    expect(c.p('a').presence).toBe('present');
    expect(c.events).toEqual([{ type: 'participantSteppedBack', participantId: 'a' }]);
  });
});

describe('unmuteSelf', () => {
  it('clears a facilitator mute; refused when not muted', () => {
    const c = TestCircle.with();
    expect(c.refused('a', { type: 'unmuteSelf' }).code).toBe('NOT_ALLOWED');
    c.do('f', { type: 'muteParticipant', target: 'a' }).do('a', { type: 'unmuteSelf' });
    expect(c.p('a').mutedByFacilitator).toBe(false);
    expect(c.events).toEqual([{ type: 'participantUnmuted', target: 'a' }]);
  });
});
