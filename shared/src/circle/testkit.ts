import type { CircleCommandInput } from './commands';
import type { CircleCommand } from './commands';
import type { EngineResult } from './engine';
import { applyCommand, createCircleState } from './engine';
import type { CircleEvent } from './events';
import type { CircleState, EngineError, Participant } from './types';
import { getParticipant } from './types';

/*
 * A small driver for the circle's unit tests (and the server's, if useful). Not exported
 * from the package index; pure like the engine, no test-framework dependency.
 */

/** The time test circles start at. */
export const T0 = 1_700_000_000_000;

/** Drives one circle through commands with a controllable clock. */
export class TestCircle {
  state: CircleState;
  now: number;
  /** Events of the last successful command. */
  events: CircleEvent[] = [];

  constructor(now = T0, circleId = 'c1') {
    this.state = createCircleState(circleId, now);
    this.now = now;
  }

  /** A circle with facilitator `f` and the given members, all joined at T0. */
  static with(members: string[] = ['a', 'b', 'c'], facilitators: string[] = ['f']): TestCircle {
    const c = new TestCircle();
    for (const id of facilitators) c.do(id, { type: 'join', name: id.toUpperCase(), role: 'facilitator' });
    for (const id of members) c.do(id, { type: 'join', name: id.toUpperCase(), role: 'member' });
    return c;
  }

  /** Applies a command without keeping the result. */
  try(actorId: string, command: CircleCommandInput): EngineResult {
    return applyCommand(this.state, command as CircleCommand, actorId, this.now);
  }

  /** Applies a command that must succeed; keeps the new state and its events. */
  do(actorId: string, command: CircleCommandInput): this {
    const result = this.try(actorId, command);
    if (!result.ok) throw new Error(`${actorId} ${command.type} refused: ${result.error.code} ${result.error.message}`);
    this.state = result.state;
    this.events = result.events;
    return this;
  }

  /** Applies a command that must be refused; returns the error. */
  refused(actorId: string, command: CircleCommandInput): EngineError {
    const result = this.try(actorId, command);
    if (result.ok) throw new Error(`${actorId} ${command.type} was accepted`);
    return result.error;
  }

  /** Moves the clock on. */
  wait(ms: number): this {
    this.now += ms;
    return this;
  }

  /** A participant's record (must exist). */
  p(id: string): Participant {
    const p = getParticipant(this.state, id);
    if (!p) throw new Error(`no participant ${id}`);
    return p;
  }

  /** Ids in the stored queue, raise order. */
  get queued(): string[] {
    return this.state.queue.map((e) => e.participantId);
  }

  /** The floor holder's id, or null. */
  get holder(): string | null {
    return this.state.floor?.holderId ?? null;
  }

  /** Types of the last events. */
  get eventTypes(): string[] {
    return this.events.map((e) => e.type);
  }
}
