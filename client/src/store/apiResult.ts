import type { ErrorCode } from '@hearth/shared';
import { apiErrorCode } from '../net/api';
import { friendlyMessage } from '../net/apiMessages';
import type { HearthApi } from '../net/endpoints';
import type { ApiResult, Loadable } from './accountTypes';
import type { HearthServices, HearthState } from './types';

/** Runs one API call and reports it as an {@link ApiResult}. */
export type Attempt = <T>(
  call: (api: HearthApi) => Promise<T>,
  overrides?: Partial<Record<ErrorCode, string>>,
  /** False for sign-in itself, where UNAUTHENTICATED means "wrong password", not "session gone". */
  expireOnUnauthenticated?: boolean,
) => Promise<ApiResult<T>>;

/**
 * Builds the slices' way of calling the API: failures become sentences (never thrown at
 * a component), and UNAUTHENTICATED anywhere means the session is gone, so the account
 * slice hears about it once, here, rather than in every action.
 */
export function attemptWith(services: () => HearthServices, get: () => HearthState): Attempt {
  return async (call, overrides, expireOnUnauthenticated = true) => {
    try {
      return { ok: true, data: await call(services().api) };
    } catch (err) {
      const code = apiErrorCode(err);
      if (code === 'UNAUTHENTICATED' && expireOnUnauthenticated) get().sessionExpired();
      return { ok: false, code, message: friendlyMessage(err, overrides) };
    }
  };
}

/** An empty {@link Loadable}. */
export function idle<T>(): Loadable<T> {
  return { status: 'idle', data: null, error: null };
}

/** The loading state of a {@link Loadable}: keeps the old data on screen while refreshing. */
export function loading<T>(prev: Loadable<T>, keep: boolean): Loadable<T> {
  return { status: 'loading', data: keep ? prev.data : null, error: null };
}

/** A {@link Loadable} settled from an {@link ApiResult}; a failed refresh keeps the old data. */
export function settled<T>(prev: Loadable<T>, result: ApiResult<T>): Loadable<T> {
  return result.ok ? { status: 'ready', data: result.data, error: null } : { status: 'error', data: prev.data, error: result.message };
}
