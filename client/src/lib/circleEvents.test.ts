import type { CircleEvent } from '@hearth/shared';
import { NUDGE_MESSAGE, eventOutcome, type EventContext } from './circleEvents';

const names: Record<string, string> = { me: 'Me', a: 'Ada', f: 'Fran' };
const member: EventContext = { selfId: 'me', isFacilitator: false, nameOf: (id) => names[id] ?? 'Someone' };
const facilitator: EventContext = { ...member, isFacilitator: true };

describe('eventOutcome', () => {
  it('nudges the speaker privately, in gentle words', () => {
    expect(eventOutcome({ type: 'turnNudged', to: 'me', remainingMs: 30_000 }, member).notice).toMatchObject({ kind: 'nudge', text: NUDGE_MESSAGE });
    expect(NUDGE_MESSAGE).toBe('About 30 seconds left — no rush, finish your thought');
  });

  it("shows facilitators the speaker's time, and members nothing", () => {
    const nudge: CircleEvent = { type: 'turnNudged', to: 'a', remainingMs: 30_000 };
    expect(eventOutcome(nudge, facilitator).notice?.text).toBe('Ada has about 30 seconds left in their turn.');
    expect(eventOutcome(nudge, member)).toEqual({});
    expect(eventOutcome({ type: 'turnOvertime', to: 'a' }, member)).toEqual({});
  });

  it('never announces a pass', () => {
    expect(eventOutcome({ type: 'turnPassed', participantId: 'a' }, facilitator)).toEqual({});
  });

  it('announces hands only to facilitators (and to the person themselves)', () => {
    expect(eventOutcome({ type: 'handRaised', participantId: 'a', kind: 'hand', replyTo: null }, member)).toEqual({});
    expect(eventOutcome({ type: 'handRaised', participantId: 'a', kind: 'hand', replyTo: null }, facilitator).announce).toBe('Ada raised their hand');
    // Said with the place in line instead, when the view arrives (see placeAnnouncement).
    expect(eventOutcome({ type: 'handRaised', participantId: 'me', kind: 'hand', replyTo: null }, member).announce).toBeUndefined();
  });

  it('mutes: the muted person gets a notice and their mic turned off; an invitation has a button and no effect', () => {
    expect(eventOutcome({ type: 'participantMuted', target: 'me', by: 'f' }, member)).toMatchObject({ effect: 'micOff', notice: { kind: 'muted' } });
    const invite = eventOutcome({ type: 'unmuteRequested', target: 'me', by: 'f' }, member);
    expect(invite.notice).toMatchObject({ action: 'unmute' });
    expect(invite.effect).toBeUndefined();
    // "A facilitator muted you" does not linger beside the invitation to unmute.
    expect(invite.clears).toContain('muted');
  });

  it('moments: the person hears it is known; facilitators hear who', () => {
    expect(eventOutcome({ type: 'momentRequested', from: 'me' }, member).announce).toBe('The facilitators know you need a moment.');
    expect(eventOutcome({ type: 'momentRequested', from: 'a' }, facilitator).announce).toBe('Ada would like a moment');
    expect(eventOutcome({ type: 'momentAcknowledged', target: 'me', by: 'f' }, member).notice?.kind).toBe('moment');
  });

  it('removal and the end of the session close the circle for us only', () => {
    expect(eventOutcome({ type: 'participantRemoved', target: 'me', by: 'f' }, member).effect).toBe('removed');
    expect(eventOutcome({ type: 'participantRemoved', target: 'a', by: 'f' }, member).effect).toBeUndefined();
    expect(eventOutcome({ type: 'sessionEnded', by: 'f' }, member).effect).toBe('ended');
  });

  it('names the floor holder', () => {
    expect(eventOutcome({ type: 'floorGranted', to: 'a', reason: 'queue' }, member).announce).toBe('Ada has the floor');
    expect(eventOutcome({ type: 'floorGranted', to: 'a', reason: 'directReply' }, member).announce).toBe('Ada is replying');
  });
});
