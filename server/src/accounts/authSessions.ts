import { parse as parseCookies } from 'cookie';
import { SESSION_COOKIE } from '@hearth/shared';
import { keys } from '../store/keys';
import type { Store } from '../store/types';
import { hashToken, newToken } from './tokens';
import { toAuthedUser, type AuthSession, type AuthedUser, type UserRecord } from './types';
import type { Users } from './users';

/** Sessions last 30 days from their last use. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Extend a session's expiry at most hourly: sliding expiry without a write per request. */
const REFRESH_AFTER_MS = 60 * 60 * 1000;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A resolved session cookie. */
export interface ResolvedSession {
  user: UserRecord;
  session: AuthSession;
  /** True when this use extended the expiry: the cookie should be re-sent to slide too. */
  refreshed: boolean;
}

/** The `hearth_session` value in a Cookie header, if it is shaped like one of ours. */
export function readSessionCookie(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  const value = parseCookies(cookieHeader)[SESSION_COOKIE];
  return value && TOKEN_SHAPE.test(value) ? value : undefined;
}

/**
 * Sign-in sessions. The cookie carries a random token; the store keeps only its hash,
 * so reading the store does not let anyone sign in as someone else. Expiry is checked
 * against the injected clock (tests) and enforced by the store's TTL (housekeeping).
 */
export class AuthSessions {
  constructor(
    private readonly store: Store,
    private readonly users: Users,
    private readonly clock: () => number,
  ) {}

  /** Starts a session for `userId`; returns the cookie value (shown only now) and the record. */
  async create(userId: string): Promise<{ token: string; session: AuthSession }> {
    const now = this.clock();
    const token = newToken();
    const session: AuthSession = {
      userId,
      csrfToken: newToken(),
      createdAt: new Date(now).toISOString(),
      expiresAt: now + SESSION_TTL_MS,
      refreshedAt: now,
    };
    await this.store.set(keys.authSession(hashToken(token)), session, { ttlMs: SESSION_TTL_MS });
    return { token, session };
  }

  /** The live session and account for a cookie value, extending the expiry; null when signed out. */
  async resolve(token: string | undefined): Promise<ResolvedSession | null> {
    if (!token || !TOKEN_SHAPE.test(token)) return null;
    const key = keys.authSession(hashToken(token));
    const session = await this.store.get<AuthSession>(key);
    const now = this.clock();
    if (!session) return null;
    if (session.expiresAt <= now) {
      await this.store.delete(key);
      return null;
    }
    const user = await this.users.get(session.userId);
    if (!user) {
      await this.store.delete(key);
      return null;
    }
    if (now - session.refreshedAt < REFRESH_AFTER_MS) return { user, session, refreshed: false };
    // update(), not set(): a sign-out racing this refresh must stay signed out.
    const refreshed = await this.store.update<AuthSession>(
      key,
      (cur) => (cur ? { ...cur, expiresAt: now + SESSION_TTL_MS, refreshedAt: now } : null),
      { ttlMs: SESSION_TTL_MS },
    );
    return refreshed ? { user, session: refreshed, refreshed: true } : null;
  }

  /** Ends the session behind a cookie value (sign-out). */
  async destroy(token: string | undefined): Promise<void> {
    if (token && TOKEN_SHAPE.test(token)) await this.store.delete(keys.authSession(hashToken(token)));
  }

  /**
   * The person behind a Cookie header, for the socket.io handshake: null when there is no
   * valid `hearth_session` cookie. Counts as use of the session (extends its expiry).
   */
  async authenticateCookieHeader(cookieHeader: string | undefined): Promise<AuthedUser | null> {
    const resolved = await this.resolve(readSessionCookie(cookieHeader));
    return resolved ? toAuthedUser(resolved.user) : null;
  }
}
