import type { CircleState } from '@hearth/shared';
import { DomainError } from '../errors';
import type { Notifier } from '../media/notifier';
import type { Room } from '../media/room';
import type { CircleGrant } from './circleAccess';
import type { Lobby } from './lobby';
import type { RulesService } from './rulesService';

/**
 * The lobbies of circles that have one (session circles for members, hosted circles for
 * guests): knocking, admitting with tickets, and keeping facilitators told who waits.
 */
export class LobbyDesk {
  constructor(
    private readonly lobby: Lobby,
    private readonly rules: RulesService,
    private readonly notifier: Notifier,
    private readonly roomOf: (peerId: string) => Room,
  ) {}

  /** Waits in a circle's lobby (a session's, or a hosted circle's); facilitators are told. */
  async knock(socketId: string, userId: string | null, circleId: string, grant: CircleGrant, displayName?: string): Promise<{ entryId: string }> {
    if (grant.kind === 'open' || !grant.lobby) throw new DomainError('NOT_ALLOWED', 'No need to wait: join directly.');
    let name: string;
    if (grant.kind === 'session') {
      if (grant.window.state !== 'open') throw new DomainError('CIRCLE_CLOSED', 'This circle is not open now.');
      if (!grant.agreementAccepted) throw new DomainError('AGREEMENT_REQUIRED', 'Please read and accept the group agreement first.');
      name = grant.membership.displayName;
    } else {
      if (!displayName) throw new DomainError('INVALID_PAYLOAD', 'knockCircle: a display name is required');
      name = displayName;
    }
    const entryId = await this.lobby.knock(circleId, socketId, guestKey(socketId, userId, grant.kind === 'session'), name);
    await this.notify(circleId);
    return { entryId };
  }

  /** Stops waiting (asked, or the connection closed). */
  async cancelKnock(socketId: string, circleId: string): Promise<void> {
    if (await this.lobby.leave(circleId, socketId)) await this.notify(circleId);
  }

  /** A facilitator in the circle lets one person, or everyone, in from its lobby. */
  async admit(peerId: string, which: { entryId: string } | { all: true }): Promise<{ admitted: number }> {
    const room = this.roomOf(peerId);
    const state = await this.rules.state(room.circleId);
    if (state?.participants[peerId]?.role !== 'facilitator') throw new DomainError('NOT_ALLOWED', 'Only a facilitator can do that.');
    const admissions = await this.lobby.admit(room.circleId, which);
    if ('entryId' in which && admissions.length === 0) throw new DomainError('NOT_FOUND', 'That person is no longer waiting.');
    for (const a of admissions) this.notifier.toSocket(a.socketId, 'admitted', { circleId: room.circleId, ticket: a.ticket });
    await this.notify(room.circleId);
    return { admitted: admissions.length };
  }

  /** Tells the circle's facilitators who is waiting. */
  async notify(circleId: string): Promise<void> {
    const [waiting, state] = await Promise.all([this.lobby.waiting(circleId), this.rules.state(circleId)]);
    if (!state) return;
    for (const p of Object.values(state.participants)) {
      if (p.role === 'facilitator' && p.presence !== 'left') this.notifier.toPeer(p.id, 'lobbyChanged', { circleId, waiting });
    }
  }

  /**
   * Whether a join may skip or passes the lobby. Someone already in this circle's session
   * comes back without it; others need a facilitator's admission ticket (when there is a
   * lobby) and, in a session circle, a free member seat.
   */
  async checkJoin(
    grant: CircleGrant,
    j: { circleId: string; socketId: string; peerId: string; userId: string | null | undefined; known: boolean; state: CircleState | null; ticket: string | undefined },
  ): Promise<void> {
    if (grant.kind === 'open' || j.known) return;
    const owner = grant.kind === 'session' ? j.peerId : guestKey(j.socketId, j.userId);
    if (grant.lobby && !(await this.lobby.redeem(j.circleId, owner, j.ticket))) {
      throw new DomainError('LOBBY_REQUIRED', 'Please wait in the lobby until a facilitator lets you in.');
    }
    if (grant.kind !== 'session' || grant.role !== 'member') return;
    const members = Object.values(j.state?.participants ?? {}).filter((p) => p.role === 'member' && p.presence !== 'left').length;
    if (members >= grant.cohort.capacity) throw new DomainError('ROOM_FULL', `This circle is full (${grant.cohort.capacity} members).`);
  }
}

/**
 * Whom a lobby place and its ticket belong to: the account in a session circle; in a hosted
 * circle the connection (guests have no account, and a ticket must not travel).
 */
function guestKey(socketId: string, userId: string | null | undefined, isSession = false): string {
  return isSession && userId ? userId : `guest:${socketId}`;
}
