import { DomainError } from '../errors';
import type { Logger } from '../logger';
import { keys } from '../store/keys';
import type { Lease, Store } from '../store/types';

/** How long a home's lease lives without a renewal: a dead home is replaced after this. */
export const HOME_LEASE_TTL_MS = 4_000;
const RENEW_INTERVAL_MS = 1_000;

/** A change waiting for its turn: what it does, and who waits for its result. */
interface Pending<R> {
  change: (record: R | null) => { next: R | null | undefined; result: unknown };
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
}

/** A circle whose home is this node: its lease, the record it holds, its queue of changes. */
interface Home<R> {
  lease: Lease;
  /** The record as last written (or read when the lease was taken). */
  record: R | null;
  /** Changes that arrived while a write was in flight; applied and written together next. */
  pending: Pending<R>[];
  /** The write in flight, if any. */
  flushing: Promise<void> | null;
}

/** Where a circle's home is. */
export type HomeOf = { mine: true } | { mine: false; holder: string };

/**
 * Which node is each circle's home: the one holding its lease in the store (SET NX PX with
 * an epoch, renewed while the node lives, released with a compare-and-delete). The home
 * hosts the circle's router and is its single writer: it applies the circle's commands one
 * at a time against the record it holds in memory and persists the results with writes
 * fenced by its lease (commands that queued up during a write go together in the next), so a home that was paused past its lease can never overwrite what a
 * newer home wrote. Nothing here knows what the record is.
 */
