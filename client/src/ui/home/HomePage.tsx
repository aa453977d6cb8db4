import { useCallback, useEffect, useRef } from 'react';
import { useHearth } from '../../app/context';
import { browserTimeZone, zoneLabel } from '../../lib/zones';
import { Link } from '../Link';
import { CalendarSection } from './CalendarSection';
import { CohortCard } from './CohortCard';
import { TimeZoneSettings } from './TimeZoneSettings';

/** Refresh the home data at most this often when a join window opens or closes. */
const STALE_REFRESH_MS = 60_000;

/**
 * `/home`: my cohorts, each with its next session in my time zone, a live countdown and
 * the Join button; the calendar link; my time-zone setting.
 */
export function HomePage() {
  const me = useHearth((s) => s.account.me);
  const home = useHearth((s) => s.cohorts.home);
  const details = useHearth((s) => s.cohorts.details);
  const loadHome = useHearth((s) => s.loadHome);
  const lastRefresh = useRef(0);

  useEffect(() => {
    lastRefresh.current = Date.now();
    void loadHome();
  }, [loadHome]);

  // A card whose window opened or closed asks for fresh data (the closing time, the
  // next session). Throttled: with a skewed clock the server may disagree for a while.
  const onStale = useCallback(() => {
    if (Date.now() - lastRefresh.current < STALE_REFRESH_MS) return;
    lastRefresh.current = Date.now();
    void loadHome();
  }, [loadHome]);

  if (!me) return null;
  const zone = me.timeZone ?? browserTimeZone();
  const cohorts = home.data?.cohorts ?? [];

  return (
    <div className="page home">
      <header className="page-header">
        <h1>Hello, {me.name}</h1>
        <p className="lede">
          Your cohorts and their next sessions. Times are shown in <strong>{zoneLabel(zone)}</strong> time.
        </p>
      </header>

      <div className="home-grid">
        <section className="home-cohorts" aria-labelledby="my-cohorts">
          <h2 id="my-cohorts">My cohorts</h2>
          {home.status === 'loading' && !home.data ? (
            <p className="waiting" role="status">
              Loading your cohorts…
            </p>
          ) : null}
          {home.error ? (
            <div className="banner banner-error" role="alert">
              <p>{home.error}</p>
              <button type="button" className="secondary" onClick={() => void loadHome()}>
                Try again
              </button>
            </div>
          ) : null}
          {home.data && cohorts.length === 0 ? (
            <div className="card empty">
              <p>You're not in a cohort yet. When a facilitator invites you, open the link they send and your cohort will appear here.</p>
              {me.isAdmin ? (
                <Link to="/admin" className="button secondary">
                  Go to Admin
                </Link>
              ) : null}
            </div>
          ) : null}
          <ul className="cohort-list">
            {cohorts.map((c) => (
              <li key={c.cohort.id}>
                <CohortCard item={c} detail={details[c.cohort.id] ?? null} zone={zone} onStale={onStale} />
              </li>
            ))}
          </ul>
        </section>

        <aside className="home-aside" aria-label="Calendar and settings">
          <CalendarSection icalUrl={me.icalUrl} />
          <TimeZoneSettings />
        </aside>
      </div>
    </div>
  );
}
