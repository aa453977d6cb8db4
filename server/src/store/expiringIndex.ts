import type { Store } from './types';

/** member → epoch ms after which the member no longer counts. */
type IndexValue = Record<string, number>;

/**
 * A small index stored as one JSON value: members, each with its own expiry (a person's
 * sign-in sessions, a cohort's invites). Lapsed members are pruned on every write and
 * ignored on read; the value itself carries a TTL of `maxLifetimeMs` from its last write,
 * the longest any member can live, so an index nobody touches again expires on its own
 * and an index whose last member went is deleted at once. Every change is one atomic
 * update, so concurrent adds never lose each other.
 */
export class ExpiringIndex {
  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
    private readonly maxLifetimeMs: number,
  ) {}

  private prune(cur: IndexValue | null, now: number): IndexValue {
    return Object.fromEntries(Object.entries(cur ?? {}).filter(([, until]) => until > now));
  }

  private async change(key: string, fn: (live: IndexValue) => IndexValue): Promise<void> {
    const now = this.clock();
    await this.store.update<IndexValue>(
      key,
      (cur) => {
        const next = fn(this.prune(cur, now));
        return Object.keys(next).length > 0 ? next : null;
      },
      { ttlMs: this.maxLifetimeMs },
    );
  }

  /** Adds `member` (or moves its expiry) until `until` (epoch ms, capped at the index's lifetime). */
  put(key: string, member: string, until: number): Promise<void> {
    const capped = Math.min(until, this.clock() + this.maxLifetimeMs);
    return this.change(key, (live) => ({ ...live, [member]: capped }));
  }

  /** Removes members; the index goes when it is empty. */
  remove(key: string, ...members: string[]): Promise<void> {
    const gone = new Set(members);
    return this.change(key, (live) => Object.fromEntries(Object.entries(live).filter(([m]) => !gone.has(m))));
  }

  /** The live members with their expiry (epoch ms). */
  async entries(key: string): Promise<Record<string, number>> {
    return this.prune(await this.store.get<IndexValue>(key), this.clock());
  }

  /** The live members. */
  async members(key: string): Promise<string[]> {
    return Object.keys(await this.entries(key));
  }
}
