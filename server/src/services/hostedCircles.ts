import { createHash, randomBytes } from 'node:crypto';
import type { CircleDefaults } from '@hearth/shared';
import { DomainError } from '../errors';
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

const hash = (key: string): string => createHash('sha256').update(key).digest('base64url');

/**
 * Circles outside a cohort, for a group that starts on its own: a signed-in person creates
 * one, facilitates it, and shares a link whose key lets guests knock; the link can be
 * revoked (or replaced) at any time. Only the key's hash is stored.
 */
export class HostedCircles {
  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Creates a circle owned by `ownerId`; returns it with its link key. */
  async create(ownerId: string, name: string): Promise<{ circle: HostedCircle; key: string }> {
    const id = `h-${randomBytes(9).toString('base64url')}`;
    const key = randomBytes(18).toString('base64url');
    const circle: HostedCircle = { id, name, ownerId, linkKeyHash: hash(key), lobbyEnabled: true, createdAt: new Date(this.clock()).toISOString() };
    await this.store.set(keys.hostedCircle(id), circle);
    return { circle, key };
  }

  /** The circle, or null. */
  get(circleId: string): Promise<HostedCircle | null> {
    return this.store.get<HostedCircle>(keys.hostedCircle(circleId));
  }

  /** Whether `key` opens the circle's current link. */
  static keyMatches(circle: HostedCircle, key: string | undefined): boolean {
    return key !== undefined && circle.linkKeyHash !== null && circle.linkKeyHash === hash(key);
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

  /** Replaces the link (the old one stops working) or, with `revokeOnly`, just kills it. Owner only. */
  async rotateLink(circleId: string, userId: string, revokeOnly: boolean): Promise<string | null> {
    const key = revokeOnly ? null : randomBytes(18).toString('base64url');
    let found = false;
    await this.store.update<HostedCircle>(keys.hostedCircle(circleId), (c) => {
      if (!c || c.ownerId !== userId) return c;
      found = true;
      return { ...c, linkKeyHash: key === null ? null : hash(key) };
    });
    if (!found) throw new DomainError('NOT_FOUND', 'No such circle of yours.');
    return key;
  }
}
