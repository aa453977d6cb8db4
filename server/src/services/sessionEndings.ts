import { SYSTEM_ACTOR_ID, type CircleEvent, type CircleState } from '@hearth/shared';
import type { Records } from '../http/api';
import type { Logger } from '../logger';
import { circleWindow } from '../cohorts/window';
import type { CircleService } from './circleService';

/** How often the join windows of watched session circles are checked. */
const CHECK_INTERVAL_MS = 5_000;

/** Events after which the people waiting in a lobby see their wait differently. */
const LOBBY_EVENTS = new Set<CircleEvent['type']>([
  'circleLocked',
  'circleUnlocked',
  'participantReadmitted',
  'participantRemoved',
  'participantLeft',
  'participantSteppedOut',
  'participantSteppedBack',
]);

/**
 * How a session ends, whoever ends it. A facilitator's "End session" (or the window
 * closing) marks the cohort's session ended, so home pages, pre-join screens and the
 * calendar of the next session agree; everyone waiting in the lobby is told and the lobby
 * empties. When a session circle's join window closes with people still in it, the server
 * ends it as the clock would, so a circle never outlives its session.
 */
export class SessionEndings {
  /** Session circles joined on this node whose window has not closed yet. */
  private readonly watched = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly deps: {
      api: Records;
      circles: () => CircleService;
      logger: Logger;
      clock: () => number;
    },
  ) {
    this.timer = setInterval(() => void this.check(), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  /** Someone joined a session's circle here: end it when its window closes. */
  watch(sessionId: string): void {
    this.watched.add(sessionId);
  }

  /** After every applied command: record an ending, and keep the lobby's people told. */
  async applied(state: CircleState, events: CircleEvent[]): Promise<void> {
    const desk = this.deps.circles().desk;
    if (events.some((e) => e.type === 'sessionEnded')) {
      this.watched.delete(state.circleId);
      await this.deps.api.sessions.markEnded(state.circleId, state.endedAt ?? this.deps.clock());
      await desk.close(state.circleId);
      return;
    }
    if (events.some((e) => LOBBY_EVENTS.has(e.type))) await desk.notify(state.circleId);
  }

  /** Ends every watched circle whose window has closed. Public for tests; runs on a timer. */
  async check(): Promise<void> {
    const now = this.deps.clock();
    for (const sessionId of [...this.watched]) {
      try {
        const found = await this.deps.api.sessionById(sessionId);
        if (!found || found.session.status !== 'scheduled' || found.session.endedAt) {
          this.watched.delete(sessionId);
          continue;
        }
        const { cohort, session } = found;
        // Read afresh each time: the session may have been moved while its circle was open.
        const closesAt = Date.parse(circleWindow(session, { openBeforeMinutes: cohort.openBeforeMinutes, graceMinutes: cohort.graceMinutes }).closesAt);
        if (now < closesAt) continue;
        this.watched.delete(sessionId);
        await this.endNow(sessionId);
      } catch (err) {
        this.deps.logger.warn({ err, sessionId }, 'could not check a session window');
      }
    }
  }

  /** Stops the timer. */
  close(): void {
    clearInterval(this.timer);
  }

  private async endNow(circleId: string): Promise<void> {
    const circles = this.deps.circles();
    const state = await circles.rules.state(circleId);
    if (!state || state.ended) {
      // Nobody's circle to close (or another node closed it): the session still ends here.
      await this.deps.api.sessions.markEnded(circleId, this.deps.clock());
      await circles.desk.close(circleId);
      return;
    }
    try {
      // Applied on the circle's home (forwarded there when it is another node), and fanned out.
      await circles.commands.apply(circleId, SYSTEM_ACTOR_ID, { type: 'endSession' });
    } catch (err) {
      // Another node ended it a moment earlier: its hook recorded the ending.
      this.deps.logger.debug({ err, circleId }, 'ending at window close refused');
    }
  }
}
