import type { CohortView, HomeCohort, MeView, SessionItem, SessionView } from '@hearth/shared';
import type { SessionAccess } from '../store/accessTypes';

/** Fixtures of the HTTP API's replies for store tests. */

export const me: MeView = { id: 'u1', email: 'ada@example.org', name: 'Ada', isAdmin: false, timeZone: 'America/New_York', icalUrl: 'https://h.example/ical/u/t.ics' };

export function sessionView(over: Partial<SessionView> = {}): SessionView {
  return {
    me,
    csrfToken: 'csrf-A',
    cohorts: [{ id: 'c1', name: 'Spring', stage: 'Aspiring', role: 'member', displayName: 'Ada' }],
    attendanceRetentionDays: 400,
    ...over,
  };
}

export function sessionItem(over: Partial<SessionItem> = {}): SessionItem {
  return {
    id: 's1',
    index: 0,
    startsAt: '2026-02-10T19:00:00.000Z',
    endsAt: '2026-02-10T20:30:00.000Z',
    status: 'scheduled',
    theme: null,
    originalStartsAt: null,
    local: 'Tue 10 Feb 2026, 14:00 GMT-5',
    endedAt: null,
    ...over,
  };
}

export function cohortView(over: Partial<CohortView> = {}): CohortView {
  return {
    id: 'c1',
    name: 'Spring',
    description: '',
    stage: 'Aspiring',
    capacity: 12,
    timeZone: 'Europe/London',
    crisisResources: 'Call 116 123',
    lobbyEnabled: true,
    openBeforeMinutes: 10,
    graceMinutes: 15,
    agreement: { text: 'Be kind', version: 2, updatedAt: null, updatedBy: null },
    viewerTimeZone: 'America/New_York',
    circleDefaults: {},
    role: 'facilitator',
    acceptedAgreementVersion: 1,
    facilitators: [{ userId: 'u1', displayName: 'Ada' }],
    memberCount: 1,
    sessions: [sessionItem(), sessionItem({ id: 's2', index: 1, startsAt: '2026-03-10T19:00:00.000Z' })],
    ...over,
  };
}

export function homeCohort(over: Partial<HomeCohort> = {}): HomeCohort {
  return {
    cohort: { id: 'c1', name: 'Spring', stage: 'Aspiring', role: 'member', displayName: 'Ada' },
    timeZone: 'America/New_York',
    lobbyEnabled: true,
    window: { state: 'notYet', sessionId: 's1', opensAt: '2026-02-10T18:50:00.000Z' },
    nextSession: sessionItem(),
    canJoin: false,
    agreementPending: true,
    justEnded: null,
    ...over,
  };
}

/** `GET /api/circles/circle1` for a cohort session's circle: open now, agreement accepted, with a lobby. */
export function sessionAccess(over: Partial<SessionAccess> = {}): SessionAccess {
  return {
    kind: 'session',
    cohort: { id: 'c1', name: 'Spring', crisisResources: 'Call 116 123' },
    session: sessionItem({ id: 'circle1', index: 2, theme: 'Arriving' }),
    window: { state: 'open', sessionId: 'circle1', opensAt: '2026-02-10T18:50:00.000Z', closesAt: '2026-02-10T20:45:00.000Z' },
    role: 'member',
    displayName: 'Sam',
    agreement: { text: 'Be kind', version: 2, updatedAt: null, updatedBy: null, accepted: true },
    lobby: true,
    locked: false,
    next: sessionItem({ id: 'circle2', index: 3, startsAt: '2026-03-10T19:00:00.000Z' }),
    ...over,
  };
}
