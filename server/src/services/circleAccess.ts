import type { CircleAccessView, HomeWindow } from '@hearth/shared';
import { agreementAccepted } from '../cohorts/api/access';
import type { CohortRecord, Membership } from '../cohorts/api/types';
import { sessionItem, viewerZone } from '../cohorts/api/views';
import type { SessionRecord } from '../cohorts/sessions';
import { windowState } from '../cohorts/window';
import { DomainError } from '../errors';
import type { ApiServices } from '../http/api';

/** Who may enter a circle, and as what. */
export type CircleGrant =
  | { kind: 'open' }
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
 * after accepting the group agreement. Any other id is an open (ad-hoc) circle.
 */
export class CircleAccess {
  constructor(
    private readonly api: ApiServices,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The grant for `userId` (null: signed out); throws UNAUTHENTICATED or NOT_FOUND. */
  async resolve(circleId: string, userId: string | null): Promise<CircleGrant> {
    const found = await this.api.sessionById(circleId);
    if (!found) return { kind: 'open' };
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
    if (grant.window.state === 'over') throw new DomainError('CIRCLE_CLOSED', 'This session’s circle has closed.');
    if (!grant.agreementAccepted) throw new DomainError('AGREEMENT_REQUIRED', 'Please read and accept the group agreement first.');
    if (!affirmed) throw new DomainError('AGREEMENT_REQUIRED', 'Please affirm the group agreement for this session.');
  }

  /** What the pre-join screen shows. */
  async view(circleId: string, userId: string | null): Promise<CircleAccessView> {
    const grant = await this.resolve(circleId, userId);
    if (grant.kind === 'open') return { kind: 'open' };
    const user = userId ? await this.api.users.get(userId) : null;
    const zone = viewerZone(user ?? { timeZone: null }, grant.cohort);
    return {
      kind: 'session',
      cohort: { id: grant.cohort.id, name: grant.cohort.name, crisisResources: grant.cohort.crisisResources },
      session: sessionItem(grant.session, zone),
      window: grant.window,
      role: grant.role,
      displayName: grant.membership.displayName,
      agreement: { ...grant.cohort.agreement, accepted: grant.agreementAccepted },
      lobby: grant.lobby,
    };
  }
}
