import { useHearth } from '../app/context';
import { Link } from './Link';

/**
 * The account side of the top bar. In a circle it stays out of the way (only a small
 * "Home" link when signed in); elsewhere it names who is signed in and offers sign-out.
 */
export function TopBarAccount() {
  const route = useHearth((s) => s.ui.route);
  const account = useHearth((s) => s.account);
  const signOut = useHearth((s) => s.signOut);
  const navigate = useHearth((s) => s.navigate);
  const { me, status } = account;

  if (status === 'unknown') return null;
  const inCirclePage = route.name === 'circle' || route.name === 'invalid-circle';
  if (inCirclePage) {
    return status === 'signedIn' ? (
      <nav className="account-nav" aria-label="Account">
        <Link to="/home" className="nav-link">
          Home
        </Link>
      </nav>
    ) : null;
  }
  if (status === 'signedOut' || !me) {
    return route.name === 'sign-in' ? null : (
      <nav className="account-nav" aria-label="Account">
        <Link to="/sign-in" className="button secondary small">
          Sign in
        </Link>
      </nav>
    );
  }

  // Facilitators manage their cohorts from the same pages admins use.
  const manages = me.isAdmin || account.cohorts.some((c) => c.role === 'facilitator');
  const current = (name: string) => (route.name === name ? 'page' : undefined);
  return (
    <nav className="account-nav" aria-label="Account">
      <Link to="/home" className="nav-link" aria-current={current('home')}>
        Home
      </Link>
      {manages ? (
        <Link to="/admin" className="nav-link" aria-current={route.name === 'admin' || route.name === 'cohort' ? 'page' : undefined}>
          {me.isAdmin ? 'Admin' : 'My cohorts'}
        </Link>
      ) : null}
      <Link to="/settings" className="nav-link" aria-current={current('settings')}>
        Settings
      </Link>
      <span className="signed-in-as">
        Signed in as <strong>{me.name}</strong>
      </span>
      <button
        type="button"
        className="secondary small"
        onClick={() => {
          // Both in one handler, so React renders them together: a signed-out /home
          // would otherwise flash a redirect to the sign-in page first.
          navigate('/');
          void signOut();
        }}
      >
        Sign out
      </button>
    </nav>
  );
}
