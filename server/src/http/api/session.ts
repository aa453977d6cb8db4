import type { CookieOptions, RequestHandler, Response } from 'express';
import { CSRF_HEADER, SESSION_COOKIE } from '@hearth/shared';
import { readSessionCookie, SESSION_TTL_MS } from '../../accounts/authSessions';
import { safeEqual } from '../../accounts/tokens';
import type { AuthSession, UserRecord } from '../../accounts/types';
import { DomainError } from '../../errors';
import type { ApiServices } from './services';

/** The signed-in caller of a request. */
export interface RequestAuth {
  user: UserRecord;
  session: AuthSession;
  /** The cookie value (to end this session on sign-out). */
  token: string;
}

const AUTH = Symbol('hearth.auth');
type Locals = { [AUTH]?: RequestAuth | null };

/** The caller, as loaded by {@link sessionLoader}; null when signed out. */
export function authOf(res: Response): RequestAuth | null {
  return (res.locals as Locals)[AUTH] ?? null;
}

function cookieOptions(secure: boolean): CookieOptions {
  // httpOnly: page scripts (and so XSS) cannot read it. Lax: not sent on cross-site
  // subrequests or POSTs, but sent when someone follows a link to Hearth.
  return { httpOnly: true, sameSite: 'lax', secure, path: '/' };
}

/** Sends the session cookie (with the session's lifetime, so it slides with it). */
export function setSessionCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, { ...cookieOptions(secure), maxAge: SESSION_TTL_MS });
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(secure));
}

/** Resolves the session cookie into the caller (or null) for every API request. */
export function sessionLoader(services: ApiServices, secure: boolean): RequestHandler {
  return async (req, res, next) => {
    const token = readSessionCookie(req.headers.cookie);
    const resolved = await services.authSessions.resolve(token);
    (res.locals as Locals)[AUTH] = resolved && token ? { user: resolved.user, session: resolved.session, token } : null;
    if (resolved?.refreshed && token) setSessionCookie(res, token, secure);
    // A dead cookie (expired, signed out elsewhere) is dropped so the browser stops sending it.
    else if (token && !resolved) clearSessionCookie(res, secure);
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
