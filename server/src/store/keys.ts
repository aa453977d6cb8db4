/**
 * Every store key Hearth uses, in one place, so that two features can never collide on a
 * key by accident and so an operator can find what lives under `hearth:*` in Redis.
 * Add new keys here (with their type and owning module) rather than building strings
 * at call sites.
 */

/** Namespace for every key, so Hearth can share a Redis database with other apps. */
const PREFIX = 'hearth:';

/** Ids end up inside keys; a `:` or empty id would silently alias another key. */
function id(kind: string, value: string): string {
  if (value.length === 0 || value.includes(':')) {
    throw new Error(`invalid ${kind} id for a store key: ${JSON.stringify(value)}`);
  }
  return value;
}

/** Key builders. Each returns the full, prefixed key. */
export const keys = {
  /**
   * string (JSON `{ holder: nodeId, epoch }`): the lease naming the node that is the circle's
   * home (hosts its router, applies its commands), with a short TTL renewed while that node
   * lives. Owner: circle homes (services/circleHomes).
   */
  circleHome: (circleId: string): string => `${PREFIX}circle:${id('circle', circleId)}:home`,

  /** string (integer): the circle home lease's epoch counter (fencing tokens), TTL 12 h. Owner: circle homes. */
  circleHomeEpoch: (circleId: string): string => `${PREFIX}circle:${id('circle', circleId)}:home-epoch`,

  /**
   * string (JSON `{ state: CircleState, recent: string[] }`: the rules engine's state and the
   * ids of recently applied commands), with an idle TTL. Owner: rules service.
   */
  circleRules: (circleId: string): string => `${PREFIX}circle:${id('circle', circleId)}:rules`,

  /** string (participant id) per sha256(rejoin token), with a TTL. Owner: rejoin tokens (services/identity). */
  circleRejoin: (circleId: string, tokenHash: string): string =>
    `${PREFIX}circle:${id('circle', circleId)}:rejoin:${id('token', tokenHash)}`,

  /** hash: entry id → JSON lobby entry (socket, user, name, since). Owner: lobby (services/lobby). */
  circleLobby: (circleId: string): string => `${PREFIX}circle:${id('circle', circleId)}:lobby`,

  /** string (user id) per sha256(admission ticket), with a short TTL. Owner: lobby (services/lobby). */
  circleAdmission: (circleId: string, ticketHash: string): string =>
    `${PREFIX}circle:${id('circle', circleId)}:admission:${id('ticket', ticketHash)}`,

  /** string (JSON hosted circle: owner, name, link key hash, lobby). Owner: hosted circles (services/hostedCircles). */
  hostedCircle: (circleId: string): string => `${PREFIX}hosted:${id('circle', circleId)}`,

  /**
   * hash: circleId → epoch ms when the circle's clock must next tick (a turn timer, a waiting
   * floor, a grace deadline). Every node's turn clock reads it, so deadlines survive a node's
   * restart. A field is deleted when nothing is due, and with the circle's rules state.
   * Owner: turn clock (services/turnClock).
   */
  circleDeadlines: (): string => `${PREFIX}circle-deadlines`,

  /** string (JSON `{ startedAt }`), with a short TTL refreshed while the node lives. Owner: presence (services/presence). */
  node: (nodeId: string): string => `${PREFIX}node:${id('node', nodeId)}`,

  /**
   * hash: nodeId → JSON `{ startedAt }`: every node that may hold connections. A node whose
   * `node` heartbeat lapsed is swept (its people become reconnecting) and removed from here.
   * Owner: presence (services/presence).
   */
  nodeIndex: (): string => `${PREFIX}nodes`,

  /**
   * hash: `<circleId> <peerId>` → attachment number of the connections this node holds, so
   * whoever sweeps a dead node knows whose connection died. Deleted by the sweep.
   * Owner: presence (services/presence).
   */
  nodeAttachments: (nodeId: string): string => `${PREFIX}node:${id('node', nodeId)}:attachments`,

  /** string (JSON UserRecord; never the password hash). Owner: accounts/users. */
  user: (userId: string): string => `${PREFIX}user:${id('user', userId)}`,

  /** string (argon2id hash), kept apart so no read of a user record can leak it. Owner: accounts/users. */
  userPassword: (userId: string): string => `${PREFIX}user:${id('user', userId)}:password`,

  /** string (user id) per sha256(lower-cased email); claimed with setIfAbsent. Owner: accounts/users. */
  userByEmail: (emailHash: string): string => `${PREFIX}user-email:${id('email', emailHash)}`,

  /** hash: cohortId → role; index of a user's cohorts (cohortMembers is the truth). Owner: cohorts/api/members. */
  userCohorts: (userId: string): string => `${PREFIX}user:${id('user', userId)}:cohorts`,

  /** string (JSON AuthSession) per sha256(cookie value), sliding TTL. Owner: accounts/authSessions. */
  authSession: (tokenHash: string): string => `${PREFIX}auth-session:${id('token', tokenHash)}`,

  /** string (JSON CohortRecord). Owner: cohorts/api/cohortStore. */
  cohort: (cohortId: string): string => `${PREFIX}cohort:${id('cohort', cohortId)}`,

  /** hash: cohortId → created-at ISO; every cohort, for admins' list. Owner: cohorts/api/cohortStore. */
  cohortIndex: (): string => `${PREFIX}cohorts`,

  /** string (JSON Record<userId, Membership>), changed only with update(). Owner: cohorts/api/members. */
  cohortMembers: (cohortId: string): string => `${PREFIX}cohort:${id('cohort', cohortId)}:members`,

  /** string (JSON CohortSessions: live and retired session records). Owner: cohorts/api/sessionStore. */
  cohortSessions: (cohortId: string): string => `${PREFIX}cohort:${id('cohort', cohortId)}:sessions`,

  /** string (cohort id owning the session). Owner: cohorts/api/sessionStore. */
  sessionCohort: (sessionId: string): string => `${PREFIX}cohort-session:${id('session', sessionId)}:cohort`,

  /** string (JSON Record<userId, AttendanceEntry>). Owner: cohorts/api/attendance. */
  sessionAttendance: (sessionId: string): string => `${PREFIX}cohort-session:${id('session', sessionId)}:attendance`,

  /** string (JSON InviteRecord) per sha256(invite token), with a TTL past expiry. Owner: cohorts/api/invites. */
  invite: (tokenHash: string): string => `${PREFIX}invite:${id('token', tokenHash)}`,

  /** string (JSON FeedOwner: user or cohort) per sha256(calendar token). Owner: accounts/feedTokens. */
  icalFeed: (tokenHash: string): string => `${PREFIX}ical:${id('token', tokenHash)}`,

  /** Key prefix (not a key) for rate-limiter-flexible's sign-in counters. Owner: accounts/rateLimit. */
  signInLimiterPrefix: (scope: 'ip' | 'email-ip'): string => `${PREFIX}ratelimit:sign-in:${scope}`,
} as const;

/** The prefix shared by every Hearth key (e.g. for SCAN-based tooling). */
export const KEY_PREFIX = PREFIX;
