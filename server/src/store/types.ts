/**
 * Hearth's state store: a small key/value interface with two real implementations,
 * Redis (ioredis; whenever REDIS_URL is set, and for every multi-node deployment) and an
 * embedded single-node store (no external service; durable data written under a data
 * directory). Values are JSON. Keys are built only in ./keys.ts.
 */
export interface Store {
  /** 'redis' or 'embedded', for /healthz and logs. */
  readonly kind: 'redis' | 'embedded';

  /** The JSON value at `key`, or null when absent or expired. */
  get<T>(key: string): Promise<T | null>;

  /** Sets `key`; with `ttlMs` the key expires (and is never persisted past its expiry). */
  set<T>(key: string, value: T, opts?: { ttlMs?: number }): Promise<void>;

  /**
   * Sets `key` only when it is absent. Returns true when this call set it. With `ttlMs`
   * this is the building block of a lock (SET NX PX).
   */
  setIfAbsent<T>(key: string, value: T, opts?: { ttlMs?: number }): Promise<boolean>;

  /** Deletes `key` only when its current value equals `expected` (a lock's token). */
  deleteIfEquals<T>(key: string, expected: T): Promise<boolean>;

  /** Removes keys; absent keys are ignored. */
  delete(...keys: string[]): Promise<void>;

  /**
   * Atomic read-modify-write of one key: `fn` receives the current value (null when
   * absent) and returns the next value (null deletes the key). Concurrent updates of the
   * same key, from this or any other node, are serialised: `fn` may run more than once
   * (optimistic retry), so it must be pure. Returns what was stored.
   */
  update<T>(key: string, fn: (current: T | null) => T | null, opts?: { ttlMs?: number }): Promise<T | null>;

  /**
   * Takes the lease at `key` for `holder` when it is free, with a new epoch (fencing token)
   * from the counter at `epochKey` (higher than any before it), or refreshes it when `holder`
   * already has it. Returns the lease as it is now: `holder`'s, or whoever else holds it.
   */
  acquireLease(key: string, epochKey: string, holder: string, ttlMs: number): Promise<Lease>;

  /** Extends `lease` while it is still exactly the one at `key`; false when it was lost. */
  renewLease(key: string, lease: Lease, ttlMs: number): Promise<boolean>;

  /** Gives `lease` up (a compare-and-delete); false when it was no longer held. */
  releaseLease(key: string, lease: Lease): Promise<boolean>;

  /**
   * Writes `next` at `key` (null deletes it) only while `fence.leaseKey` holds exactly
   * `fence.lease` and `key` still holds `expected` (null: absent). False otherwise: a
   * writer whose lease lapsed (paused, partitioned) can never overwrite a newer state.
   */
  fencedSet<T>(key: string, expected: T | null, next: T | null, fence: { leaseKey: string; lease: Lease }, opts?: { ttlMs?: number }): Promise<boolean>;

  /** Sets one field of a hash. */
  hashSet<T>(key: string, field: string, value: T): Promise<void>;

  /** Removes one field of a hash; returns whether it existed. */
  hashDelete(key: string, field: string): Promise<boolean>;

  /** Every field of a hash (empty object when absent). */
  hashGetAll<T>(key: string): Promise<Record<string, T>>;

  /** Health probe: resolves true when the store answers. Never throws. */
  ping(): Promise<boolean>;

  /** Flushes pending writes and releases connections. Idempotent. */
  close(): Promise<void>;
}

/** Who holds a lease and its fencing epoch (strictly increasing per lease key). */
export interface Lease {
  holder: string;
  epoch: number;
}
