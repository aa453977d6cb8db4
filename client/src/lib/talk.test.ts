import { apply, myView, threePeople } from '../test/circleViews';
import { hearingLine, ordinal, placeAnnouncement, replyRefusal, roundLines, talkState, turnLimitLabel } from './talk';

describe('talkState', () => {
  it('is null outside the circle or after the end', () => {
    expect(talkState(null)).toBeNull();
    expect(talkState(myView(apply(threePeople(), 'me', { type: 'endSession' })))).toBeNull();
  });

  it('open floor: raise a hand, nothing to pass or finish, heard without a turn', () => {
    const t = talkState(myView(threePeople()))!;
    expect(t).toMatchObject({ mode: 'open', canRaiseHand: true, canPass: false, canFinish: false, repliesOffered: false, waitingToBeHeard: false });
  });

  it('a round: pass and finish only on your turn', () => {
    const s = apply(threePeople('member'), 'f', { type: 'startRound', startWith: 'me' });
    const mine = talkState(myView(s))!;
    expect(mine).toMatchObject({ roundTurn: true, holdsFloor: true, canPass: true, canFinish: true, canRaiseHand: false });
    const next = talkState(myView(apply(s, 'me', { type: 'pass' })))!;
    expect(next).toMatchObject({ roundTurn: false, holdsFloor: false, canPass: false, canFinish: false });
    // A member without the floor is not forwarded by the SFU: "you'll be heard on your turn".
    expect(next.waitingToBeHeard).toBe(true);
  });

  it('the queue: your place, 1-based', () => {
    let s = apply(threePeople('member'), 'f', { type: 'setMode', mode: 'directed' });
    s = apply(s, 'a', { type: 'raiseHand' });
    s = apply(s, 'me', { type: 'raiseHand' });
    expect(talkState(myView(s))).toMatchObject({ handRaised: true, queuePlace: 2, canRaiseHand: false });
  });

  it('replies: offered when on, possible while someone else speaks and no reply waits', () => {
    let s = apply(threePeople(), 'me', { type: 'setRules', rules: { directReplies: true } });
    s = apply(s, 'me', { type: 'setMode', mode: 'directed' });
    expect(talkState(myView(s))).toMatchObject({ repliesOffered: true, canReply: false });
    s = apply(s, 'me', { type: 'giveFloor', to: 'a' });
    expect(talkState(myView(s))).toMatchObject({ canReply: true });
    s = apply(s, 'b', { type: 'raiseReply' });
    expect(talkState(myView(s))).toMatchObject({ canReply: false });
  });

  it('moments, stepping out and a facilitator mute', () => {
    let s = apply(threePeople('member'), 'me', { type: 'requestMoment' });
    expect(talkState(myView(s))).toMatchObject({ needsMoment: true });
    s = apply(s, 'me', { type: 'stepOut' });
    expect(talkState(myView(s))).toMatchObject({ steppedOut: true, present: false, canRaiseHand: false });
    s = apply(apply(s, 'me', { type: 'stepBack' }), 'f', { type: 'muteParticipant', target: 'me' });
    // Muted by a facilitator is its own message; not "you'll be heard on your turn".
    expect(talkState(myView(s))).toMatchObject({ mutedByFacilitator: true, waitingToBeHeard: false });
  });
});

describe('roundLines', () => {
  it('marks who spoke, who speaks, who is next, and skips people stepped out', () => {
    let s = apply(threePeople(), 'me', { type: 'startRound' });
    s = apply(s, 'a', { type: 'stepOut' });
    expect(roundLines(myView(s)).map((l) => [l.name, l.status])).toEqual([
      ['Me', 'speaking'],
      ['Ada', 'away'],
      ['Bo', 'next'],
    ]);
    s = apply(s, 'me', { type: 'finishTurn' });
    expect(roundLines(myView(s)).map((l) => l.status)).toEqual(['done', 'done', 'speaking']);
  });
});

describe('turnLimitLabel', () => {
  it('reads as minutes', () => {
    expect(turnLimitLabel(null)).toBe('No limit');
    expect(turnLimitLabel(120_000)).toBe('2 min');
    expect(turnLimitLabel(90_000)).toBe('90 s');
  });
});

describe('ordinal', () => {
  it('reads places', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd']);
  });
});

describe('words for where you stand', () => {
  it('R while another reply waits says so (not "when someone else has the floor")', () => {
    let s = apply(threePeople('member'), 'f', { type: 'setMode', mode: 'queue' });
    s = apply(s, 'f', { type: 'setRules', rules: { directReplies: true } });
    s = apply(s, 'a', { type: 'raiseHand' }); // Ada takes the floor
    expect(replyRefusal(talkState(myView(s))!)).toBeNull();
    s = apply(s, 'b', { type: 'raiseReply' });
    expect(replyRefusal(talkState(myView(s))!)).toBe('Another reply is already waiting. You can raise your hand instead.');
    s = apply(s, 'f', { type: 'setRules', rules: { directReplies: false } });
    expect(replyRefusal(talkState(myView(s))!)).toBe('Direct replies are turned off.');
  });

  it('after your round turn it thanks you instead of promising a turn', () => {
    let s = apply(threePeople('member'), 'f', { type: 'startRound', startWith: 'me' });
    s = apply(s, 'me', { type: 'finishTurn' });
    expect(hearingLine(talkState(myView(s))!)).toBe("You've had your turn in this round. Thank you.");
    const before = apply(threePeople('member'), 'f', { type: 'startRound', startWith: 'a' });
    expect(hearingLine(talkState(myView(before))!)).toBe("You'll be heard when your turn in the round comes.");
  });

  it('in a queue it depends on your hand', () => {
    let s = apply(threePeople('member'), 'f', { type: 'setMode', mode: 'queue' });
    s = apply(s, 'a', { type: 'raiseHand' });
    expect(hearingLine(talkState(myView(s))!)).toBe('Raise your hand to be heard.');
    s = apply(s, 'me', { type: 'raiseHand' });
    expect(hearingLine(talkState(myView(s))!)).toBe("You'll be heard when your turn comes.");
  });
});

describe('placeAnnouncement', () => {
  it('says your place when your hand goes up, as it moves, and when you are next', () => {
    expect(placeAnnouncement(null, 3)).toBe("You're 3rd in line.");
    expect(placeAnnouncement(3, 2)).toBe("You're now 2nd in line.");
    expect(placeAnnouncement(2, 1)).toBe("You're next in line.");
    expect(placeAnnouncement(2, 3)).toBe("You're now 3rd in line: a facilitator changed the order.");
    expect(placeAnnouncement(2, 2)).toBeNull();
    expect(placeAnnouncement(1, null)).toBeNull(); // the floor itself is announced by its event
  });
});
