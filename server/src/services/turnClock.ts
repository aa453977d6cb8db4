import { nextDueAt, type CircleState } from '@hearth/shared';
import type { Logger } from '../logger';
import { keys } from '../store/keys';
import type { Store } from '../store/types';

/** How often the clock looks for due circles (timers, waiting floors, grace deadlines). */
const POLL_INTERVAL_MS = 250;

/**
 * The circles' clock. Every rules state says when it next needs a `tick` (`nextDueAt`: a
 * turn's nudge or end, a floor waiting for someone reconnecting, a grace deadline); that time
 * is kept in one store hash, so every node — and a node restarted after a crash — sees every
 * deadline, whether or not any node hosts the circle's media. Ticks are idempotent (a tick
 * with nothing due changes nothing), so two nodes ticking one circle are harmless.
 */
export class TurnClock {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  /** The deadline this node last wrote per circle, and under which lease (epoch) of the circle's home. */
  private readonly written = new Map<string, { epoch: number; due: number | null }>();

  constructor(
    private readonly deps: {
      store: Store;
      logger: Logger;
      clock: () => number;
      /**
       * Applies `tick` to a circle as the system (and fans out what it changed): null when
       * the circle is gone, undefined when another node (its home) ticks it.
       */
      tick: (circleId: string) => Promise<CircleState | null | undefined>;
      /** The epoch of this node's lease on the circle while it is the circle's home, else undefined. */
      tenure?: (circleId: string) => number | undefined;
    },
  ) {}

  /** Starts the loop. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), POLL_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * Records when `state` next needs the clock (after every applied command). A home is its
   * circle's only writer, here too: while it holds the same lease, the store has what it wrote
   * last, so an unchanged deadline is not written again. Any other node, or a new lease (a
   * failover, the circle coming back), writes it, so whoever ticks next finds it.
   */
  async schedule(state: CircleState): Promise<void> {
    const { circleId } = state;
    const due = nextDueAt(state);
    const epoch = this.deps.tenure?.(circleId);
    const last = this.written.get(circleId);
    if (epoch !== undefined && last?.epoch === epoch && last.due === due) return;
    // Noted before the write, so the commands that follow it in the same burst skip theirs
    // (writes go out in order); undone if it fails.
    const mine = epoch === undefined ? undefined : { epoch, due };
    if (mine) this.written.set(circleId, mine);
    else this.written.delete(circleId);
    try {
      if (due === null) await this.deps.store.hashDelete(keys.circleDeadlines(), circleId);
      else await this.deps.store.hashSet(keys.circleDeadlines(), circleId, due);
    } catch (err) {
      if (mine && this.written.get(circleId) === mine) this.written.delete(circleId);
      throw err;
    }
  }

  /** Forgets a circle whose rules state is gone. */
  async forget(circleId: string): Promise<void> {
    this.written.delete(circleId);
    await this.deps.store.hashDelete(keys.circleDeadlines(), circleId);
  }

  /** Runs every tick that is due now; one pass at a time. Exposed for shutdown and tests. */
  async poll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      // What was written under a lease this node no longer holds says nothing about the store now.
      for (const [circleId, w] of this.written) if (this.deps.tenure?.(circleId) !== w.epoch) this.written.delete(circleId);
      const due = await this.deps.store.hashGetAll<number>(keys.circleDeadlines());
      const now = this.deps.clock();
      for (const [circleId, at] of Object.entries(due)) {
        if (at > now) continue;
        const state = await this.deps.tick(circleId).catch((err: unknown) => {
          this.deps.logger.warn({ err, circleId }, 'circle clock tick failed');
          return undefined;
        });
        // undefined: failed, or ticked by its home elsewhere; either way left for later.
        // Gone (deleted), or still due after a tick: drop the entry so no loop spins on it.
        if (state === null) await this.forget(circleId);
        else if (state) await this.schedule(state);
      }
    } catch (err) {
      this.deps.logger.debug({ err }, 'circle clock could not read its deadlines');
    } finally {
      this.running = false;
    }
  }

  /** Stops the loop. Idempotent. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
