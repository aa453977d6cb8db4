import type { CohortSummary, CohortView, MeView, MemberView, SessionItem } from '@hearth/shared';
import type { UserRecord } from '../../accounts/types';
import { describeSchedule } from '../schedule';
import { formatInZone, type SessionRecord } from '../sessions';
import type { CohortAccess, CohortRecord, MemberMap, Membership } from './types';
import type { Urls } from './urls';

/*
 * Records → response bodies. Every response is built here from an explicit list of
 * fields, so adding a field to a record never exposes it by accident.
 */

/** The zone a person sees a cohort's times in: their own preference, else the cohort's. */
export function viewerZone(user: Pick<UserRecord, 'timeZone'>, cohort: Pick<CohortRecord, 'timeZone'>): string {
  return user.timeZone ?? cohort.timeZone;
}

/** The signed-in person. */
export function meView(user: UserRecord, urls: Urls): MeView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    timeZone: user.timeZone,
    icalUrl: urls.userCalendar(user.icalToken),
  };
}

/** A session, with its start formatted in `zone`. */
export function sessionItem(session: SessionRecord, zone: string): SessionItem {
  return {
    id: session.id,
    index: session.index,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    status: session.status,
    theme: session.theme,
    originalStartsAt: session.originalStartsAt,
    local: formatInZone(session.startsAt, zone),
    endedAt: session.endedAt ?? null,
  };
}

/** One entry of "my cohorts". */
export function cohortSummary(access: CohortAccess): CohortSummary {
  const { cohort } = access;
  return { id: cohort.id, name: cohort.name, stage: cohort.stage, role: access.role, displayName: access.membership?.displayName ?? null };
}

/** A cohort as `user` may see it; the `manage` block only for facilitators and admins. */
export function cohortView(args: {
  access: CohortAccess;
  user: UserRecord;
  members: MemberMap;
  sessions: readonly SessionRecord[];
  urls: Urls;
}): CohortView {
  const { access, user, members, urls } = args;
  const { cohort } = access;
  const zone = viewerZone(user, cohort);
  const everyone = Object.values(members);
  const view: CohortView = {
    id: cohort.id,
    name: cohort.name,
    description: cohort.description,
    stage: cohort.stage,
    capacity: cohort.capacity,
    timeZone: cohort.timeZone,
    crisisResources: cohort.crisisResources,
    lobbyEnabled: cohort.lobbyEnabled,
    openBeforeMinutes: cohort.openBeforeMinutes,
    graceMinutes: cohort.graceMinutes,
    agreement: { ...cohort.agreement },
    viewerTimeZone: zone,
    circleDefaults: { ...(cohort.circleDefaults ?? {}) },
    role: access.role,
    acceptedAgreementVersion: access.membership?.acceptedAgreementVersion ?? null,
    facilitators: everyone.filter((m) => m.role === 'facilitator').map((m) => ({ userId: m.userId, displayName: m.displayName })),
    memberCount: everyone.filter((m) => m.role === 'member').length,
    sessions: [...args.sessions].sort((a, b) => a.index - b.index).map((s) => sessionItem(s, zone)),
  };
  if (access.canManage) {
    view.manage = {
      schedule: cohort.schedule,
      scheduleText: cohort.schedule ? describeSchedule(cohort.schedule) : null,
      icalUrl: urls.cohortCalendar(cohort.icalToken),
    };
  }
  return view;
}

/** A member as the cohort sees them; contact and agreement details only for managers. */
export function memberView(m: Membership, email: string | undefined, full: boolean): MemberView {
  const base: MemberView = { userId: m.userId, displayName: m.displayName, role: m.role };
  if (!full) return base;
  return { ...base, email, joinedAt: m.joinedAt, acceptedAgreementVersion: m.acceptedAgreementVersion };
}
