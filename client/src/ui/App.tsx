import type { MouseEvent } from 'react';
import { useHearth } from '../app/context';
import { Announcer, ConnectionBanner, ErrorAlerts } from './Alerts';
import { CirclePage } from './CirclePage';
import { HearthLogo } from './icons';
import { WelcomePage } from './WelcomePage';

/** The whole app: top bar, connection and error alerts, and the page for the route. */
export function App() {
  const route = useHearth((s) => s.ui.route);
  const navigate = useHearth((s) => s.navigate);
  const inCircle = useHearth((s) => s.circle.phase !== 'idle');

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
      </header>
      <main id="main" tabIndex={-1}>
        <ConnectionBanner />
        <ErrorAlerts />
        {route.name === 'welcome' ? <WelcomePage /> : null}
        {route.name === 'circle' ? <CirclePage key={route.circleId} circleId={route.circleId} /> : null}
        {route.name === 'invalid-circle' || route.name === 'not-found' ? <NotFound onHome={home} /> : null}
      </main>
      <Announcer />
    </div>
  );
}

function NotFound({ onHome }: { onHome: (e: MouseEvent<HTMLAnchorElement>) => void }) {
  return (
    <section className="card narrow">
      <h1>We couldn't find that circle</h1>
      <p>The link may be incomplete. Ask the person who invited you to send it again, or start a new circle.</p>
      <a className="button primary" href="/" onClick={onHome}>
        Go to the start page
      </a>
    </section>
  );
}
