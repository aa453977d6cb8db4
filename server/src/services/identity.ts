import { hashToken, newToken } from '../accounts/tokens';
import { keys } from '../store/keys';
import type { Store } from '../store/types';

const REJOIN_TTL_MS = 12 * 60 * 60 * 1000;

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
    return (await this.store.get<string>(keys.circleRejoin(circleId, hashToken(token)))) ?? undefined;
  }

  /** A new token for the participant. */
  async issue(circleId: string, participantId: string): Promise<string> {
    const token = newToken(24);
    await this.store.set(keys.circleRejoin(circleId, hashToken(token)), participantId, { ttlMs: REJOIN_TTL_MS });
    const mine = this.issued.get(circleId) ?? new Set<string>();
    this.issued.set(circleId, mine.add(hashToken(token)));
    return token;
  }
}
