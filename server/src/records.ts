import { SignIns } from './accounts/signIns';
import { FeedTokens } from './accounts/feedTokens';
import { SignInLimiter } from './accounts/rateLimit';
import type { AuthedUser } from './accounts/types';
import { Users } from './accounts/users';
import { getCohortAccess, hasAcceptedAgreement, type SessionWithCohort } from './cohorts/records/cohortAccess';
import { Attendance } from './cohorts/records/attendance';
import { Cohorts } from './cohorts/records/cohortStore';
import { Invites } from './cohorts/records/invites';
import { Members } from './cohorts/records/members';
import { SessionStore } from './cohorts/records/sessionStore';
import type { CohortAccess } from './cohorts/records/types';
import { Urls } from './cohorts/records/urls';
import { DomainError } from './errors';
import { HostedCircles } from './services/hostedCircles';
import type { SignInLimits } from './accounts/rateLimit';
import type { Store } from './store/types';

/** What the records are built on. */
export interface RecordsDeps {
  store: Store;
  /** Epoch ms; injected so tests can move time (invite expiry, join windows). */
  clock: () => number;
  config: {
    /** Origin people reach Hearth at, e.g. "https://hearth.example.org": used in invite and calendar links. */
    publicUrl: string;
    /** Overrides of the sign-in rate limits (tests, unusual deployments). */
    signInLimits?: Partial<SignInLimits>;
    /** How long attendance is kept after a session's latest join (default: 400 days). */
    attendanceRetentionMs?: number;
  };
  /**
   * Called after a person's account was erased, to end what the records cannot reach: their
   * live socket connections on every node.
   */
  onUserErased?: (userId: string) => Promise<void>;
}

/**
 * What Hearth keeps of accounts and cohorts (users, sign-ins, cohorts, members, sessions,
 * invites, attendance, calendar feeds, hosted circles), bound to one store and clock. The
 * HTTP API, the circle layer and the privacy jobs all work through it.
 */
export interface Records {
  readonly users: Users;
  readonly signIns: SignIns;
  readonly cohorts: Cohorts;
  readonly members: Members;
  readonly sessions: SessionStore;
  readonly invites: Invites;
  readonly attendance: Attendance;
  readonly feeds: FeedTokens;
  /** Circles people start outside a cohort (their records; the circle layer uses the same). */
  readonly hosted: HostedCircles;
  readonly limiter: SignInLimiter;
  readonly urls: Urls;
  readonly clock: () => number;
  /** See RecordsDeps.onUserErased. */
  readonly onUserErased: (userId: string) => Promise<void>;

  /** The person behind a Cookie header (socket.io handshake), or null. */
  authenticateCookieHeader(cookieHeader: string | undefined): Promise<AuthedUser | null>;
  /** What the user may do in the cohort; null: they may not see it (answer as "not found"). */
  getCohortAccess(userId: string, cohortId: string): Promise<CohortAccess | null>;
  /** A live (not retired) session and its cohort, or null. Session ids double as circle ids. */
  sessionById(sessionId: string): Promise<SessionWithCohort | null>;
  /** Whether the user accepted the cohort's current agreement (true when there is none). */
  hasAcceptedAgreement(userId: string, cohortId: string): Promise<boolean>;
  /** Records that a person joined a session's circle at `at` (epoch ms); 404 for an unknown session. */
  recordAttendance(sessionId: string, userId: string, displayName: string, at: number): Promise<void>;
}

/**
 * Builds the records. Stateless apart from the in-memory rate limiter used with the
 * embedded store, so the circle layer may call this once and keep the result.
 */
export function createRecords(deps: RecordsDeps): Records {
  const { store, clock } = deps;
  const users = new Users(store, clock);
  const signIns = new SignIns(store, users, clock);
  const cohorts = new Cohorts(store, clock);
  const members = new Members(store);
  const sessions = new SessionStore(store, clock);
  const attendance = new Attendance(store, clock, deps.config.attendanceRetentionMs);
  const access = { users, cohorts, members };
  return {
    users,
    signIns,
    cohorts,
    members,
    sessions,
    invites: new Invites(store, clock),
    attendance,
    feeds: new FeedTokens(store),
    hosted: new HostedCircles(store, clock),
    limiter: new SignInLimiter(store, deps.config.signInLimits),
    urls: new Urls(deps.config.publicUrl),
    clock,
    onUserErased: deps.onUserErased ?? (async () => undefined),
    authenticateCookieHeader: (header) => signIns.authenticateCookieHeader(header),
    getCohortAccess: (userId, cohortId) => getCohortAccess(access, userId, cohortId),
    async sessionById(sessionId) {
      const found = await sessions.byId(sessionId);
      const cohort = found && (await cohorts.get(found.cohortId));
      return found && cohort ? { cohort, session: found.session } : null;
    },
    hasAcceptedAgreement: (userId, cohortId) => hasAcceptedAgreement(access, userId, cohortId),
    async recordAttendance(sessionId, userId, displayName, at) {
      if (!(await sessions.byId(sessionId))) throw new DomainError('NOT_FOUND', 'no such session');
      await attendance.record(sessionId, userId, displayName, at);
    },
  };
}
