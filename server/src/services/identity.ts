import { createHash, randomBytes } from 'node:crypto';
import { keys } from '../store/keys';
import type { Store } from '../store/types';

const REJOIN_TTL_MS = 12 * 60 * 60 * 1000;

const hash = (token: string): string => createHash('sha256').update(token).digest('base64url');

/**
 * Rejoin tokens: a secret handed to each person on join, so that after a dropped connection
 * they come back as the same participant (role, airtime, place in the queue). Only hashes are
 * stored, each with a TTL.
 */
export class RejoinTokens {
  /** Hashes of the tokens this node issued per circle, so they can go when the circle's people do. */
  private readonly issued = new Map<string, Set<string>>();

  constructor(private readonly store: Store) {}

  /**
   * Deletes the tokens this node issued for the circle (it ended, or emptied). Tokens issued
   * by another node (before a failover) expire with their TTL.
   */
  async forget(circleId: string): Promise<void> {
    const hashes = [...(this.issued.get(circleId) ?? [])];
    this.issued.delete(circleId);
    if (hashes.length > 0) await this.store.delete(...hashes.map((h) => keys.circleRejoin(circleId, h)));
  }

  /** The participant a token belongs to in this circle, if any. */
  async resolve(circleId: string, token: string | undefined): Promise<string | undefined> {
    if (!token) return undefined;
    return (await this.store.get<string>(keys.circleRejoin(circleId, hash(token)))) ?? undefined;
  }

  /** A new token for the participant. */
  async issue(circleId: string, participantId: string): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.store.set(keys.circleRejoin(circleId, hash(token)), participantId, { ttlMs: REJOIN_TTL_MS });
    const mine = this.issued.get(circleId) ?? new Set<string>();
    this.issued.set(circleId, mine.add(hash(token)));
    return token;
  }
}
