import type { CircleAccessView, CircleDefaults, HomeWindow } from '@hearth/shared';
import { agreementAccepted } from '../cohorts/records/cohortAccess';
import type { CohortRecord, Membership } from '../cohorts/records/types';
import { sessionItem, viewerZone } from '../cohorts/records/views';
import type { SessionRecord } from '../cohorts/sessions';
import { windowState } from '../cohorts/window';
import { DomainError } from '../errors';
import type { Users } from '../accounts/users';
import type { SessionWithCohort } from '../cohorts/records/cohortAccess';
import type { Cohorts } from '../cohorts/records/cohortStore';
import type { Members } from '../cohorts/records/members';
import type { SessionStore } from '../cohorts/records/sessionStore';
import type { CohortAccess } from '../cohorts/records/types';

/** What deciding access needs of accounts and cohorts (the domain's services, not the HTTP layer). */
export interface AccessSources {
  readonly users: Pick<Users, 'get'>;
  readonly cohorts: Pick<Cohorts, 'update'>;
  readonly members: Pick<Members, 'get'>;
  readonly sessions: Pick<SessionStore, 'get'>;
  getCohortAccess(userId: string, cohortId: string): Promise<CohortAccess | null>;
  sessionById(sessionId: string): Promise<SessionWithCohort | null>;
}
import { HostedCircles, type HostedCircle } from './hostedCircles';

/** Who may enter a circle, and as what. */
export type CircleGrant =
  | { kind: 'open' }
  | { kind: 'hosted'; circle: HostedCircle; role: 'facilitator' | 'member'; lobby: boolean }
  | {
      kind: 'session';
      cohort: CohortRecord;
      session: SessionRecord;
      membership: Membership;
      role: 'facilitator' | 'member';
      window: HomeWindow;
      agreementAccepted: boolean;
      /** Members wait in the lobby (facilitators never do). */
      lobby: boolean;
    };

/**
 * Decides who may enter which circle. A circle whose id is a cohort session's id is that
 * session's circle: only the cohort's members and facilitators, only inside its window,
 * after accepting the group agreement. A hosted circle (started by a signed-in person) is
 * facilitated by its creator and reached by guests through its link and lobby. Any other
 * id is an open circle only where open circles are allowed (OPEN_CIRCLES).
 */
export class CircleAccess {
  constructor(
    private readonly api: AccessSources,
    readonly hosted: HostedCircles,
    private readonly opts: {
      clock?: () => number;
      allowOpenCircles: boolean;
      /** The circle's live lock and end (from its rules state); null: it has none yet. */
      circleStatus?: (circleId: string) => Promise<{ locked: boolean; ended: boolean } | null>;
    },
  ) {}

  private get clock(): () => number {
    return this.opts.clock ?? Date.now;
  }

  /** The grant for `userId` (null: signed out); throws UNAUTHENTICATED or NOT_FOUND. */
  async resolve(circleId: string, userId: string | null, linkKey?: string): Promise<CircleGrant> {
    const found = await this.api.sessionById(circleId);
    if (!found) {
      const hosted = await this.hosted.get(circleId);
      if (hosted) {
        if (userId !== null && userId === hosted.ownerId) return { kind: 'hosted', circle: hosted, role: 'facilitator', lobby: false };
        if (!HostedCircles.keyMatches(hosted, linkKey)) throw new DomainError('NOT_FOUND', 'This link no longer works: ask for a new one.');
        return { kind: 'hosted', circle: hosted, role: 'member', lobby: hosted.lobbyEnabled };
      }
      // An ended (or expired) hosted circle's id never comes back as an open circle.
      if (HostedCircles.isHostedId(circleId)) throw new DomainError('NOT_FOUND', 'This circle has ended.');
      if (this.opts.allowOpenCircles) return { kind: 'open' };
      throw new DomainError('NOT_FOUND', 'There is no such circle.');
    }
    if (!userId) throw new DomainError('UNAUTHENTICATED', 'Sign in to join your cohort’s circle.');
    const membership = await this.api.members.get(found.cohort.id, userId);
    // Admins who are not in the cohort do not sit in its circle: the circle is the cohort's.
    if (!membership) throw new DomainError('NOT_FOUND', 'This circle isn’t one of yours.');
    const { cohort, session } = found;
    const state = windowState([session], new Date(this.clock()).toISOString(), {
      openBeforeMinutes: cohort.openBeforeMinutes,
      graceMinutes: cohort.graceMinutes,
    });
    const window: HomeWindow =
      state.state === 'open'
        ? { state: 'open', sessionId: session.id, opensAt: state.opensAt, closesAt: state.closesAt }
        : state.state === 'notYet'
          ? { state: 'notYet', sessionId: session.id, opensAt: state.nextOpensAt }
          : { state: 'over' };
    return {
      kind: 'session',
      cohort,
      session,
      membership,
      role: membership.role === 'facilitator' ? 'facilitator' : 'member',
      window,
      agreementAccepted: agreementAccepted(cohort, membership.acceptedAgreementVersion),
      lobby: cohort.lobbyEnabled && membership.role !== 'facilitator',
    };
  }

