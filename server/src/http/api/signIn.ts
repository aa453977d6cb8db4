import type { CookieOptions, RequestHandler, Response } from 'express';
import { CSRF_HEADER, SIGN_IN_COOKIE } from '@hearth/shared';
import { readSignInCookie, SIGN_IN_TTL_MS } from '../../accounts/signIns';
import { safeEqual } from '../../accounts/tokens';
import type { SignIn, UserRecord } from '../../accounts/types';
import { DomainError } from '../../errors';
import type { Records } from '../../records';

/** The signed-in caller of a request. */
export interface RequestAuth {
  user: UserRecord;
  session: SignIn;
  /** The cookie value (to end this session on sign-out). */
  token: string;
}

const AUTH = Symbol('hearth.auth');
type Locals = { [AUTH]?: RequestAuth | null };

/** The caller, as loaded by {@link signInLoader}; null when signed out. */
export function authOf(res: Response): RequestAuth | null {
  return (res.locals as Locals)[AUTH] ?? null;
}

function cookieOptions(secure: boolean): CookieOptions {
  // httpOnly: page scripts (and so XSS) cannot read it. Lax: not sent on cross-site
  // subrequests or POSTs, but sent when someone follows a link to Hearth.
  return { httpOnly: true, sameSite: 'lax', secure, path: '/' };
}

/** Sends the session cookie (with the session's lifetime, so it slides with it). */
export function setSignInCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(SIGN_IN_COOKIE, token, { ...cookieOptions(secure), maxAge: SIGN_IN_TTL_MS });
}

/** Tells the browser to forget the session cookie. */
export function clearSignInCookie(res: Response, secure: boolean): void {
  res.clearCookie(SIGN_IN_COOKIE, cookieOptions(secure));
}

/** Resolves the session cookie into the caller (or null) for every API request. */
export function signInLoader(services: Records, secure: boolean): RequestHandler {
  return async (req, res, next) => {
    const token = readSignInCookie(req.headers.cookie);
    const resolved = await services.signIns.resolve(token);
    (res.locals as Locals)[AUTH] = resolved && token ? { user: resolved.user, session: resolved.session, token } : null;
    if (resolved?.refreshed && token) setSignInCookie(res, token, secure);
    // A dead cookie (expired, signed out elsewhere) is dropped so the browser stops sending it.
    else if (token && !resolved) clearSignInCookie(res, secure);
    next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection (synchronizer token): a write made with a valid session cookie must
 * carry the session's token in `x-csrf-token`, which another site cannot read. Writes
 * without a session hold no ambient authority; the API takes only JSON bodies, which a
 * cross-site form cannot send, so sign-in and invite acceptance are covered too.
 * `exempt` lists paths (relative to the router) that start a new session.
 */
export function csrfGuard(exempt: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const auth = authOf(res);
    if (!auth || SAFE_METHODS.has(req.method) || exempt.includes(req.path)) return next();
    const sent = req.get(CSRF_HEADER);
    if (!sent || !safeEqual(sent, auth.session.csrfToken)) {
      throw new DomainError('CSRF', `missing or wrong ${CSRF_HEADER} header; get the token from GET /api/session`);
    }
    next();
  };
}
