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
import { CircleHomes } from './circleHomes';
import type { Logger } from '../logger';

/** What the store holds per circle: the engine's state and recently applied command ids. */
export interface RulesRecord {
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
  /** The state changed (a new version was written). */
  changed: boolean;
}

const RECENT_COMMANDS = 64;
/** A circle nobody touched for this long starts afresh. */
export const RULES_IDLE_TTL_MS = 12 * 60 * 60 * 1000;

/**
 * The circles' rules states. Each circle has one writer, its home node ({@link CircleHomes}):
 * commands are applied there one at a time against the state it holds in memory, and each new
 * state is written to the store fenced by the home's lease. Other nodes read the store.
 */
export class RulesService {
  readonly homes: CircleHomes<RulesRecord>;
  private readonly startingRules: ((circleId: string) => Promise<StartingRules | null>) | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
    opts: {
      logger: Logger;
      nodeId: string;
      onLost: (circleId: string) => void;
      idle?: (circleId: string) => boolean;
      /** The rules a circle starts with when its first `join` creates its state. */
      startingRules?: (circleId: string) => Promise<StartingRules | null>;
    },
  ) {
    this.homes = new CircleHomes<RulesRecord>({
      store,
      logger: opts.logger,
      nodeId: opts.nodeId,
      recordKey: keys.circleRules,
      recordTtlMs: RULES_IDLE_TTL_MS,
      onLost: opts.onLost,
      idle: opts.idle,
    });
    this.startingRules = opts.startingRules;
  }

  /** The circle's state, or null when it has none yet (from memory on its home). */
  async state(circleId: string): Promise<CircleState | null> {
    if (this.homes.holds(circleId)) return this.homes.record(circleId)?.state ?? null;
    return (await this.store.get<RulesRecord>(keys.circleRules(circleId)))?.state ?? null;
  }

  /**
   * Applies `command` as `actorId`, on the circle's home (the caller claimed it). Throws a
   * DomainError when the engine refuses it; then nothing is written.
   */
  async apply(circleId: string, actorId: string, command: CircleCommand, commandId?: string): Promise<Applied> {
    const now = this.clock();
    const dedupeKey = commandId === undefined ? undefined : `${actorId}:${commandId}`;
    // Read before the serial change (which cannot wait): only a join can create the state.
    const starting = command.type === 'join' && this.startingRules && !this.homes.record(circleId) ? await this.startingRules(circleId).catch(() => null) : null;
    return this.homes.run(circleId, (current) => {
      const record = current ?? { state: createCircleState(circleId, now, starting), recent: [] };
      if (dedupeKey !== undefined && record.recent.includes(dedupeKey)) {
        return { next: undefined, result: { state: record.state, events: [], duplicate: true, changed: false } };
      }
      const result = applyCommand(record.state, command, actorId, now);
      if (!result.ok) throw new DomainError(result.error.code, result.error.message);
      const changed = result.state !== record.state;
      const applied: Applied = { state: result.state, events: result.events, duplicate: false, changed };
      // Nothing changed and nothing to remember (a tick with nothing due): write nothing.
      if (!changed && dedupeKey === undefined) return { next: undefined, result: applied };
      const recent = dedupeKey === undefined ? record.recent : [...record.recent, dedupeKey].slice(-RECENT_COMMANDS);
      return { next: { state: result.state, recent }, result: applied };
    });
  }

  /**
   * Drops what the circle's state holds about people once it is of no use: an ended session
   * keeps only the fact that it ended (so nobody can start it again); a circle nobody is in
   * (everyone left, or their grace ran out) is deleted. Returns whether a state remains.
   */
  discardPersonalData(circleId: string): Promise<boolean> {
    return this.homes.run(circleId, (current) => {
      if (!current) return { next: undefined, result: false };
      const s = current.state;
      if (s.ended) {
        if (Object.keys(s.participants).length === 0 && s.removed.length === 0) return { next: undefined, result: true };
        const ending = { ...createCircleState(circleId, s.createdAt), version: s.version + 1, ended: true, endedAt: s.endedAt };
        return { next: { state: ending, recent: [] }, result: true };
      }
      return s.seating.length === 0 ? { next: null, result: false } : { next: undefined, result: true };
    });
  }
}
