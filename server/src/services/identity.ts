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
  constructor(private readonly store: Store) {}

  /** The participant a token belongs to in this circle, if any. */
  async resolve(circleId: string, token: string | undefined): Promise<string | undefined> {
    if (!token) return undefined;
    return (await this.store.get<string>(keys.circleRejoin(circleId, hash(token)))) ?? undefined;
  }

  /** A new token for the participant. */
  async issue(circleId: string, participantId: string): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.store.set(keys.circleRejoin(circleId, hash(token)), participantId, { ttlMs: REJOIN_TTL_MS });
    return token;
  }
}
