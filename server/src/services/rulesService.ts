import {
  applyCommand,
  createCircleState,
  type CircleCommand,
  type CircleEvent,
  type CircleState,
  type StartingRules,
} from '@hearth/shared';
import { DomainError } from '../errors';
import { keys } from '../store/keys';
import type { Store } from '../store/types';

/** What the store holds per circle: the engine's state and recently applied command ids. */
interface RulesRecord {
  state: CircleState;
  /** `${actorId}:${commandId}` of the last commands, so a retried request applies once. */
  recent: string[];
}

/** Result of one applied command. */
export interface Applied {
  state: CircleState;
  events: CircleEvent[];
  /** The same command id was applied before: nothing changed, nothing to announce. */
  duplicate: boolean;
}

const RECENT_COMMANDS = 64;
/** A circle nobody touched for this long starts afresh. */
const RULES_IDLE_TTL_MS = 12 * 60 * 60 * 1000;

/**
 * Applies rules commands to a circle's state in the store. The store's `update` is atomic
 * across nodes (a compare-and-set Lua script in Redis), so every command is applied exactly once, in one
 * order per circle, against the latest state, whichever node received it.
 */
export class RulesService {
  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
    /** The rules a circle starts with when its first `join` creates its state. */
    private readonly startingRules?: (circleId: string) => Promise<StartingRules | null>,
  ) {}

  /** The circle's state, or null when it has none yet. */
  async state(circleId: string): Promise<CircleState | null> {
    return (await this.store.get<RulesRecord>(keys.circleRules(circleId)))?.state ?? null;
  }

  /**
   * Applies `command` as `actorId`. Throws a DomainError when the engine refuses it; then
   * nothing is written.
   */
  async apply(circleId: string, actorId: string, command: CircleCommand, commandId?: string): Promise<Applied> {
    const now = this.clock();
    const dedupeKey = commandId === undefined ? undefined : `${actorId}:${commandId}`;
    let outcome: Applied | { error: DomainError } | undefined;
    // Read before the atomic update (which cannot wait): only a join can create the state.
    const starting = command.type === 'join' && this.startingRules ? await this.startingRules(circleId).catch(() => null) : null;
    await this.store.update<RulesRecord>(
      keys.circleRules(circleId),
      (current) => {
        const record = current ?? { state: createCircleState(circleId, now, starting), recent: [] };
        if (dedupeKey !== undefined && record.recent.includes(dedupeKey)) {
          outcome = { state: record.state, events: [], duplicate: true };
          return current;
        }
        const result = applyCommand(record.state, command, actorId, now);
        if (!result.ok) {
          outcome = { error: new DomainError(result.error.code, result.error.message) };
          return current;
        }
        outcome = { state: result.state, events: result.events, duplicate: false };
        const recent = dedupeKey === undefined ? record.recent : [...record.recent, dedupeKey].slice(-RECENT_COMMANDS);
        return { state: result.state, recent };
      },
      { ttlMs: RULES_IDLE_TTL_MS },
    );
    if (!outcome) throw new Error('store update did not run');
    if ('error' in outcome) throw outcome.error;
    return outcome;
  }
}
