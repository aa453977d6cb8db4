import type { CircleState } from '@hearth/shared';
import { DomainError } from '../errors';
import type { Notifier } from '../transport/notifier';
import type { Room } from '../media/room';
import type { CircleGrant } from './circleAccess';
import type { Lobby, StoredEntry } from './lobby';
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
    const state = await this.rules.state(circleId);
    if (state?.ended || (grant.kind === 'session' && grant.session.endedAt)) throw new DomainError('CIRCLE_CLOSED', 'This session has ended.');
    const owner = guestKey(socketId, userId, grant.kind === 'session');
    // Someone already in this session's circle comes back without the lobby (as a join would).
    const returning = state !== null && Object.prototype.hasOwnProperty.call(state.participants, owner);
    // Locked: nobody new knocks (someone removed earlier may still ask to come back).
    if (state?.locked && !returning && !state.removed.includes(owner)) {
      throw new DomainError('NOT_ALLOWED', "The circle is locked just now: the facilitators aren't letting anyone new in. You could try again a little later.");
    }
    if (grant.kind === 'session') {
      if (grant.window.state !== 'open') throw new DomainError('CIRCLE_CLOSED', 'This circle is not open now.');
      if (!grant.agreementAccepted) throw new DomainError('AGREEMENT_REQUIRED', 'Please read and accept the group agreement first.');
      name = grant.membership.displayName;
    } else {
      if (!displayName) throw new DomainError('INVALID_PAYLOAD', 'knockCircle: a display name is required');
      name = displayName;
    }
    const entryId = await this.lobby.knock(circleId, socketId, owner, name);
    if (returning) {
      // No one needs to decide: let them straight back in rather than keep them waiting.
      for (const a of await this.lobby.admit(circleId, { entryId })) this.notifier.toSocket(a.socketId, 'admitted', { circleId, ticket: a.ticket });
      return { entryId };
    }
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
    // While locked, people come in one by one, by name: never everyone at once.
    if ('all' in which && state.locked) throw new DomainError('NOT_ALLOWED', 'The circle is locked: let people in one at a time, or unlock it first.');
    const removed = (e: StoredEntry) => state.removed.includes(e.userId);
    if ('entryId' in which) {
      const entry = await this.lobby.entry(room.circleId, which.entryId);
      if (entry && removed(entry)) {
        throw new DomainError('NOT_ALLOWED', `${entry.displayName} was removed earlier: let them back in first (readmit), then admit them.`);
      }
    }
    // "Let everyone in" leaves anyone removed earlier waiting: that is a choice made by name.
    const admissions = await this.lobby.admit(room.circleId, which, removed);
    if ('entryId' in which && admissions.length === 0) throw new DomainError('NOT_FOUND', 'That person is no longer waiting.');
    for (const a of admissions) this.notifier.toSocket(a.socketId, 'admitted', { circleId: room.circleId, ticket: a.ticket });
    await this.notify(room.circleId);
    return { admitted: admissions.length };
  }

  /** Tells the circle's facilitators who is waiting, and each person waiting how their wait stands. */
  async notify(circleId: string): Promise<void> {
    const state = await this.rules.state(circleId);
    const removedIds = state?.removed ?? [];
    const [waiting, entries] = await Promise.all([this.lobby.waiting(circleId, removedIds), this.lobby.entries(circleId)]);
    const facilitators = Object.values(state?.participants ?? {}).filter((p) => p.role === 'facilitator' && p.presence !== 'left');
    for (const p of facilitators) this.notifier.toPeer(p.id, 'lobbyChanged', { circleId, waiting });
    for (const e of entries) {
      this.notifier.toSocket(e.socketId, 'lobbyStatus', {
        circleId,
        ended: state?.ended ?? false,
        locked: state?.locked ?? false,
        facilitatorPresent: facilitators.some((p) => p.presence === 'present'),
        removed: removedIds.includes(e.userId),
      });
    }
  }

  /** The session ended: everyone waiting is told (kindly, by their screen) and the lobby empties. */
  async close(circleId: string): Promise<void> {
    const gone = await this.lobby.clear(circleId);
    const state = await this.rules.state(circleId);
    for (const e of gone) {
      const status = { circleId, ended: true, locked: state?.locked ?? false, facilitatorPresent: false, removed: false };
      this.notifier.toSocket(e.socketId, 'lobbyStatus', status);
    }
    if (gone.length > 0) await this.notify(circleId);
  }

  /**
   * Whether a join may skip or passes the lobby. Someone already in this circle's session
   * comes back without it; others need a facilitator's admission ticket (when there is a
   * lobby) and, in a session circle, a free member seat. Resolves true when a facilitator's
   * ticket let them in by name (a lock does not keep such a person out).
   */
  async checkJoin(
    grant: CircleGrant,
    j: { circleId: string; socketId: string; peerId: string; userId: string | null | undefined; known: boolean; state: CircleState | null; ticket: string | undefined },
  ): Promise<boolean> {
    if (grant.kind === 'open' || j.known) return false;
    const owner = grant.kind === 'session' ? j.peerId : guestKey(j.socketId, j.userId);
    const admitted = grant.lobby && (await this.lobby.redeem(j.circleId, owner, j.ticket));
    if (grant.lobby && !admitted) {
      throw new DomainError('LOBBY_REQUIRED', 'Please wait in the lobby until a facilitator lets you in.');
    }
    if (grant.kind !== 'session' || grant.role !== 'member') return admitted;
    const members = Object.values(j.state?.participants ?? {}).filter((p) => p.role === 'member' && p.presence !== 'left').length;
    if (members >= grant.cohort.capacity) throw new DomainError('ROOM_FULL', `This circle is full (${grant.cohort.capacity} members).`);
    return admitted;
  }
}

/**
 * Whom a lobby place and its ticket belong to: the account in a session circle; in a hosted
 * circle the connection (guests have no account, and a ticket must not travel).
 */
function guestKey(socketId: string, userId: string | null | undefined, isSession = false): string {
  return isSession && userId ? userId : `guest:${socketId}`;
}
