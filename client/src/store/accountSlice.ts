import type { SessionView } from '@hearth/shared';
import type { AccountSlice, AccountState } from './accountTypes';
import { attemptWith } from './apiResult';
import type { SliceCreator } from './types';

const signedOut: AccountState = { status: 'signedOut', me: null, csrfToken: null, cohorts: [], returnTo: null, attendanceRetentionDays: null };

/**
 * Account slice: who is signed in, the CSRF token every write needs, sign in and out,
 * and the person's own settings. The session itself is an httpOnly cookie the page
 * never sees; this slice only mirrors what GET /api/session says about it.
 */
export const createAccountSlice: SliceCreator<AccountSlice> = (services) => (set, get) => {
  const attempt = attemptWith(services, get);
  const fromView = (view: SessionView, returnTo: string | null): AccountState => ({
    status: 'signedIn',
    me: view.me,
    csrfToken: view.csrfToken,
    cohorts: view.cohorts,
    returnTo,
    attendanceRetentionDays: view.attendanceRetentionDays,
  });

  return {
    account: { ...signedOut, status: 'unknown' },

    loadSession: async () => {
      try {
        const view = await services().api.session();
        set((s) => ({ account: fromView(view, s.account.returnTo) }));
      } catch {
        // Signed out — or the server is unreachable, where the anonymous circle pages
        // still work and the pages that need an account will show the error themselves.
        set((s) => ({ account: { ...signedOut, returnTo: s.account.returnTo } }));
      }
    },

    signIn: async (email, password) => {
      const result = await attempt(
        (api) => api.signIn(email, password),
        {
          UNAUTHENTICATED: "That email and password don't match. Check them and try again.",
          INVALID_PAYLOAD: 'Please enter your email address and password.',
        },
        false,
      );
      if (result.ok) {
        // Another person's data must not survive a change of account on a shared computer.
        get().resetCohorts();
        set((s) => ({ account: fromView(result.data, s.account.returnTo) }));
        // The socket learns who is signed in only when it connects (cohort circles need it).
        services().reauthenticate();
      }
      return result;
    },

    signOut: async () => {
      // The request reads the CSRF token as it starts, so local state can go at once:
      // the page changes in the same tick as the click, and nothing personal lingers
      // even if the server cannot be reached.
      const request = services().api.signOut();
      get().resetCohorts();
      set({ account: signedOut });
      await request.catch(() => undefined);
      // Nobody may keep using the socket as the person who just signed out.
      services().reauthenticate();
    },

    sessionStarted: (view) => {
      get().resetCohorts();
      set({ account: fromView(view, null) });
      services().reauthenticate();
    },

    sessionExpired: () => {
      if (get().account.status === 'signedOut') return;
      get().resetCohorts();
      set((s) => ({ account: { ...signedOut, returnTo: s.account.returnTo } }));
      services().reauthenticate();
    },

    updateMe: async (body) => {
      const result = await attempt((api) => api.updateMe(body));
      if (result.ok) set((s) => ({ account: { ...s.account, me: result.data } }));
      return result;
    },

    setReturnTo: (path) => set((s) => ({ account: { ...s.account, returnTo: path } })),

    exportMyData: () => attempt((api) => api.exportMyData()),

    deleteAccount: async (password) => {
      const result = await attempt((api) => api.deleteMe(password), {
        REAUTH_FAILED: "That password isn't right. Your account has not been deleted.",
        INVALID_PAYLOAD: 'Please enter your password to confirm.',
      });
      if (!result.ok) return result;
      // Page first, then state, in one tick: a signed-out /settings would flash the sign-in redirect.
      get().navigate('/account-deleted', { replace: true });
      get().resetCohorts();
      set({ account: signedOut });
      services().forgetLocalData();
      services().reauthenticate();
      return result;
    },
  };
};
