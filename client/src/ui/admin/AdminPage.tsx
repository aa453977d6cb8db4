import { useEffect } from 'react';
import { useHearth } from '../../app/context';
import { cohortPath } from '../../lib/route';
import { Link } from '../Link';
import { NewCohortForm } from './NewCohortForm';

const ROLE_LABEL = { admin: 'Admin', facilitator: 'Facilitator', member: 'Member' } as const;

/**
 * `/admin`: the cohorts I may open (all of them for admins) and, for admins, "New cohort".
 * Facilitators reach the same page as "My cohorts" to manage theirs.
 */
export function AdminPage() {
  const me = useHearth((s) => s.account.me);
  const list = useHearth((s) => s.cohorts.list);
  const load = useHearth((s) => s.loadCohortList);

  useEffect(() => {
    void load();
  }, [load]);

  if (!me) return null;
  const cohorts = [...(list.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div className="page">
      <header className="page-header">
        <h1>{me.isAdmin ? 'Admin' : 'My cohorts'}</h1>
        <p className="lede">{me.isAdmin ? 'Create cohorts, build their schedules and invite people.' : 'The cohorts you facilitate.'}</p>
      </header>
      <div className="admin-grid">
        <section className="card" aria-labelledby="cohorts-title">
          <h2 id="cohorts-title">Cohorts</h2>
          {list.status === 'loading' && !list.data ? (
            <p className="waiting" role="status">
              Loading cohorts…
            </p>
          ) : null}
          {list.error ? (
            <div className="banner banner-error" role="alert">
              <p>{list.error}</p>
              <button type="button" className="secondary" onClick={() => void load()}>
                Try again
              </button>
            </div>
          ) : null}
          {list.data && cohorts.length === 0 ? <p className="soft">No cohorts yet.{me.isAdmin ? ' Create the first one with the form.' : ''}</p> : null}
          {cohorts.length > 0 ? (
            <ul className="cohort-links">
              {cohorts.map((c) => (
                <li key={c.id}>
                  <Link to={cohortPath(c.id)} className="cohort-link">
                    <span className="cohort-link-name">{c.name}</span>
                    <span className="soft">
                      {[c.stage, ROLE_LABEL[c.role]].filter(Boolean).join(' · ')}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
        {me.isAdmin ? <NewCohortForm /> : null}
      </div>
    </div>
  );
}
