/**
 * Every store key Hearth uses, in one place, so that two features can never collide on a
 * key by accident and so an operator can find what lives under `hearth:*` in Redis.
 * Add new keys here (with their type, owning module and lifetime) rather than building
 * strings at call sites.
 *
 * Lifetime: every key either carries a TTL or names the owner that deletes it, and when.
 * Nothing personal may be kept "until someone cleans up"; README § "What Hearth keeps"
 * lists the same facts for people. Erasing a person (privacy/erasure) deletes or
 * anonymises everything below that names them. The `circle:*` keys belong to the circle
 * layer, which deletes a circle's state when its session ends or the circle has been
 * empty past the reconnect grace.
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

  /**
   * string (JSON hosted circle: owner, name, link key hash, lobby). Owner: hosted circles
   * (services/hostedCircles). Lifetime: deleted when its creator ends it or is erased; TTL
   * 30 days from creation or the last new link, 12 h once the link is revoked.
   */
  hostedCircle: (circleId: string): string => `${PREFIX}hosted:${id('circle', circleId)}`,

  /**
   * hash: circleId → epoch ms when the circle's clock must next tick (a turn timer, a waiting
   * floor, a grace deadline). Every node's turn clock reads it, so deadlines survive a node's
   * restart. A field is deleted when nothing is due, and with the circle's rules state.
   * Owner: turn clock (services/turnClock).
   */
  circleDeadlines: (): string => `${PREFIX}circle-deadlines`,

  /** string (JSON `{ startedAt }`), with a short TTL refreshed while the node lives. Owner: presence (services/presence). Lifetime: TTL. */
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

  /** string (JSON UserRecord; never the password hash). Owner: accounts/users. Lifetime: until the account is erased. */
  user: (userId: string): string => `${PREFIX}user:${id('user', userId)}`,

  /**
   * string (argon2id hash), kept apart so no read of a user record can leak it. Owner:
   * accounts/users. Lifetime: until the account is erased (deleted first, so no sign-in can race it).
   */
  userPassword: (userId: string): string => `${PREFIX}user:${id('user', userId)}:password`,

  /**
   * string (user id) per sha256(lower-cased email); claimed with setIfAbsent. Owner:
   * accounts/users. Lifetime: until the account is erased, which frees the email.
   */
  userByEmail: (emailHash: string): string => `${PREFIX}user-email:${id('email', emailHash)}`,

  /**
   * hash: cohortId → role; index of a user's cohorts (cohortMembers is the truth). Owner:
   * cohorts/records/members. Lifetime: a field goes when they leave the cohort; the key when the account is erased.
   */
  userCohorts: (userId: string): string => `${PREFIX}user:${id('user', userId)}:cohorts`,

  /**
   * string (JSON SignIn) per sha256(cookie value). Owner: accounts/signIns.
   * Lifetime: sliding 30-day TTL; deleted on sign-out and, all of a person's, on erasure.
   */
  authSession: (tokenHash: string): string => `${PREFIX}auth-session:${id('token', tokenHash)}`,

  /**
   * string (JSON ExpiringIndex: sha256(cookie value) → expiry ms): a person's sign-in
   * sessions, so all can be ended at once. Owner: accounts/signIns. Lifetime: TTL of
   * the longest session (30 days from its last write); deleted on erasure.
   */
  userAuthSessions: (userId: string): string => `${PREFIX}user:${id('user', userId)}:auth-sessions`,

  /**
   * string (JSON ExpiringIndex: circle id → expiry ms): the hosted circles a person
   * started. Owner: services/hostedCircles. Lifetime: TTL of the longest-lived circle
   * (30 days from its last write); deleted on erasure.
   */
  userHostedCircles: (userId: string): string => `${PREFIX}user:${id('user', userId)}:hosted`,


  /** string (JSON CohortRecord). Owner: cohorts/records/cohortStore. Lifetime: until an admin deletes the cohort. */
  cohort: (cohortId: string): string => `${PREFIX}cohort:${id('cohort', cohortId)}`,

  /**
   * hash: cohortId → created-at ISO; every cohort, for admins' list. Owner:
   * cohorts/records/cohortStore. Lifetime: a field per cohort, deleted with the cohort (no personal data).
   */
  cohortIndex: (): string => `${PREFIX}cohorts`,

  /**
   * string (JSON Record<userId, Membership>), changed only with update(). Owner:
   * cohorts/records/members. Lifetime: a member's entry goes when they leave or are erased;
   * the key with the cohort.
   */
  cohortMembers: (cohortId: string): string => `${PREFIX}cohort:${id('cohort', cohortId)}:members`,

  /**
   * string (JSON CohortSessions: live and retired session records). Owner:
   * cohorts/records/sessionStore. Lifetime: deleted with the cohort (no personal data).
   */
  cohortSessions: (cohortId: string): string => `${PREFIX}cohort:${id('cohort', cohortId)}:sessions`,

  /**
   * string (cohort id owning the session). Owner: cohorts/records/sessionStore. Lifetime:
   * deleted when a new schedule drops the session, and with the cohort.
   */
  sessionCohort: (sessionId: string): string => `${PREFIX}cohort-session:${id('session', sessionId)}:cohort`,

  /**
   * string (JSON Record<userId, AttendanceEntry>). Owner: cohorts/records/attendance.
   * Lifetime: TTL of the retention limit (ATTENDANCE_RETENTION_DAYS) after the latest join,
   * re-derived at every start (privacy/retention); deleted with the cohort; an erased
   * person's entry is anonymised.
   */
  sessionAttendance: (sessionId: string): string => `${PREFIX}cohort-session:${id('session', sessionId)}:attendance`,

  /**
   * string (JSON InviteRecord) per sha256(invite token). Owner: cohorts/records/invites.
   * Lifetime: TTL of 30 days past its expiry; deleted with the cohort; scrubbed of an erased person.
   */
  invite: (tokenHash: string): string => `${PREFIX}invite:${id('token', tokenHash)}`,

  /**
   * string (JSON ExpiringIndex: sha256(invite token) → end of its TTL): a cohort's invites,
   * so they can be found to scrub or delete. Owner: cohorts/records/invites. Lifetime: TTL
   * of the longest invite (90 days from its last write); deleted with the cohort.
   */
  cohortInvites: (cohortId: string): string => `${PREFIX}cohort:${id('cohort', cohortId)}:invites`,

  /**
   * string (JSON FeedOwner: user or cohort) per sha256(calendar token). Owner:
   * accounts/feedTokens. Lifetime: until the token is replaced, or its owner (account, cohort) deleted.
   */
  icalFeed: (tokenHash: string): string => `${PREFIX}ical:${id('token', tokenHash)}`,

  /**
   * Key prefix (not a key) for rate-limiter-flexible's sign-in counters (IP, sha256(email)|IP).
   * Owner: accounts/rateLimit. Lifetime: the library's TTL, the limiter window (15 min).
   */
  signInLimiterPrefix: (scope: 'ip' | 'email-ip'): string => `${PREFIX}ratelimit:sign-in:${scope}`,
} as const;

/** The prefix shared by every Hearth key (e.g. for SCAN-based tooling). */
export const KEY_PREFIX = PREFIX;
