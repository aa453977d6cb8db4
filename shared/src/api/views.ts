import type { CircleDefaults, CohortRole } from './cohorts';

/*
 * Response bodies of the HTTP API. Times are UTC ISO instants; `local` strings are the
 * same instant already formatted in the viewer's zone (`timeZone` says which).
 */

/** The signed-in person. Never carries a password or its hash. */
export interface MeView {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  /** Null: times are shown in each cohort's own zone. */
  timeZone: string | null;
  /** Secret calendar subscription URL for all my cohorts. */
  icalUrl: string;
}

/** One line of "my cohorts". */
export interface CohortSummary {
  id: string;
  name: string;
  stage: string;
  /** My role; 'admin' when I see it only as a site admin. */
  role: CohortRole | 'admin';
  displayName: string | null;
}

/** `GET /api/session`. */
export interface SessionView {
  me: MeView;
  /** Send it back as `x-csrf-token` on every POST/PUT/PATCH/DELETE. */
  csrfToken: string;
  cohorts: CohortSummary[];
  /** How long this server keeps attendance (ATTENDANCE_RETENTION_DAYS), for the settings page. */
  attendanceRetentionDays: number;
}

/** A session as a viewer sees it. */
export interface SessionItem {
  id: string;
  index: number;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'cancelled';
  theme: string | null;
  originalStartsAt: string | null;
  /** `startsAt` in the viewer's zone, e.g. "Tue 10 Feb 2026, 19:00 GMT". */
  local: string;
  /** When its circle ended (a facilitator ended it, or its window closed with people in it); null: not ended. */
  endedAt: string | null;
}

/** The group agreement. Version 0 means there is none yet. */
export interface AgreementView {
  text: string;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** `GET /api/cohorts/:id`. `manage` is present for facilitators and admins only. */
export interface CohortView {
  id: string;
  name: string;
  description: string;
  stage: string;
  capacity: number;
  timeZone: string;
  crisisResources: string;
  lobbyEnabled: boolean;
  openBeforeMinutes: number;
  graceMinutes: number;
  agreement: AgreementView;
  /** The zone `sessions[].local` is in. */
  viewerTimeZone: string;
  /** The rules every session's circle starts with (empty: Hearth's defaults). */
  circleDefaults: CircleDefaults;
  role: CohortRole | 'admin';
  /** The agreement version I accepted (null: none; members only). */
  acceptedAgreementVersion: number | null;
  facilitators: { userId: string; displayName: string }[];
  memberCount: number;
  sessions: SessionItem[];
  manage?: { schedule: unknown; scheduleText: string | null; icalUrl: string };
}

/** A member as seen by the cohort; `email` etc. only for facilitators and admins. */
export interface MemberView {
  userId: string;
  displayName: string;
  role: CohortRole;
  email?: string;
  joinedAt?: string;
  acceptedAgreementVersion?: number | null;
}

/** `GET /api/invites/:token`. */
export interface InviteView {
  cohort: { id: string; name: string; stage: string };
  role: CohortRole;
  email: string | null;
  expiresAt: string;
  state: 'valid' | 'used' | 'expired';
}

/** Reply to `POST /api/cohorts/:id/invites`. The token is shown only here. */
export interface CreatedInvite {
  url: string;
  token: string;
  role: CohortRole;
  email: string | null;
  expiresAt: string;
}

/** The join window of a cohort's circle (from the server's window.ts). */
export type HomeWindow =
  | { state: 'open'; sessionId: string; opensAt: string; closesAt: string }
  | { state: 'notYet'; sessionId: string; opensAt: string }
  | { state: 'over' };

/** One cohort on the home page. */
export interface HomeCohort {
  cohort: CohortSummary;
  timeZone: string;
  lobbyEnabled: boolean;
  window: HomeWindow;
  /** The session that is open now, or the next one. */
  nextSession: SessionItem | null;
  /** True only inside the window: the Join button is live. */
  canJoin: boolean;
  agreementPending: boolean;
  /**
   * A session whose circle ended while its join window would still be open (a facilitator
   * ended it early): the card says so above the next session. Null otherwise.
   */
  justEnded: SessionItem | null;
}

/** `GET /api/home`. */
export interface HomeView {
  me: MeView;
  cohorts: HomeCohort[];
}

/** One row of `GET /api/cohorts/:id/attendance`. */
export interface AttendanceSession {
  sessionId: string;
  index: number;
  startsAt: string;
  status: 'scheduled' | 'cancelled';
  /** `erased`: the person's account was erased; the entry is a count only (random id, generic name). */
  attendees: { userId: string; displayName: string; firstJoinedAt: string; lastJoinedAt: string; erased?: true }[];
}

/**
 * `GET /api/circles/:circleId`: what the pre-join screen needs. `open` circles are the
 * ad-hoc ones anyone with the link may join; `session` circles belong to a cohort.
 */
export type CircleAccessView =
  | { kind: 'open' }
  | {
      kind: 'hosted';
      name: string;
      /** The creator facilitates; everyone with the link joins as a member (a guest). */
      role: 'facilitator' | 'member';
      /** Guests knock and wait to be let in. */
      lobby: boolean;
      /** A facilitator ended its session (its rules state says so). */
      ended: boolean;
      /** Nobody new may come in (a facilitator may still let in someone waiting, by name). */
      locked: boolean;
    }
  | {
      kind: 'session';
      cohort: { id: string; name: string; crisisResources: string };
      session: SessionItem;
      window: HomeWindow;
      role: 'facilitator' | 'member';
      /** The name the cohort knows this person by (used in the circle). */
      displayName: string;
      agreement: AgreementView & { accepted: boolean };
      /** Members wait in the lobby until a facilitator admits them. */
      lobby: boolean;
      /** Nobody new may come in (a facilitator may still let in someone waiting, by name). */
      locked: boolean;
      /** The cohort's next session after this one (not cancelled, not ended), in the viewer's zone; null: none. */
      next: SessionItem | null;
    };

/** `POST /api/circles` and `POST /api/circles/:id/link`: a hosted circle's shareable link. */
export interface HostedCircleLink {
  circleId: string;
  name: string;
  /** `/c/<id>?k=<key>`; null after the link was revoked. */
  url: string | null;
}

/** One zone's view of a session in the schedule preview. */
export interface ScheduleZoneTime {
  timeZone: string;
  /** The session's start as that zone writes it (weekday, date, time and UTC offset). */
  local: string;
  /** Local calendar day relative to the cohort zone's: -1 = day before, +1 = next day. */
  dayShift: number;
}

/** One row of the schedule builder's preview. */
export interface SchedulePreviewRow {
  index: number;
  startsAt: string;
  endsAt: string;
  /** The session as the cohort's zone sees it. */
  cohort: ScheduleZoneTime;
  /** The same session in each requested zone, in the order given. */
  zones: ScheduleZoneTime[];
}

/** `POST /api/cohorts/:id/schedule/preview`. */
export interface SchedulePreview {
  /** The schedule in words ("Monthly on the second Tuesday, 19:00–20:30 London"). */
  text: string;
  rows: SchedulePreviewRow[];
  /** Sessions whose wall-clock time fell in a DST gap or overlap and was shifted. */
  adjustments: { index: number; startsAt: string; adjustment: string }[];
}

/** `PUT /api/cohorts/:id/schedule`. */
export interface SavedSchedule {
  scheduleText: string;
  sessions: SessionItem[];
}

/** `POST /api/invites/:token/accept`. */
export interface AcceptedInvite {
  cohortId: string;
  session: SessionView;
}
