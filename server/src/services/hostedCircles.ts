import { hashToken, newId, newToken } from '../accounts/tokens';
import type { CircleDefaults } from '@hearth/shared';
import { DomainError } from '../errors';
import { ExpiringIndex } from '../store/expiringIndex';
import { keys } from '../store/keys';
import type { Store } from '../store/types';

/** A circle someone started outside any cohort. */
export interface HostedCircle {
  id: string;
  name: string;
  ownerId: string;
  /** sha256 of the link key; null once the link is revoked. */
  linkKeyHash: string | null;
  lobbyEnabled: boolean;
  createdAt: string;
  /** The rules the circle starts with each time (saved by its creator from inside it). */
  circleDefaults?: CircleDefaults;
}

const HOUR_MS = 60 * 60 * 1000;
/** A hosted circle lasts this long from its creation or its latest new link. */
export const HOSTED_CIRCLE_TTL_MS = 30 * 24 * HOUR_MS;
/**
 * After its link is revoked a circle is kept this long: those inside finish their meeting
 * (and its creator may still make a new link), then it goes.
 */
export const REVOKED_CIRCLE_TTL_MS = 12 * HOUR_MS;

/** Hosted circle ids start with this, so one that has ended is never mistaken for an open circle. */
const ID_PREFIX = 'h-';

/**
 * Circles outside a cohort, for a group that starts on its own: a signed-in person creates
 * one, facilitates it, and shares a link whose key lets guests knock; the link can be
 * revoked (or replaced) at any time. Only the key's hash is stored. The record is the
 * circle's only durable data and lives only as long as the circle can be used: its
 * creator ends it, or it expires (see the TTLs above); each creator's circles are indexed
 * so erasing the account ends them all.
 */
export class HostedCircles {
  private readonly index: ExpiringIndex;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
  ) {
    this.index = new ExpiringIndex(store, this.clock, HOSTED_CIRCLE_TTL_MS);
  }

  /** Whether an id is (or was) a hosted circle's. */
  static isHostedId(circleId: string): boolean {
    return circleId.startsWith(ID_PREFIX);
  }

  /** Creates a circle owned by `ownerId`; returns it with its link key. */
  async create(ownerId: string, name: string): Promise<{ circle: HostedCircle; key: string }> {
    const id = `${ID_PREFIX}${newId()}`;
    const key = newToken(18);
    const circle: HostedCircle = { id, name, ownerId, linkKeyHash: hashToken(key), lobbyEnabled: true, createdAt: new Date(this.clock()).toISOString() };
    await this.index.put(keys.userHostedCircles(ownerId), id, this.clock() + HOSTED_CIRCLE_TTL_MS);
    await this.store.set(keys.hostedCircle(id), circle, { ttlMs: HOSTED_CIRCLE_TTL_MS });
    return { circle, key };
  }

  /** The circle, or null. */
  get(circleId: string): Promise<HostedCircle | null> {
    return this.store.get<HostedCircle>(keys.hostedCircle(circleId));
  }

  /** Whether `key` opens the circle's current link. */
  static keyMatches(circle: HostedCircle, key: string | undefined): boolean {
    return key !== undefined && circle.linkKeyHash !== null && circle.linkKeyHash === hashToken(key);
  }

  /** Saves the rules the circle starts with next time. Owner only. */
  async setDefaults(circleId: string, userId: string, rules: CircleDefaults): Promise<void> {
    let found = false;
    await this.store.update<HostedCircle>(keys.hostedCircle(circleId), (c) => {
      if (!c || c.ownerId !== userId) return c;
      found = true;
      return { ...c, circleDefaults: rules };
    });
    if (!found) throw new DomainError('NOT_FOUND', 'No such circle of yours.');
  }

  /**
   * Replaces the link (the old one stops working) or, with `revokeOnly`, just kills it.
   * Owner only. A new link gives the circle its full lifetime again; a revoked one leaves
   * it REVOKED_CIRCLE_TTL_MS.
   */
  async rotateLink(circleId: string, userId: string, revokeOnly: boolean): Promise<string | null> {
    const key = revokeOnly ? null : newToken(18);
    const ttlMs = revokeOnly ? REVOKED_CIRCLE_TTL_MS : HOSTED_CIRCLE_TTL_MS;
    await this.store.update<HostedCircle>(
      keys.hostedCircle(circleId),
      (c) => {
        // Thrown, not returned unchanged: a write would move someone else's circle's TTL.
        if (!c || c.ownerId !== userId) throw new DomainError('NOT_FOUND', 'No such circle of yours.');
        return { ...c, linkKeyHash: key === null ? null : hashToken(key) };
      },
      { ttlMs },
    );
    await this.index.put(keys.userHostedCircles(userId), circleId, this.clock() + ttlMs);
    return key;
  }

  /** Ends the circle for good: its record is deleted (owner only). Those inside stay until they leave. */
  async end(circleId: string, userId: string): Promise<void> {
    const circle = await this.get(circleId);
    if (!circle || circle.ownerId !== userId) throw new DomainError('NOT_FOUND', 'No such circle of yours.');
    // Not deleteIfEquals: a new link made meanwhile (by this same owner) must not keep it alive.
    await this.store.delete(keys.hostedCircle(circleId));
    await this.index.remove(keys.userHostedCircles(userId), circleId);
  }

  /** The circles `userId` started that still exist, oldest first, with when each expires (epoch ms). */
  async listOf(userId: string): Promise<{ circle: HostedCircle; expiresAt: number }[]> {
    const entries = Object.entries(await this.index.entries(keys.userHostedCircles(userId)));
    const found = await Promise.all(entries.map(async ([id, expiresAt]) => ({ circle: await this.get(id), expiresAt })));
    return found
      .filter((f): f is { circle: HostedCircle; expiresAt: number } => f.circle !== null && f.circle.ownerId === userId)
      .sort((a, b) => a.circle.createdAt.localeCompare(b.circle.createdAt));
  }

  /** Erasure: ends every circle `userId` started, and drops the index. Returns how many existed. */
  async removeAllOf(userId: string): Promise<number> {
    const ids = await this.index.members(keys.userHostedCircles(userId));
    const owned = (await Promise.all(ids.map((id) => this.get(id)))).filter((c) => c?.ownerId === userId);
    await this.store.delete(...owned.map((c) => keys.hostedCircle(c!.id)), keys.userHostedCircles(userId));
    return owned.length;
  }
}
