import type { HomeCohort, HomeWindow } from '@hearth/shared';
import type { UserRecord } from '../../accounts/types';
import type { SessionRecord } from '../sessions';
import { insideWindow, windowState } from '../window';
import { agreementAccepted } from './cohortAccess';
import type { CohortAccess } from './types';
import { cohortSummary, sessionItem, viewerZone } from './views';

/**
 * One cohort on a person's home page: the session that is open now or comes next, in
 * their zone, and whether Join is live. The join window comes from window.ts, with the
 * cohort's own openBefore/grace minutes, so the page and the circle agree.
 */
export function homeCohort(access: CohortAccess, user: UserRecord, sessions: readonly SessionRecord[], nowIso: string): HomeCohort {
  const { cohort } = access;
  const zone = viewerZone(user, cohort);
  const state = windowState(sessions, nowIso, { openBeforeMinutes: cohort.openBeforeMinutes, graceMinutes: cohort.graceMinutes });
  let window: HomeWindow;
  let next: SessionRecord | null = null;
  if (state.state === 'open') {
    window = { state: 'open', sessionId: state.session.id, opensAt: state.opensAt, closesAt: state.closesAt };
    next = state.session;
  } else if (state.state === 'notYet') {
    window = { state: 'notYet', sessionId: state.session.id, opensAt: state.nextOpensAt };
    next = state.session;
  } else {
    window = { state: 'over' };
  }
  // Ended early (a facilitator closed it) while its window would still be open: say so.
  const ended = sessions
    .filter((s) => s.status === 'scheduled' && s.endedAt && insideWindow(s, nowIso, { openBeforeMinutes: cohort.openBeforeMinutes, graceMinutes: cohort.graceMinutes }))
    .sort((a, b) => b.startsAt.localeCompare(a.startsAt))[0];
  return {
    justEnded: ended ? sessionItem(ended, zone) : null,
    cohort: cohortSummary(access),
    timeZone: zone,
    lobbyEnabled: cohort.lobbyEnabled,
    window,
    nextSession: next ? sessionItem(next, zone) : null,
    canJoin: state.state === 'open',
    agreementPending: access.membership !== null && !agreementAccepted(cohort, access.membership.acceptedAgreementVersion),
  };
}
