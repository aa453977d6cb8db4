import type {
  AgreementView,
  AttendanceSession,
  CohortSummary,
  CohortView,
  CreatedInvite,
  ErasureSummary,
  ErrorCode,
  HomeView,
  MemberView,
  MeView,
  PatchSessionBody,
  PersonalDataExport,
  PutScheduleBody,
  PutThemesBody,
  ScheduleSpecInput,
  SessionItem,
  SessionView,
  UpdateCohortBody,
  UpdateMeBody,
  UpdateMemberBody,
} from '@hearth/shared';
import type { SavedSchedule, SchedulePreview } from '@hearth/shared';
import type { NewCohortInput } from '../net/endpoints';

/*
 * State and actions of the account and cohorts slices (the HTTP API side of the app).
 * Kept apart from types.ts, which describes the circle.
 */

/** The outcome of an API call made by a form: the reply, or a sentence to show. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string };

/** `unknown` until GET /api/session answers at startup. */
export type AccountStatus = 'unknown' | 'signedOut' | 'signedIn';

/** Who is signed in. */
export interface AccountState {
  status: AccountStatus;
  me: MeView | null;
  /** Sent as `x-csrf-token` on every write; replaced on each sign-in. */
  csrfToken: string | null;
  cohorts: CohortSummary[];
  /** The page that asked for sign-in, to return to afterwards. */
  returnTo: string | null;
  /** How long the server keeps attendance (days), as GET /api/session says; null signed out. */
  attendanceRetentionDays: number | null;
}

/** Account slice: the session, sign in / out, my settings. */
export interface AccountSlice {
  account: AccountState;
  /** Asks the server who is signed in (startup, and after anything that may change it). */
  loadSession(): Promise<void>;
  signIn(email: string, password: string): Promise<ApiResult<SessionView>>;
  signOut(): Promise<void>;
  /** A session started elsewhere (invite acceptance signs the new account in). */
  sessionStarted(view: SessionView): void;
  /** The server said UNAUTHENTICATED: the cookie expired or was signed out elsewhere. */
  sessionExpired(): void;
  updateMe(body: UpdateMeBody): Promise<ApiResult<MeView>>;
  setReturnTo(path: string | null): void;
  /** Everything Hearth keeps about me (the settings page turns it into a download). */
  exportMyData(): Promise<ApiResult<PersonalDataExport>>;
  /**
   * Erases my account (the password confirms it). On success this browser forgets the
   * person too and lands on the "account deleted" page.
   */
  deleteAccount(password: string): Promise<ApiResult<ErasureSummary>>;
}

/** Where a loaded thing stands. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Something fetched from the API, with its loading state and error sentence. */
export interface Loadable<T> {
  status: LoadStatus;
  data: T | null;
  error: string | null;
}

/** Data of the member home and the cohort pages. */
export interface CohortsState {
  home: Loadable<HomeView>;
  /** Full views of the cohorts on the home page (crisis resources, agreement), by id. */
  details: Record<string, CohortView>;
  /** Cohorts I may open from the admin page. */
  list: Loadable<CohortSummary[]>;
  /** The cohort page's cohort; `currentId` guards against replies for one left behind. */
  currentId: string | null;
  current: Loadable<CohortView>;
  members: Loadable<MemberView[]>;
  attendance: Loadable<AttendanceSession[]>;
}

/** Invite options of the admin's "Create invite" form. */
export interface InviteInput {
  role: 'member' | 'facilitator';
  email?: string;
}

/** Cohorts slice: loading the pages' data, and every cohort edit. */
export interface CohortsSlice {
  cohorts: CohortsState;
  loadHome(): Promise<void>;
  loadCohortList(): Promise<void>;
  createCohort(body: NewCohortInput): Promise<ApiResult<CohortView>>;
  /** Opens a cohort page; keeps the data shown while refreshing the same cohort. */
  loadCohort(cohortId: string): Promise<void>;
  updateCohort(cohortId: string, body: UpdateCohortBody): Promise<ApiResult<CohortView>>;
  previewSchedule(cohortId: string, spec: ScheduleSpecInput, zones: string[]): Promise<ApiResult<SchedulePreview>>;
  saveSchedule(cohortId: string, body: PutScheduleBody): Promise<ApiResult<SavedSchedule>>;
  updateSession(cohortId: string, sessionId: string, body: PatchSessionBody): Promise<ApiResult<SessionItem>>;
  /** Saves every session's theme at once (sessions whose theme is unchanged keep their calendar version). */
  saveThemes(cohortId: string, body: PutThemesBody): Promise<ApiResult<SessionItem[]>>;
  createInvite(cohortId: string, input: InviteInput): Promise<ApiResult<CreatedInvite>>;
  loadMembers(cohortId: string): Promise<void>;
  updateMember(cohortId: string, userId: string, body: UpdateMemberBody): Promise<ApiResult<MemberView>>;
  removeMember(cohortId: string, userId: string): Promise<ApiResult<void>>;
  /** Admins: erases a member's whole account (not just their place in this cohort). */
  eraseMember(cohortId: string, userId: string): Promise<ApiResult<ErasureSummary>>;
  /** Admins: deletes the cohort and everything recorded in it. */
  deleteCohort(cohortId: string): Promise<ApiResult<void>>;
  saveAgreement(cohortId: string, text: string, baseVersion: number): Promise<ApiResult<AgreementView>>;
  acceptAgreement(cohortId: string, version: number): Promise<ApiResult<number>>;
  loadAttendance(cohortId: string): Promise<void>;
  /** Forgets everything personal (sign-out). */
  resetCohorts(): void;
}
