import { useEffect, useId } from 'react';
import { useHearth } from '../../app/context';
import { canManage, cohortTabsFor, TAB_LABEL } from '../../lib/permissions';
import { cohortPath, type CohortTab, type Route } from '../../lib/route';
import { zoneLabel } from '../../lib/zones';
import { Tabs } from './Tabs';
import { Link } from '../Link';
import { AgreementTab } from './AgreementTab';
import { AttendanceTab } from './AttendanceTab';
import { CrisisTab } from './CrisisTab';
import { DetailsTab } from './DetailsTab';
import { InvitesTab } from './InvitesTab';
import { PeopleTab } from './PeopleTab';
import { ScheduleTab } from './ScheduleTab';
import { SessionsTab } from './SessionsTab';

const ROLE_TEXT = { admin: 'You manage this cohort as an admin', facilitator: 'You facilitate this cohort', member: "You're a member" } as const;

/**
 * `/admin/cohorts/<id>[/<tab>]` (or `/cohorts/…`): one cohort, in tabs. My role in the
 * cohort, as the server reports it, decides which tabs and controls appear.
 */
export function CohortPage({ route }: { route: Extract<Route, { name: 'cohort' }> }) {
  const { cohortId, tab, base } = route;
  const current = useHearth((s) => s.cohorts.current);
  const currentId = useHearth((s) => s.cohorts.currentId);
  const loadCohort = useHearth((s) => s.loadCohort);
  const navigate = useHearth((s) => s.navigate);
  const me = useHearth((s) => s.account.me);
  const idPrefix = useId().replace(/:/g, '');

  // Refreshed on every tab change too: others (a new member, another facilitator) change
  // the cohort while the page is open, and counts in the header should not go stale.
  useEffect(() => {
    void loadCohort(cohortId);
  }, [cohortId, tab, loadCohort]);

  const cohort = currentId === cohortId ? current.data : null;
  const tabs = cohort ? cohortTabsFor(cohort.role) : null;
  const active: CohortTab = tabs && !tabs.includes(tab) ? 'details' : tab;

  // A tab my role doesn't have (a member following a manager's link) shows Details; the
  // address says so too, so a reload or a shared link agrees with the page.
  useEffect(() => {
    if (active !== tab) navigate(cohortPath(cohortId, active, base), { replace: true });
  }, [active, tab, cohortId, base, navigate]);
  const back = me?.isAdmin || (cohort && canManage(cohort.role)) ? { to: '/admin', label: me?.isAdmin ? 'All cohorts' : 'My cohorts' } : { to: '/home', label: 'Home' };

  if (!cohort) {
    return (
      <div className="page">
        <p>
          <Link to={back.to}>← {back.label}</Link>
        </p>
        {current.error ? (
          <div className="banner banner-error" role="alert">
            <p>{current.error}</p>
            <button type="button" className="secondary" onClick={() => void loadCohort(cohortId)}>
              Try again
            </button>
          </div>
        ) : (
          <p className="waiting" role="status">
            Loading the cohort…
          </p>
        )}
      </div>
    );
  }

  const manage = canManage(cohort.role);
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={back.to}>← {back.label}</Link>
      </p>
      <header className="page-header">
        <h1>{cohort.name}</h1>
        <p className="soft">
          {[cohort.stage, `${zoneLabel(cohort.timeZone)} time`, `${cohort.memberCount} of ${cohort.capacity} member seats taken`, ROLE_TEXT[cohort.role]]
            .filter(Boolean)
            .join(' · ')}
        </p>
      </header>
      <Tabs
        label="Cohort sections"
        tabs={tabs ?? []}
        labels={TAB_LABEL}
        active={active}
        idPrefix={idPrefix}
        onSelect={(t) => navigate(cohortPath(cohortId, t, base), { replace: true })}
      >
        {active === 'details' ? <DetailsTab cohort={cohort} manage={manage} /> : null}
        {active === 'schedule' ? <ScheduleTab cohort={cohort} /> : null}
        {active === 'sessions' ? <SessionsTab cohort={cohort} manage={manage} /> : null}
        {active === 'invites' ? <InvitesTab cohort={cohort} /> : null}
        {active === 'people' ? <PeopleTab cohort={cohort} manage={manage} /> : null}
        {active === 'agreement' ? <AgreementTab cohort={cohort} manage={manage} /> : null}
        {active === 'crisis' ? <CrisisTab cohort={cohort} /> : null}
        {active === 'attendance' ? <AttendanceTab cohort={cohort} /> : null}
      </Tabs>
    </div>
  );
}
