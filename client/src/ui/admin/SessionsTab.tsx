import type { CohortView } from '@hearth/shared';
import { cohortPath } from '../../lib/route';
import { Link } from '../Link';
import { SessionRow } from './SessionRow';
import { ThemesForm } from './ThemesForm';

/** Sessions: every session with its theme; managers can edit themes, move and cancel. */
export function SessionsTab({ cohort, manage }: { cohort: CohortView; manage: boolean }) {
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      {cohort.sessions.length === 0 ? (
        <p className="soft">
          No sessions yet.{' '}
          {manage ? <Link to={cohortPath(cohort.id, 'schedule')}>Build the schedule</Link> : 'Your facilitators will add them soon.'}
        </p>
      ) : (
        <>
          <p className="soft">
            Times are shown in {cohort.viewerTimeZone.replace(/_/g, ' ')} time
            {manage ? `; moves are entered in the cohort's home time (${cohort.timeZone.replace(/_/g, ' ')}).` : '.'}
          </p>
          <ol className="session-list">
            {cohort.sessions.map((s) => (
              <li key={s.id}>
                <SessionRow cohort={cohort} session={s} manage={manage} />
              </li>
            ))}
          </ol>
          {manage ? <ThemesForm cohort={cohort} /> : null}
        </>
      )}
    </section>
  );
}
