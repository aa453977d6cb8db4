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
    },
  ) {}

  /** Starts the loop. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), POLL_INTERVAL_MS);
    this.timer.unref();
  }

  /** Records when `state` next needs the clock (after every applied command). */
  async schedule(state: CircleState): Promise<void> {
    // Written every time (no local cache): another node may have changed it since.
    const due = nextDueAt(state);
    if (due === null) await this.deps.store.hashDelete(keys.circleDeadlines(), state.circleId);
    else await this.deps.store.hashSet(keys.circleDeadlines(), state.circleId, due);
  }

  /** Forgets a circle whose rules state is gone. */
  async forget(circleId: string): Promise<void> {
    await this.deps.store.hashDelete(keys.circleDeadlines(), circleId);
  }

  /** Runs every tick that is due now; one pass at a time. Exposed for shutdown and tests. */
  async poll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
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