export class CircleHomes<R> {
  private readonly held = new Map<string, Home<R>>();
  private readonly claiming = new Map<string, Promise<HomeOf>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: {
      store: Store;
      logger: Logger;
      nodeId: string;
      /** The record's key in the store. */
      recordKey: (circleId: string) => string;
      /** TTL of the record in the store. */
      recordTtlMs: number;
      /** This node lost a circle's lease (it lapsed while the node was paused, or was taken). */
      onLost: (circleId: string) => void;
      /** Whether the circle needs no home here any more (no room, nothing being opened): then its lease is released. */
      idle?: (circleId: string) => boolean;
    },
  ) {}

  /** Starts renewing the leases held. */
  start(): void {
    this.timer ??= setInterval(() => void this.renewAll(), RENEW_INTERVAL_MS);
    this.timer.unref();
  }

  /** Whether this node is the circle's home now (without asking the store). */
  holds(circleId: string): boolean {
    return this.held.has(circleId);
  }

  /** The epoch of this node's lease on the circle while it is the circle's home (else undefined). */
  epochOf(circleId: string): number | undefined {
    return this.held.get(circleId)?.lease.epoch;
  }

  /** Circles whose home is this node. */
  get size(): number {
    return this.held.size;
  }

  /** The circle's home: this node (taking the free lease, loading the record) or another. */
  claim(circleId: string): Promise<HomeOf> {
    if (this.held.has(circleId)) return Promise.resolve({ mine: true });
    let pending = this.claiming.get(circleId);
    if (!pending) {
      pending = this.take(circleId).finally(() => this.claiming.delete(circleId));
      this.claiming.set(circleId, pending);
    }
    return pending;
  }

  /** The holder of the circle's lease now, if any (one store read). */
  async holderOf(circleId: string): Promise<string | null> {
    if (this.held.has(circleId)) return this.deps.nodeId;
    return (await this.deps.store.get<Lease>(keys.circleHome(circleId)))?.holder ?? null;
  }

  /** The record this home holds (null: none yet). Only for circles held here. */
  record(circleId: string): R | null {
    return this.held.get(circleId)?.record ?? null;
  }

  /**
   * Runs `change` on the circle's record after every change already queued, and persists its
   * result fenced by the lease. `change` returns the next record (null: delete, `undefined`:
   * unchanged) and what to hand back. Throws UNAVAILABLE when this node is no longer the home.
   *
   * Group commit: changes that arrive while a write is in flight are applied in memory one
   * after another, in arrival order, and written together in one fenced write; each caller
   * gets its result once that write landed. So a circle is never limited to one command per
   * store round trip, and nothing unwritten is ever acknowledged.
   */
  run<T>(circleId: string, change: (record: R | null) => { next: R | null | undefined; result: T }): Promise<T> {
    const home = this.held.get(circleId);
    if (!home) return Promise.reject(new DomainError('UNAVAILABLE', 'This circle moved to another server; reconnecting you.'));
    return new Promise<T>((resolve, reject) => {
      home.pending.push({ change, resolve: resolve as (r: unknown) => void, reject });
      this.startFlush(circleId, home);
    });
  }

  /**
   * Starts writing the queued changes unless a flush is under way. A flush that needed no
   * write finishes without awaiting anything, so its `finally` runs a microtask later: a change
   * queued in between found `flushing` still set and would have waited forever. Hence the
   * second look at the queue once a flush is over.
   */
  private startFlush(circleId: string, home: Home<R>): void {
    home.flushing ??= this.flush(circleId, home).finally(() => {
      home.flushing = null;
      if (home.pending.length > 0) this.startFlush(circleId, home);
    });
  }

  private async flush(circleId: string, home: Home<R>): Promise<void> {
    while (home.pending.length > 0) {
      const batch = home.pending.splice(0);
      if (this.held.get(circleId) !== home) {
        for (const p of batch) p.reject(new DomainError('UNAVAILABLE', 'This circle moved to another server; reconnecting you.'));
        continue;
      }
      let record = home.record;
      const outcomes = batch.map((p) => {
        try {
          const { next, result } = p.change(record);
          if (next !== undefined) record = next;
          return { ok: true as const, result };
        } catch (err) {
          return { ok: false as const, err };
        }
      });
      if (record !== home.record) {
        const fence = { leaseKey: keys.circleHome(circleId), lease: home.lease };
        const written = await this.deps.store
          .fencedSet(this.deps.recordKey(circleId), home.record, record, fence, { ttlMs: this.deps.recordTtlMs })
          .catch((err: unknown) => err);
        if (written !== true) {
          // Not written: nobody may be told it was. Fenced off means another node is the home now.
          if (written === false) this.lose(circleId, home, 'a write was fenced off');
          const failure = written === false ? new DomainError('UNAVAILABLE', 'This circle moved to another server; reconnecting you.') : written;
          for (const p of batch) p.reject(failure);
          continue;
        }
        home.record = record;
      }
      batch.forEach((p, i) => {
        const o = outcomes[i]!;
        if (o.ok) p.resolve(o.result);
        else p.reject(o.err);
      });
    }
  }

  /** Gives the circle's lease up (its room closed, or the node is draining). */
  async release(circleId: string): Promise<void> {
    const home = this.held.get(circleId);
    if (!home) return;
    await home.flushing;
    if (this.held.get(circleId) !== home) return;
    this.held.delete(circleId);
    await this.deps.store.releaseLease(keys.circleHome(circleId), home.lease).catch(() => false);
  }

  /** Releases every lease (a drain: other nodes take the circles over at once). */
  async releaseAll(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.held.keys()].map((id) => this.release(id)));
  }

  /** Stops renewing, keeping nothing (the leases lapse by themselves). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.held.clear();
  }

  private async take(circleId: string): Promise<HomeOf> {
    const { store, nodeId } = this.deps;
    const lease = await store.acquireLease(keys.circleHome(circleId), keys.circleHomeEpoch(circleId), nodeId, HOME_LEASE_TTL_MS);
    if (lease.holder !== nodeId) return { mine: false, holder: lease.holder };
    // Read after the lease is ours: whatever an earlier home wrote is in the store by now,
    // and nothing older can be written any more.
    const record = await store.get<R>(this.deps.recordKey(circleId));
    this.held.set(circleId, { lease, record, pending: [], flushing: null });
    this.deps.logger.info({ circleId, epoch: lease.epoch }, 'this node is now the circle’s home');
    return { mine: true };
  }

  private async renewAll(): Promise<void> {
    // All at once (pipelined on the one connection): one slow round trip must not make the
    // last of many circles' leases lapse.
    await Promise.all(
      [...this.held].map(async ([circleId, home]) => {
        const ok = await this.deps.store.renewLease(keys.circleHome(circleId), home.lease, HOME_LEASE_TTL_MS).catch((err: unknown) => {
          this.deps.logger.warn({ err, circleId }, 'could not renew a circle lease');
          return null;
        });
        if (ok === false) this.lose(circleId, home, 'the lease lapsed');
        // Nobody's media is here any more: let whichever node needs the circle next take it.
        else if (ok && this.deps.idle?.(circleId)) await this.release(circleId);
      }),
    );
  }

  private lose(circleId: string, home: Home<R>, why: string): void {
    if (this.held.get(circleId) !== home) return;
    this.held.delete(circleId);
    this.deps.logger.warn({ circleId, epoch: home.lease.epoch, why }, 'this node is no longer the circle’s home');
    this.deps.onLost(circleId);
  }
}