  /** Refuses entry outside the window or without the agreement (re-affirmed for this session). */
  static requireEntry(grant: CircleGrant, affirmed: boolean | undefined): void {
    if (grant.kind !== 'session') return;
    if (grant.window.state === 'notYet') throw new DomainError('CIRCLE_CLOSED', `This circle opens at ${grant.window.opensAt}.`);
    if (grant.window.state === 'over') {
      throw new DomainError('CIRCLE_CLOSED', grant.session.endedAt ? 'This session has ended.' : 'This session’s circle has closed.');
    }
    if (!grant.agreementAccepted) throw new DomainError('AGREEMENT_REQUIRED', 'Please read and accept the group agreement first.');
    if (!affirmed) throw new DomainError('AGREEMENT_REQUIRED', 'Please affirm the group agreement for this session.');
  }

  /**
   * "Save these settings for next time": the rules the circle's next sessions start with.
   * A session circle saves them on its cohort (its facilitators and admins may); a hosted
   * circle on itself (its creator may). Others get NOT_FOUND, as for any circle not theirs.
   */
  async saveStartingRules(circleId: string, userId: string, rules: CircleDefaults): Promise<CircleDefaults> {
    const found = await this.api.sessionById(circleId);
    if (found) {
      const access = await this.api.getCohortAccess(userId, found.cohort.id);
      if (!access?.canManage) throw new DomainError('NOT_FOUND', 'This circle isn’t one you facilitate.');
      const cohort = await this.api.cohorts.update(found.cohort.id, { circleDefaults: rules });
      return cohort.circleDefaults ?? {};
    }
    await this.hosted.setDefaults(circleId, userId, rules);
    return rules;
  }

  /** What the pre-join screen shows. */
  async view(circleId: string, userId: string | null, linkKey?: string): Promise<CircleAccessView> {
    const grant = await this.resolve(circleId, userId, linkKey);
    if (grant.kind === 'open') return { kind: 'open' };
    const status = (await this.opts.circleStatus?.(circleId)) ?? { locked: false, ended: false };
    if (grant.kind === 'hosted') {
      return { kind: 'hosted', name: grant.circle.name, role: grant.role, lobby: grant.lobby, ended: status.ended, locked: status.locked };
    }
    const [user, { sessions }] = await Promise.all([userId ? this.api.users.get(userId) : null, this.api.sessions.get(grant.cohort.id)]);
    const zone = viewerZone(user ?? { timeZone: null }, grant.cohort);
    const after = Math.max(this.clock(), Date.parse(grant.session.startsAt));
    const next = sessions
      .filter((s) => s.id !== grant.session.id && s.status === 'scheduled' && !s.endedAt && Date.parse(s.startsAt) > after)
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
    const endedAt = grant.session.endedAt ?? (status.ended ? new Date(this.clock()).toISOString() : null);
    return {
      kind: 'session',
      cohort: { id: grant.cohort.id, name: grant.cohort.name, crisisResources: grant.cohort.crisisResources },
      // The rules state may know of the end first (its record is written just after).
      session: { ...sessionItem(grant.session, zone), endedAt },
      window: endedAt ? { state: 'over' } : grant.window,
      role: grant.role,
      displayName: grant.membership.displayName,
      agreement: { ...grant.cohort.agreement, accepted: grant.agreementAccepted },
      lobby: grant.lobby,
      locked: status.locked && !endedAt,
      next: next ? sessionItem(next, zone) : null,
    };
  }
}
