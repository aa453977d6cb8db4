import type { AccountState } from '../store/accountTypes';
import { needsAccount, type Route } from './route';

/** Where to send the person instead, and whether to remember where they were. */
export interface Redirect {
  to: string;
  /** Set `returnTo` to this before redirecting (null: clear it). Undefined: leave it. */
  returnTo?: string | null;
}

/** Where a signed-in person lands by default: admins without cohorts of their own go to Admin. */
export function landingPath(account: Pick<AccountState, 'me' | 'cohorts'>): string {
  return account.me?.isAdmin && account.cohorts.length === 0 ? '/admin' : '/home';
}

/**
 * The redirect the account state asks for on `route` (at `path`), or null to stay.
 * Nothing happens until the session is known, so pages never flash the wrong thing.
 * Circle, invite and welcome pages work either way and are never redirected (signed in,
 * the welcome page is where a hosted circle is started); the account-deleted page is for
 * signed-out people only.
 */
export function authRedirect(route: Route, path: string, account: Pick<AccountState, 'status' | 'me' | 'cohorts' | 'returnTo'>): Redirect | null {
  if (account.status === 'unknown') return null;
  if (account.status === 'signedOut') return needsAccount(route) ? { to: '/sign-in', returnTo: path } : null;
  if (route.name === 'sign-in') return { to: account.returnTo ?? landingPath(account), returnTo: null };
  // "Your account has been deleted" is untrue for whoever is signed in.
  if (route.name === 'account-deleted') return { to: landingPath(account) };
  return null;
}
