import { me } from '../test/apiViews';
import { authRedirect, landingPath } from './authRedirect';
import { parseRoute } from './route';

const signedIn = { status: 'signedIn' as const, me, cohorts: [], returnTo: null };
const signedOut = { status: 'signedOut' as const, me: null, cohorts: [], returnTo: null };

describe('authRedirect', () => {
  it('waits until the session is known', () => {
    expect(authRedirect(parseRoute('/home'), '/home', { ...signedOut, status: 'unknown' })).toBeNull();
  });

  it('sends signed-out people to sign in, remembering where they were', () => {
    expect(authRedirect(parseRoute('/admin/cohorts/c1/schedule'), '/admin/cohorts/c1/schedule', signedOut)).toEqual({ to: '/sign-in', returnTo: '/admin/cohorts/c1/schedule' });
    for (const path of ['/', '/c/abc', '/invite/abcdefghijklmnopqrstuvwxyz', '/sign-in']) expect(authRedirect(parseRoute(path), path, signedOut)).toBeNull();
  });

  it('signed in: / stays (start a circle there); sign-in goes back where it was asked from', () => {
    expect(authRedirect(parseRoute('/'), '/', signedIn)).toBeNull();
    expect(authRedirect(parseRoute('/sign-in'), '/sign-in', { ...signedIn, returnTo: '/admin' })).toEqual({ to: '/admin', returnTo: null });
    expect(authRedirect(parseRoute('/c/abc'), '/c/abc', signedIn)).toBeNull();
  });

  it('the account-deleted page is only for signed-out people', () => {
    expect(authRedirect(parseRoute('/account-deleted'), '/account-deleted', signedOut)).toBeNull();
    expect(authRedirect(parseRoute('/account-deleted'), '/account-deleted', signedIn)).toEqual({ to: '/home' });
    expect(authRedirect(parseRoute('/settings'), '/settings', signedOut)).toEqual({ to: '/sign-in', returnTo: '/settings' });
  });

  it('admins without cohorts of their own land on Admin', () => {
    expect(landingPath({ me: { ...me, isAdmin: true }, cohorts: [] })).toBe('/admin');
    expect(landingPath({ me, cohorts: [] })).toBe('/home');
  });
});
