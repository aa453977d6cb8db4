import type { CohortRole } from './cohorts';

/*
 * Replies of the personal-data routes (GDPR articles 15 and 17). Times are UTC ISO instants.
 */

/** The version tag of {@link PersonalDataExport}: bumped when its shape changes. */
export const PERSONAL_DATA_EXPORT_FORMAT = 'hearth-personal-data/1';

/**
 * `GET /api/me/export`: everything Hearth keeps about the signed-in person, as a JSON
 * download. Secrets that still work (the calendar URL, session cookies) are described,
 * never included: the file may be kept or sent on, and must not let its holder in.
 */
export interface PersonalDataExport {
  format: typeof PERSONAL_DATA_EXPORT_FORMAT;
  exportedAt: string;
  account: {
    id: string;
    email: string;
    name: string;
    isAdmin: boolean;
    /** Null: times are shown in each cohort's own zone. */
    timeZone: string | null;
    createdAt: string;
    updatedAt: string;
  };
  /** The cohorts I belong to now, with the name I use in each. */
  cohorts: {
    cohortId: string;
    name: string;
    role: CohortRole;
    displayName: string;
    joinedAt: string;
    acceptedAgreementVersion: number | null;
    acceptedAgreementAt: string | null;
  }[];
  /** Sessions I joined (in cohorts I may since have left), while their retention lasts. */
  attendance: {
    cohortId: string;
    cohortName: string;
    sessionId: string;
    sessionStartsAt: string;
    /** The name the circle knew me by. */
    displayName: string;
    firstJoinedAt: string;
    lastJoinedAt: string;
    /** When this record is deleted (the retention limit). */
    deletedAfter: string | null;
  }[];
  /** My personal calendar feed: whether one exists and when its secret was issued (the URL is on the home page). */
  calendarFeeds: { kind: 'personal'; issuedAt: string | null; active: true }[];
  /** Browsers signed in as me. */
  signInSessions: { createdAt: string; lastExtendedAt: string; expiresAt: string; current: boolean }[];
  /** Circles I started outside a cohort. */
  hostedCircles: { circleId: string; name: string; createdAt: string; linkActive: boolean; deletedAfter: string }[];
  /** Invites addressed to my email or accepted by me. */
  invites: { cohortId: string; role: CohortRole; email: string | null; createdAt: string; expiresAt: string; usedAt: string | null }[];
  /** How long Hearth keeps what, in words (README § "What Hearth keeps"). */
  retention: { attendanceDays: number; note: string };
}

/**
 * `DELETE /api/me` and `DELETE /api/admin/users/:id`: what the erasure did. The account
 * is gone, the email free for a new account, every session signed out.
 */
export interface ErasureSummary {
  userId: string;
  signedOutSessions: number;
  cohortsLeft: number;
  /** Attendance entries kept as anonymous counts (random id, name "Former member"). */
  attendanceAnonymised: number;
  invitesScrubbed: number;
  hostedCirclesEnded: number;
}
