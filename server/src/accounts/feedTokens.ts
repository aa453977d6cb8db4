import { keys } from '../store/keys';
import type { Store } from '../store/types';
import { hashToken, newToken } from './tokens';

/** Whose calendar a feed token opens. */
export type FeedOwner = { kind: 'user'; id: string } | { kind: 'cohort'; id: string };

/**
 * Calendar-feed tokens (`/ical/u/<token>.ics`, `/ical/c/<token>.ics`). The owner record
 * holds the current token; the store maps its hash back to the owner. Regenerating
 * issues a new token and revokes the old one, so a leaked URL stops working.
 */
export class FeedTokens {
  constructor(private readonly store: Store) {}

  /** A new token for `owner`. */
  async issue(owner: FeedOwner): Promise<string> {
    const token = newToken();
    await this.store.set(keys.icalFeed(hashToken(token)), owner);
    return token;
  }

  /** Makes `token` stop working. */
  async revoke(token: string): Promise<void> {
    await this.store.delete(keys.icalFeed(hashToken(token)));
  }

  /** The owner of a token, or null. */
  resolve(token: string): Promise<FeedOwner | null> {
    return this.store.get<FeedOwner>(keys.icalFeed(hashToken(token)));
  }
}
