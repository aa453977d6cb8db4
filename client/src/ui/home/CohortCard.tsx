import { useEffect, useId, useRef } from 'react';
import type { CohortView, HomeCohort } from '@hearth/shared';
import { useHearth } from '../../app/context';
import { describeUntil, liveWindow, tickFor } from '../../lib/countdown';
import { sessionLabel } from '../../lib/links';
import { circlePath, cohortPath } from '../../lib/route';
import { formatShort, formatZoned, zoneCity } from '../../lib/zones';
import { Link } from '../Link';
import { useNow } from '../useNow';
import { AgreementPrompt } from './AgreementPrompt';

/**
 * One cohort on the home page: the next (or current) session in my zone, the cohort's
 * own time beside it when that differs, a live countdown, and Join — a link to the
 * session's circle, live only while its window is open.
 */
export function CohortCard({ item, detail, zone, onStale }: { item: HomeCohort; detail: CohortView | null; zone: string; onStale(): void }) {
  const { cohort, nextSession: next } = item;
  const titleId = useId();
  const opensId = useId();
  const announce = useHearth((s) => s.announce);
  const startsAt = next ? Date.parse(next.startsAt) : 0;
  const openAt = item.window.state === 'notYet' ? Date.parse(item.window.opensAt) : 0;
  // Redraw every second near a moment that matters (start, opening), else twice a minute.
  const now = useNow(Math.min(tickFor(startsAt - Date.now()), tickFor(openAt - Date.now())));
  const win = liveWindow(item.window, now);

  useEffect(() => {
    if (win.stale) onStale();
  }, [win.stale, onStale]);

  // Say it once when the Join button turns on while the page is open.
  const wasJoinable = useRef(win.joinable);
  useEffect(() => {
    if (win.joinable && !wasJoinable.current) announce(`${cohort.name}: the circle is open. You can join now.`);
    wasJoinable.current = win.joinable;
  }, [win.joinable, announce, cohort.name]);

  const total = detail ? detail.sessions.filter((s) => s.status === 'scheduled').length : null;
  const when = next ? formatZoned(next.startsAt, zone) : null;
  const cohortZone = detail?.timeZone ?? null;
  const manages = cohort.role !== 'member';

  return (
    <article className="card cohort-card" aria-labelledby={titleId}>
      <header className="cohort-card-header">
        <h3 id={titleId}>{cohort.name}</h3>
        <p className="chips">
          {cohort.stage ? <span className="chip">{cohort.stage}</span> : null}
          {cohort.role === 'facilitator' ? <span className="chip chip-accent">Facilitator</span> : null}
          {cohort.displayName ? (
            <span className="soft">
              You appear as <strong>{cohort.displayName}</strong>
            </span>
          ) : null}
        </p>
      </header>

      {item.justEnded ? (
        <p className="note session-ended-note" data-testid="just-ended">
          <strong>{sessionLabel(item.justEnded.index, total)}{item.justEnded.theme ? ` · ${item.justEnded.theme}` : ''} has ended.</strong> Thank you
          for being part of it.
        </p>
      ) : null}
      {next && when ? (
        <section className="next-session" aria-label="Next session">
          <p className="eyebrow">
            {win.state !== 'open' ? 'Next session' : now < startsAt ? 'Open now' : 'Happening now'} · {sessionLabel(next.index, total)}
          </p>
          {next.theme ? <p className="theme">{next.theme}</p> : null}
          <p className="when">
            <time dateTime={next.startsAt}>
              <span className="when-date">{when.date}</span> <span className="when-time">{when.time}</span>
            </time>{' '}
            <span className="when-zone">
              {zoneCity(zone)} time ({when.zoneName})
            </span>
          </p>
          {cohortZone && cohortZone !== zone ? (
            <p className="soft small-text">
              That's {formatShort(next.startsAt, cohortZone)} in {zoneCity(cohortZone)}, the cohort's home time.
            </p>
          ) : null}
          <p className="countdown">
            {now < startsAt ? `Starts ${describeUntil(startsAt - now)}` : 'In progress now'}
          </p>
          <div className="join-row">
            {win.joinable ? (
              <Link to={circlePath(win.state === 'open' ? win.sessionId : next.id)} className="button primary large">
                Join
              </Link>
            ) : (
              <button type="button" className="primary large" aria-disabled="true" aria-describedby={opensId}>
                Join
              </button>
            )}
            <p id={opensId} className="join-hint">
              {win.state === 'notYet'
                ? opensHint(win.opensAt, startsAt, zone)
                : win.joinable
                  ? 'The circle is open. Take a moment to find a quiet, private space.'
                  : 'This session has ended.'}
            </p>
          </div>
        </section>
      ) : (
        <p className="note">
          {item.window.state === 'over' ? "This programme's sessions have all taken place." : 'No sessions are scheduled yet.'}
        </p>
      )}

      {item.agreementPending && detail ? <AgreementPrompt cohort={detail} /> : null}

      {detail?.crisisResources ? (
        <aside className="crisis" aria-labelledby={`${titleId}-crisis`}>
          <h4 id={`${titleId}-crisis`}>If you need support right now</h4>
          <p className="preline">{detail.crisisResources}</p>
        </aside>
      ) : null}

      {manages ? (
        <p className="card-footer">
          <Link to={cohortPath(cohort.id, 'details', '/cohorts')}>Manage {cohort.name}</Link>
        </p>
      ) : null}
    </article>
  );
}

/** "Join opens at 1:50 PM, 10 minutes before the start." */
function opensHint(opensAt: number, startsAt: number, zone: string): string {
  const time = formatZoned(new Date(opensAt).toISOString(), zone).time;
  const minutes = Math.round((startsAt - opensAt) / 60_000);
  if (minutes <= 0) return `Join opens at ${time}, when the session starts.`;
  return `Join opens at ${time}, ${minutes} minute${minutes === 1 ? '' : 's'} before the start.`;
}
