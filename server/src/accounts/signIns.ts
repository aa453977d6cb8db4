import { parse as parseCookies } from 'cookie';
import { SIGN_IN_COOKIE } from '@hearth/shared';
import { ExpiringIndex } from '../store/expiringIndex';
import { keys } from '../store/keys';
import type { Store } from '../store/types';
import { hashToken, newToken } from './tokens';
import { toAuthedUser, type SignIn, type AuthedUser, type UserRecord } from './types';
import type { Users } from './users';

/** Sessions last 30 days from their last use. */
export const SIGN_IN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Extend a session's expiry at most hourly: sliding expiry without a write per request. */
const REFRESH_AFTER_MS = 60 * 60 * 1000;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A resolved session cookie. */
export interface ResolvedSignIn {
  user: UserRecord;
  session: SignIn;
  /** True when this use extended the expiry: the cookie should be re-sent to slide too. */
  refreshed: boolean;
}

/** The `hearth_session` value in a Cookie header, if it is shaped like one of ours. */
export function readSignInCookie(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  const value = parseCookies(cookieHeader)[SIGN_IN_COOKIE];
  return value && TOKEN_SHAPE.test(value) ? value : undefined;
}

/** One of a person's sign-in sessions, as their data export lists it. */
export interface SignInSummary {
  createdAt: string;
  /** Epoch ms of the last expiry extension (the session was in use then). */
  refreshedAt: number;
  expiresAt: number;
  /** sha256 of the cookie value: to tell the caller's own session apart, never shown. */
  tokenHash: string;
}

/**
 * Sign-in sessions. The cookie carries a random token; the store keeps only its hash,
 * so reading the store does not let anyone sign in as someone else. Expiry is checked
 * against the injected clock (tests) and enforced by the store's TTL (housekeeping).
 * Each person's sessions are also listed in a per-user index (with the same expiry), so
 * erasure can sign them out everywhere.
 */
export class SignIns {
  private readonly index: ExpiringIndex;

  constructor(
    private readonly store: Store,
    private readonly users: Users,
    private readonly clock: () => number,
  ) {
    this.index = new ExpiringIndex(store, clock, SIGN_IN_TTL_MS);
  }

  /** Starts a session for `userId`; returns the cookie value (shown only now) and the record. */
  async create(userId: string): Promise<{ token: string; session: SignIn }> {
    const now = this.clock();
    const token = newToken();
    const session: SignIn = {
      userId,
      csrfToken: newToken(),
      createdAt: new Date(now).toISOString(),
      expiresAt: now + SIGN_IN_TTL_MS,
      refreshedAt: now,
    };
    const tokenHash = hashToken(token);
    // Indexed first: a session that exists is always one erasure can find.
    await this.index.put(keys.userAuthSessions(userId), tokenHash, session.expiresAt);
    await this.store.set(keys.authSession(tokenHash), session, { ttlMs: SIGN_IN_TTL_MS });
    return { token, session };
  }

  /** The live session and account for a cookie value, extending the expiry; null when signed out. */
  async resolve(token: string | undefined): Promise<ResolvedSignIn | null> {
    if (!token || !TOKEN_SHAPE.test(token)) return null;
    const tokenHash = hashToken(token);
    const key = keys.authSession(tokenHash);
    const session = await this.store.get<SignIn>(key);
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
    await this.index.put(keys.userAuthSessions(session.userId), tokenHash, now + SIGN_IN_TTL_MS);
    // update(), not set(): a sign-out racing this refresh must stay signed out.
    const refreshed = await this.store.update<SignIn>(
      key,
      (cur) => (cur ? { ...cur, expiresAt: now + SIGN_IN_TTL_MS, refreshedAt: now } : null),
      { ttlMs: SIGN_IN_TTL_MS },
    );
    return refreshed ? { user, session: refreshed, refreshed: true } : null;
  }

  /** Ends the session behind a cookie value (sign-out). */
  async destroy(token: string | undefined): Promise<void> {
    if (!token || !TOKEN_SHAPE.test(token)) return;
    const tokenHash = hashToken(token);
    const session = await this.store.get<SignIn>(keys.authSession(tokenHash));
    await this.store.delete(keys.authSession(tokenHash));
    if (session) await this.index.remove(keys.userAuthSessions(session.userId), tokenHash);
  }

  /** Signs the person out everywhere: every session of theirs, and the index, deleted. Returns how many were live. */
  async destroyAllOf(userId: string): Promise<number> {
    const hashes = await this.index.members(keys.userAuthSessions(userId));
    await this.store.delete(...hashes.map((h) => keys.authSession(h)), keys.userAuthSessions(userId));
    return hashes.length;
  }

  /** The person's live sessions, oldest first. */
  async listOf(userId: string): Promise<SignInSummary[]> {
    const hashes = await this.index.members(keys.userAuthSessions(userId));
    const found = await Promise.all(hashes.map(async (tokenHash) => ({ tokenHash, s: await this.store.get<SignIn>(keys.authSession(tokenHash)) })));
    return found
      .filter((f): f is { tokenHash: string; s: SignIn } => f.s !== null && f.s.userId === userId && f.s.expiresAt > this.clock())
      .map(({ tokenHash, s }) => ({ tokenHash, createdAt: s.createdAt, refreshedAt: s.refreshedAt, expiresAt: s.expiresAt }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * The person behind a Cookie header, for the socket.io handshake: null when there is no
   * valid `hearth_session` cookie. Counts as use of the session (extends its expiry).
   */
  async authenticateCookieHeader(cookieHeader: string | undefined): Promise<AuthedUser | null> {
    const resolved = await this.resolve(readSignInCookie(cookieHeader));
    return resolved ? toAuthedUser(resolved.user) : null;
  }
}
