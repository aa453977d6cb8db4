import type { CircleDefaults, CohortRole } from '@hearth/shared';
import type { ScheduleSpec } from '../schedule';
import type { SessionRecord } from '../sessions';

/** The group agreement: current text plus who last changed it. Version 0: none yet. */
export interface Agreement {
  text: string;
  /** +1 on every edit, so acceptances of older text no longer count. */
  version: number;
  updatedAt: string | null;
  /** User id of the last editor; null also once that account was erased. */
  updatedBy: string | null;
}

/** A cohort: the same people meeting over a programme of sessions. */
export interface CohortRecord {
  id: string;
  name: string;
  description: string;
  stage: string;
  /** Seats for members; facilitators do not take one. */
  capacity: number;
  /** Home zone (IANA). */
  timeZone: string;
  agreement: Agreement;
  crisisResources: string;
  lobbyEnabled: boolean;
  openBeforeMinutes: number;
  graceMinutes: number;
  /** The spec the sessions were last generated from. */
  schedule: ScheduleSpec | null;
  /** The rules its session circles start with (absent on cohorts made before it existed). */
  circleDefaults?: CircleDefaults;
  /** Secret of the cohort calendar feed (see UserRecord.icalToken for why it is readable). */
  icalToken: string;
  createdAt: string;
  /** The admin who created it; null once their account was erased. */
  createdBy: string | null;
  updatedAt: string;
}

/** One person's place in a cohort. */
export interface Membership {
  userId: string;
  role: CohortRole;
  /** Name shown to the cohort (first name or pseudonym), chosen per cohort. */
  displayName: string;
  joinedAt: string;
  acceptedAgreementVersion: number | null;
  acceptedAgreementAt: string | null;
}

/** All memberships of a cohort, by user id. One store value, changed atomically. */
export type MemberMap = Record<string, Membership>;

/**
 * A cohort's sessions. `retired` keeps sessions dropped by a schedule change, cancelled,
 * so calendar feeds can tell subscribers to remove them.
 */
export interface CohortSessions {
  sessions: SessionRecord[];
  retired: SessionRecord[];
}

/** An invitation to join a cohort. Stored per hash of its token. */
export interface InviteRecord {
  cohortId: string;
  role: CohortRole;
  /** When set, only an account with this email may accept. */
  email: string | null;
  /** Null once the creator's account was erased. */
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  usedBy: string | null;
}

/** One person's presence at one session. */
export interface AttendanceEntry {
  userId: string;
  displayName: string;
  firstJoinedAt: string;
  lastJoinedAt: string;
  /** The person's account was erased: the entry is only a count now (random id, generic name). */
  erased?: true;
}

/** What a user may do in a cohort. */
export interface CohortAccess {
  cohort: CohortRecord;
  /** Cohort role, or 'admin' for a site admin who is not a member. */
  role: CohortRole | 'admin';
  /** Null for an admin who is not a member. */
  membership: Membership | null;
  isAdmin: boolean;
  /** Facilitators and admins manage the cohort (settings, schedule, members, invites). */
  canManage: boolean;
}
