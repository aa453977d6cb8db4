import type { LobbyEntry } from '@hearth/shared';
import { sessionAccess } from '../test/apiViews';
import {
  arrivalAnnouncement,
  blockerHint,
  joinGate,
  localiseInstants,
  needsAffirmation,
  newArrivals,
  opensAtText,
  sessionAccessOf,
  sessionTitle,
  sortWaiting,
  waitingLabel,
} from './circleAccess';

const OPENS = Date.parse('2026-02-10T18:50:00.000Z');
const CLOSES = Date.parse('2026-02-10T20:45:00.000Z');
const notYet = sessionAccess({ window: { state: 'notYet', sessionId: 'circle1', opensAt: '2026-02-10T18:50:00.000Z' } });
const entry = (entryId: string, displayName: string, since = '2026-02-10T19:00:00.000Z'): LobbyEntry => ({ entryId, displayName, since, removed: false, participantId: null });

describe('sessionAccessOf', () => {
  it('is the session view only for the circle it was checked for', () => {
    const view = sessionAccess();
    expect(sessionAccessOf({ circleId: 'circle1', view }, 'circle1')).toBe(view);
    expect(sessionAccessOf({ circleId: 'circle1', view }, 'other')).toBeNull();
    expect(sessionAccessOf({ circleId: 'circle1', view: { kind: 'open' } }, 'circle1')).toBeNull();
    expect(sessionAccessOf({ circleId: null, view: null }, null)).toBeNull();
  });
});

describe('joinGate', () => {
  it('members of a cohort with a lobby ask to join; facilitators and lobby-free cohorts join', () => {
    const now = OPENS + 1000;
    expect(joinGate(sessionAccess(), now, true)).toMatchObject({ action: 'knock', blocker: null });
    expect(joinGate(sessionAccess({ role: 'facilitator' }), now, true)).toMatchObject({ action: 'join', blocker: null });
    expect(joinGate(sessionAccess({ lobby: false }), now, true)).toMatchObject({ action: 'join', blocker: null });
  });

  it('waits for the window, then opens by the clock and asks for a re-check', () => {
    expect(joinGate(notYet, OPENS - 60_000, true)).toMatchObject({ blocker: 'notYet', window: { state: 'notYet', joinable: false } });
    expect(joinGate(notYet, OPENS, true)).toMatchObject({ blocker: null, window: { state: 'open', stale: true, joinable: true } });
  });

  it('is over after the window closes, or when the server says so', () => {
    expect(joinGate(sessionAccess(), CLOSES + 1, true)).toMatchObject({ blocker: 'over', window: { stale: true } });
    expect(joinGate(sessionAccess({ window: { state: 'over' } }), OPENS, true).blocker).toBe('over');
  });

  it('a cancelled session cannot be joined whatever the window says', () => {
    const view = sessionAccess({ session: { ...sessionAccess().session, status: 'cancelled' } });
    expect(joinGate(view, OPENS + 1000, true).blocker).toBe('cancelled');
  });

  it('needs the agreement accepted, then affirmed for this session', () => {
    const now = OPENS + 1000;
    const unaccepted = sessionAccess({ agreement: { ...sessionAccess().agreement, accepted: false } });
    expect(joinGate(unaccepted, now, true).blocker).toBe('agreement');
    expect(joinGate(sessionAccess(), now, false).blocker).toBe('affirm');
    expect(blockerHint('affirm')).toMatch(/tick the box/);
  });

  it('asks for no affirmation when the cohort has no agreement yet', () => {
    const none = sessionAccess({ agreement: { text: '', version: 0, updatedAt: null, updatedBy: null, accepted: true } });
    expect(needsAffirmation(none)).toBe(false);
    expect(joinGate(none, OPENS + 1000, false).blocker).toBeNull();
  });
});

describe('times in the viewer’s zone', () => {
  it('says the time alone on the same day, with the date otherwise', () => {
    expect(opensAtText('2026-02-10T18:50:00.000Z', 'Europe/London', OPENS - 3_600_000, 'en-GB')).toBe('18:50 GMT');
    expect(opensAtText('2026-02-10T18:50:00.000Z', 'Europe/London', OPENS - 2 * 86_400_000, 'en-GB')).toBe('18:50 GMT on Tuesday, 10 February 2026');
    // 18:50 in London is 03:50 the next day in Tokyo.
    expect(opensAtText('2026-02-10T18:50:00.000Z', 'Asia/Tokyo', OPENS - 3_600_000, 'en-GB')).toBe('03:50 GMT+9');
  });

  it('rewrites ISO instants in server messages', () => {
    const message = 'This circle opens at 2026-02-10T18:50:00.000Z.';
    expect(localiseInstants(message, 'Europe/London', OPENS - 60_000, 'en-GB')).toBe('This circle opens at 18:50 GMT.');
    expect(localiseInstants('Please wait in the lobby.', 'Europe/London', OPENS)).toBe('Please wait in the lobby.');
  });

  it('titles the session by number and theme', () => {
    expect(sessionTitle(sessionAccess())).toBe('Session 3 · Arriving');
    expect(sessionTitle(sessionAccess({ session: { ...sessionAccess().session, theme: null } }))).toBe('Session 3');
  });
});

describe('the facilitator’s lobby list', () => {
  it('says how long someone has waited', () => {
    const since = '2026-02-10T19:00:00.000Z';
    const t = Date.parse(since);
    expect(waitingLabel(since, t + 30_000)).toBe('Just arrived');
    expect(waitingLabel(since, t + 3 * 60_000 + 5_000)).toBe('Waiting 3 min');
    expect(waitingLabel(since, t + 60 * 60_000)).toBe('Waiting 1 h');
    expect(waitingLabel(since, t + 65 * 60_000)).toBe('Waiting 1 h 5 min');
    expect(waitingLabel('not a date', t)).toBe('Just arrived');
  });

  it('finds and announces new arrivals only', () => {
    const prev = [entry('e1', 'Sam')];
    const next = [entry('e1', 'Sam'), entry('e2', 'Bo'), entry('e3', 'Ida')];
    expect(newArrivals(prev, next).map((e) => e.entryId)).toEqual(['e2', 'e3']);
    expect(arrivalAnnouncement([])).toBe('');
    expect(arrivalAnnouncement([entry('e1', 'Sam')])).toBe('Sam is waiting to be let in.');
    expect(arrivalAnnouncement(newArrivals(prev, next))).toBe('Bo and Ida are waiting to be let in.');
    expect(arrivalAnnouncement(next)).toBe('3 people are waiting to be let in.');
  });

  it('orders the longest wait first, keeping the server’s order for ties', () => {
    const list = [entry('b', 'Bo', '2026-02-10T19:05:00.000Z'), entry('a', 'Ada', '2026-02-10T19:00:00.000Z'), entry('c', 'Cy', '2026-02-10T19:05:00.000Z')];
    expect(sortWaiting(list).map((e) => e.entryId)).toEqual(['a', 'b', 'c']);
  });
});
