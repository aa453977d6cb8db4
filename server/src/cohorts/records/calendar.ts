import type { Users } from '../../accounts/users';
import { cohortCalendar, memberCalendar, type CohortFeed } from '../ical';
import { cohortsOf, type AccessDeps } from './cohortAccess';
import type { SessionStore } from './sessionStore';
import type { CohortRecord } from './types';
import type { Urls } from './urls';

/** What the feeds read. */
export interface CalendarDeps extends AccessDeps {
  users: Users;
  sessions: SessionStore;
  urls: Urls;
}

/** A cohort with its live sessions and the retired ones (published as cancelled). */
async function feedOf(deps: CalendarDeps, cohort: CohortRecord): Promise<CohortFeed> {
  const { sessions, retired } = await deps.sessions.get(cohort.id);
  return {
    cohort: { id: cohort.id, name: cohort.name, description: cohort.description || undefined, timeZone: cohort.timeZone },
    sessions: [...sessions, ...retired],
    url: (session) => deps.urls.circle(session),
  };
}

/**
 * A person's feed: every cohort they belong to now. Built on request from the store, so
 * moves, cancellations and leaving a cohort show on the calendar's next refresh.
 */
export async function userFeed(deps: CalendarDeps, userId: string, nowIso: string): Promise<string | null> {
  const user = await deps.users.get(userId);
  if (!user) return null;
  const cohorts = await cohortsOf(deps, userId);
  const feeds = await Promise.all(cohorts.map((a) => feedOf(deps, a.cohort)));
  return memberCalendar({ name: 'Hearth', cohorts: feeds, now: nowIso });
}

/** A cohort's feed. */
export async function cohortFeed(deps: CalendarDeps, cohortId: string, nowIso: string): Promise<string | null> {
  const cohort = await deps.cohorts.get(cohortId);
  if (!cohort) return null;
  return cohortCalendar({ ...(await feedOf(deps, cohort)), now: nowIso });
}
