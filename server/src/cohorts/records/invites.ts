import type { CohortRole } from '@hearth/shared';
import { hashToken, newToken } from '../../accounts/tokens';
import { DomainError } from '../../errors';
import { ExpiringIndex } from '../../store/expiringIndex';
import { keys } from '../../store/keys';
import type { Store } from '../../store/types';
import type { InviteRecord } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Used and expired invites are kept this long, so their link says "used"/"expired", not "unknown". */
const RETAIN_MS = 30 * DAY_MS;
/** The longest an invite record lives: the longest expiry (60 days, see createInviteBodySchema) plus RETAIN_MS. */
const MAX_INVITE_LIFETIME_MS = 60 * DAY_MS + RETAIN_MS;

/** Where an invite stands at a given moment. */
export type InviteState = 'valid' | 'used' | 'expired';

/** The state of `invite` at `nowMs`. */
export function inviteState(invite: InviteRecord, nowMs: number): InviteState {
  if (invite.usedAt) return 'used';
  return Date.parse(invite.expiresAt) <= nowMs ? 'expired' : 'valid';
}

const gone = (state: InviteState) =>
  new DomainError('GONE', state === 'used' ? 'this invite link has already been used' : 'this invite link has expired');

/**
 * Single-use, expiring invitations. Only the token's hash is stored. Accepting is a
 * claim (an atomic update that marks the invite used by one person) followed by the
 * account and membership writes; if those fail the claim is released, so a refused
 * attempt does not burn the link. Each cohort indexes its invites (by token hash, with
 * the record's TTL), so erasure and cohort deletion can find them.
 */
export class Invites {
  private readonly index: ExpiringIndex;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
  ) {
    this.index = new ExpiringIndex(store, clock, MAX_INVITE_LIFETIME_MS);
  }

  /** TTL that keeps the record until RETAIN_MS after its expiry. */
  private ttl(invite: InviteRecord): number {
    return Math.max(1, Date.parse(invite.expiresAt) + RETAIN_MS - this.clock());
  }

  /** Creates an invite; returns the token (shown once, in the link) and the record. */
  async create(args: { cohortId: string; role: CohortRole; email: string | null; createdBy: string; expiresInDays: number }) {
    const now = this.clock();
    const token = newToken();
    const invite: InviteRecord = {
      cohortId: args.cohortId,
      role: args.role,
      email: args.email,
      createdBy: args.createdBy,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + args.expiresInDays * DAY_MS).toISOString(),
      usedAt: null,
      usedBy: null,
    };
    const tokenHash = hashToken(token);
    const ttlMs = this.ttl(invite);
    await this.index.put(keys.cohortInvites(args.cohortId), tokenHash, now + ttlMs);
    await this.store.set(keys.invite(tokenHash), invite, { ttlMs });
    return { token, invite };
  }

  /** The invite behind a token, or null. */
  get(token: string): Promise<InviteRecord | null> {
    return this.store.get<InviteRecord>(keys.invite(hashToken(token)));
  }

  /** The invite if it can still be accepted; else 404 NOT_FOUND or 410 GONE. */
  async usable(token: string): Promise<InviteRecord> {
    const invite = await this.get(token);
    if (!invite) throw new DomainError('NOT_FOUND', 'no such invite');
    const state = inviteState(invite, this.clock());
    if (state !== 'valid') throw gone(state);
    return invite;
  }

  /** Marks the invite used by `userId`, atomically: of two concurrent claims one gets 410 GONE. */
  async claim(token: string, userId: string): Promise<InviteRecord> {
    const now = this.clock();
    // expiresAt never changes, so the TTL can be computed from a read before the update;
    // it must be passed again because a plain SET would drop it.
    const ttlMs = this.ttl(await this.usable(token));
    const claimed = await this.store.update<InviteRecord>(
      keys.invite(hashToken(token)),
      (cur) => {
        if (!cur) throw new DomainError('NOT_FOUND', 'no such invite');
        const state = inviteState(cur, now);
        if (state !== 'valid') throw gone(state);
        return { ...cur, usedAt: new Date(now).toISOString(), usedBy: userId };
      },
      { ttlMs },
    );
    return claimed!;
  }

  /** Undoes `claim` by `userId` (its acceptance failed); no-op if someone else holds it. */
  async release(token: string, userId: string): Promise<void> {
    const invite = await this.get(token);
    if (!invite) return;
    await this.store.update<InviteRecord>(
      keys.invite(hashToken(token)),
      (cur) => (cur && cur.usedBy === userId ? { ...cur, usedAt: null, usedBy: null } : cur),
      { ttlMs: this.ttl(invite) },
    );
  }

  /**
   * Erasure: removes a person from a cohort's invites. An unused invite addressed to
   * their email is deleted (only they could accept it); any other invite forgets them
   * as its creator, its acceptor and its addressee (a used invite's email restriction no
   * longer matters). Returns how many invites changed.
   */
  async scrubPerson(cohortId: string, person: { id: string; email: string }): Promise<number> {
    let changed = 0;
    for (const tokenHash of await this.index.members(keys.cohortInvites(cohortId))) {
      const key = keys.invite(tokenHash);
      const invite = await this.store.get<InviteRecord>(key);
      if (!invite) continue;
      const theirs = invite.email === person.email;
      if (theirs && !invite.usedAt) {
        await this.store.delete(key);
        await this.index.remove(keys.cohortInvites(cohortId), tokenHash);
        changed++;
        continue;
      }
      if (!theirs && invite.createdBy !== person.id && invite.usedBy !== person.id) continue;
      const ttlMs = this.ttl(invite);
      await this.store.update<InviteRecord>(
        key,
        (cur) =>
          cur && {
            ...cur,
            email: cur.email === person.email ? null : cur.email,
            createdBy: cur.createdBy === person.id ? null : cur.createdBy,
            usedBy: cur.usedBy === person.id ? null : cur.usedBy,
          },
        { ttlMs },
      );
      changed++;
    }
    return changed;
  }

  /** Invites addressed to `email` or accepted by `userId` in the cohort (their data export). */
  async concerning(cohortId: string, person: { id: string; email: string }): Promise<InviteRecord[]> {
    const hashes = await this.index.members(keys.cohortInvites(cohortId));
    const found = await Promise.all(hashes.map((h) => this.store.get<InviteRecord>(keys.invite(h))));
    return found.filter((i): i is InviteRecord => i !== null && (i.email === person.email || i.usedBy === person.id));
  }

  /** Deletes every invite of a cohort, and its index (the cohort is being deleted). */
  async removeAll(cohortId: string): Promise<void> {
    const hashes = await this.index.members(keys.cohortInvites(cohortId));
    await this.store.delete(...hashes.map((h) => keys.invite(h)), keys.cohortInvites(cohortId));
  }
}
