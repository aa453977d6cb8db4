import type {
  AcceptedInvite,
  AcceptInviteBody,
  AgreementView,
  AttendanceSession,
  CircleAccessView,
  CircleDefaults,
  CohortSummary,
  CohortView,
  CreateCohortBody,
  CreatedInvite,
  ErasureSummary,
  HostedCircleLink,
  HomeView,
  InviteView,
  MemberView,
  MeView,
  PatchSessionBody,
  PersonalDataExport,
  PutScheduleBody,
  PutThemesBody,
  SavedSchedule,
  SchedulePreview,
  ScheduleSpecInput,
  SessionItem,
  SessionView,
  UpdateCohortBody,
  UpdateMeBody,
  UpdateMemberBody,
} from '@hearth/shared';
import type { ApiCall } from './api';

/**
 * One typed function per API route, so the store never spells a path or guesses a
 * reply's shape. Request types come from the shared zod schemas. Bodies are the schemas'
 * *input* shapes: fields with server defaults may be left out.
 */

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** Body of "New cohort": name and zone are required, the rest have server defaults. */
export type NewCohortInput = Optional<CreateCohortBody, Exclude<keyof CreateCohortBody, 'name' | 'timeZone'>>;

const id = encodeURIComponent;

/** Builds the typed endpoints over an {@link ApiCall}. */
export function createHearthApi(call: ApiCall) {
  return {
    session: () => call<SessionView>('GET', '/session'),
    signIn: (email: string, password: string) => call<SessionView>('POST', '/auth/sign-in', { email, password }),
    signOut: () => call<void>('POST', '/auth/sign-out'),
    updateMe: (body: UpdateMeBody) => call<MeView>('PATCH', '/me', body),
    /** Everything Hearth keeps about me, as JSON. */
    exportMyData: () => call<PersonalDataExport>('GET', '/me/export'),
    /** Erases my account; the password confirms it is me. */
    deleteMe: (password: string) => call<ErasureSummary>('DELETE', '/me', { password }),
    /** An admin erases someone's account. */
    eraseUser: (userId: string) => call<ErasureSummary>('DELETE', `/admin/users/${id(userId)}`),
    home: () => call<HomeView>('GET', '/home'),
    cohorts: () => call<CohortSummary[]>('GET', '/cohorts'),
    createCohort: (body: NewCohortInput) => call<CohortView>('POST', '/cohorts', body),
    cohort: (cohortId: string) => call<CohortView>('GET', `/cohorts/${id(cohortId)}`),
    updateCohort: (cohortId: string, body: UpdateCohortBody) => call<CohortView>('PATCH', `/cohorts/${id(cohortId)}`, body),
    saveSchedule: (cohortId: string, body: PutScheduleBody) => call<SavedSchedule>('PUT', `/cohorts/${id(cohortId)}/schedule`, body),
    /** Every session's theme in one save. */
    saveThemes: (cohortId: string, body: PutThemesBody) => call<{ sessions: SessionItem[] }>('PUT', `/cohorts/${id(cohortId)}/themes`, body),
    previewSchedule: (cohortId: string, spec: ScheduleSpecInput, zones: string[]) =>
      call<SchedulePreview>('POST', `/cohorts/${id(cohortId)}/schedule/preview`, { spec, zones }),
    patchSession: (cohortId: string, sessionId: string, body: PatchSessionBody) =>
      call<SessionItem>('PATCH', `/cohorts/${id(cohortId)}/sessions/${id(sessionId)}`, body),
    createInvite: (cohortId: string, body: { role: 'member' | 'facilitator'; email?: string; expiresInDays?: number }) =>
      call<CreatedInvite>('POST', `/cohorts/${id(cohortId)}/invites`, body),
    members: (cohortId: string) => call<MemberView[]>('GET', `/cohorts/${id(cohortId)}/members`),
    updateMember: (cohortId: string, userId: string, body: UpdateMemberBody) =>
      call<MemberView>('PATCH', `/cohorts/${id(cohortId)}/members/${id(userId)}`, body),
    removeMember: (cohortId: string, userId: string) => call<void>('DELETE', `/cohorts/${id(cohortId)}/members/${id(userId)}`),
    /** Admins: deletes a cohort with its members list, sessions, attendance and invites. */
    deleteCohort: (cohortId: string) => call<void>('DELETE', `/cohorts/${id(cohortId)}`),
    saveAgreement: (cohortId: string, text: string, baseVersion: number) =>
      call<AgreementView>('PUT', `/cohorts/${id(cohortId)}/agreement`, { text, baseVersion }),
    acceptAgreement: (cohortId: string, version: number) =>
      call<{ acceptedAgreementVersion: number; acceptedAt: string }>('POST', `/cohorts/${id(cohortId)}/agreement/accept`, { version }),
    attendance: (cohortId: string) => call<AttendanceSession[]>('GET', `/cohorts/${id(cohortId)}/attendance`),
    /** What the circle page needs before joining: an open circle, or a cohort session's details. */
    circleAccess: (circleId: string, linkKey?: string | null) =>
      call<CircleAccessView>('GET', `/circles/${id(circleId)}${linkKey ? `?k=${id(linkKey)}` : ''}`),
    /** "Save these settings for next time": the rules the circle's next sessions start with. */
    saveCircleDefaults: (circleId: string, rules: CircleDefaults) =>
      call<{ rules: CircleDefaults }>('PUT', `/circles/${id(circleId)}/defaults`, { rules }),
    /** Starts a hosted circle (signed in): its id, name and shareable link. */
    createHostedCircle: (name: string) => call<HostedCircleLink>('POST', '/circles', { name }),
    /** The creator replaces (or, with `revoke`, kills) a hosted circle's link. */
    rotateHostedLink: (circleId: string, revoke = false) =>
      call<HostedCircleLink>('POST', `/circles/${id(circleId)}/link`, revoke ? { revoke: true } : {}),
    /** The creator ends a hosted circle for good. */
    endHostedCircle: (circleId: string) => call<void>('DELETE', `/circles/${id(circleId)}`),
    invite: (token: string) => call<InviteView>('GET', `/invites/${id(token)}`),
    acceptInvite: (token: string, body: AcceptInviteBody) => call<AcceptedInvite>('POST', `/invites/${id(token)}/accept`, body),
  };
}

/** The typed API the store's actions use. */
export type HearthApi = ReturnType<typeof createHearthApi>;
