import { useEffect, type MouseEvent } from 'react';
import { useHearth } from '../app/context';
import { authRedirect } from '../lib/authRedirect';
import { AdminPage } from './admin/AdminPage';
import { CohortPage } from './admin/CohortPage';
import { Announcer, ConnectionBanner, ErrorAlerts } from './Alerts';
import { CirclePage } from './CirclePage';
import { HomePage } from './home/HomePage';
import { HearthLogo } from './icons';
import { InvitePage } from './InvitePage';
import { AccountDeletedPage } from './settings/AccountDeletedPage';
import { SettingsPage } from './settings/SettingsPage';
import { SignInPage } from './SignInPage';
import { TopBarAccount } from './TopBarAccount';
import { WelcomePage } from './WelcomePage';

/** The whole app: top bar, connection and error alerts, and the page for the route. */
export function App() {
  const route = useHearth((s) => s.ui.route);
  const navigate = useHearth((s) => s.navigate);
  const inCircle = useHearth((s) => s.circle.phase !== 'idle');
  const account = useHearth((s) => s.account);
  const setReturnTo = useHearth((s) => s.setReturnTo);

  // Pages that need an account send signed-out people to sign in (and back afterwards);
  // signed-in people skip the sign-in page.
  useEffect(() => {
    const redirect = authRedirect(route, window.location.pathname, account);
    if (!redirect) return;
    if (redirect.returnTo !== undefined) setReturnTo(redirect.returnTo);
    navigate(redirect.to, { replace: true });
  }, [route, account, navigate, setReturnTo]);

  const home = (e: MouseEvent<HTMLAnchorElement>) => {
    // Client-side navigation; a modified click (new tab) keeps the browser's behaviour.
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate('/');
  };

  return (
    <div className={inCircle ? 'app app-in-circle' : 'app'}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href="/" onClick={home}>
          <HearthLogo />
          <span>Hearth</span>
        </a>
        <TopBarAccount />
      </header>
      <main id="main" tabIndex={-1}>
        <ConnectionBanner />
        <ErrorAlerts />
        <Page onHome={home} />
      </main>
      <Announcer />
    </div>
  );
}

function Page({ onHome }: { onHome: (e: MouseEvent<HTMLAnchorElement>) => void }) {
  const route = useHearth((s) => s.ui.route);
  const status = useHearth((s) => s.account.status);
  switch (route.name) {
    case 'welcome':
      // Until the session is known, "Start a circle" could be either the form or the sign-in link.
      return status === 'unknown' ? <Waiting /> : <WelcomePage />;
    case 'circle':
      return <CirclePage key={route.circleId} circleId={route.circleId} />;
    case 'sign-in':
      return status === 'signedOut' ? <SignInPage /> : <Waiting />;
    case 'invite':
      return status === 'unknown' ? <Waiting /> : <InvitePage key={route.token} token={route.token} />;
    case 'home':
      return status === 'signedIn' ? <HomePage /> : <Waiting />;
    case 'admin':
      return status === 'signedIn' ? <AdminPage /> : <Waiting />;
    case 'settings':
      return status === 'signedIn' ? <SettingsPage /> : <Waiting />;
    case 'account-deleted':
      return <AccountDeletedPage />;
    case 'cohort':
      return status === 'signedIn' ? <CohortPage key={route.cohortId} route={route} /> : <Waiting />;
    case 'invalid-circle':
      return <NotFound onHome={onHome} what="circle" />;
    case 'not-found':
      return <NotFound onHome={onHome} what="page" />;
  }
}

/** While the session is being checked: a quiet placeholder, announced politely. */
function Waiting() {
  return (
    <p className="waiting" role="status">
      Loading…
    </p>
  );
}

function NotFound({ onHome, what }: { onHome: (e: MouseEvent<HTMLAnchorElement>) => void; what: 'circle' | 'page' }) {
  return (
    <section className="card narrow">
      <h1>We couldn't find that {what}</h1>
      <p>
        {what === 'circle'
          ? 'The link may be incomplete. Ask the person who invited you to send it again, or start a new circle.'
          : 'The link may be incomplete or out of date. Check it, or go back to the start page.'}
      </p>
      <a className="button primary" href="/" onClick={onHome}>
        Go to the start page
      </a>
    </section>
  );
}
