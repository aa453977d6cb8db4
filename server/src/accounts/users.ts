import { DomainError } from '../errors';
import { keys } from '../store/keys';
import type { Store } from '../store/types';
import { FeedTokens } from './feedTokens';
import { burnVerification, hashPassword, verifyPassword } from './passwords';
import { hashToken, newId } from './tokens';
import type { UserRecord } from './types';

/** What it takes to create an account. `email` must already be normalised (lower-case, trimmed). */
export interface NewUser {
  /** Pre-chosen id (e.g. to claim an invite for it first); a random one otherwise. */
  id?: string;
  email: string;
  name: string;
  password: string;
  isAdmin?: boolean;
  timeZone?: string | null;
}

const emailKey = (email: string) => keys.userByEmail(hashToken(email.trim().toLowerCase()));

/** Accounts: creation, lookup, credentials and preferences, all through the Store. */
export class Users {
  private readonly feeds: FeedTokens;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
  ) {
    this.feeds = new FeedTokens(store);
  }

  /**
   * Creates an account. The email is claimed last, with setIfAbsent, so two concurrent
   * sign-ups for one email cannot both win, and a crash part-way leaves at worst an
   * unreachable record rather than an email that can never be used. 409 CONFLICT when
   * the email is taken.
   */
  async create(input: NewUser): Promise<UserRecord> {
    const id = input.id ?? newId();
    const now = new Date(this.clock()).toISOString();
    const user: UserRecord = {
      id,
      email: input.email.trim().toLowerCase(),
      name: input.name,
      isAdmin: input.isAdmin ?? false,
      timeZone: input.timeZone ?? null,
      icalToken: await this.feeds.issue({ kind: 'user', id }),
      icalTokenIssuedAt: now,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.set(keys.userPassword(id), await hashPassword(input.password));
    await this.store.set(keys.user(id), user);
    if (!(await this.store.setIfAbsent(emailKey(user.email), id))) {
      await this.discard(user);
      throw new DomainError('CONFLICT', 'an account with this email already exists');
    }
    return user;
  }

  /** Removes an account created moments ago whose creation could not be completed. */
  discard(user: UserRecord): Promise<void> {
    return this.remove(user);
  }

  /**
   * Makes signing in with the password impossible (first step of erasure): without the
   * hash, verifyCredentials answers as for a wrong password.
   */
  async lockOut(id: string): Promise<void> {
    await this.store.delete(keys.userPassword(id));
  }

  /**
   * Deletes the account's own keys: its calendar token, its claim on the email (freed for
   * a new account, unless someone else holds it), the record, the password hash and the
   * cohort index. Memberships and everything else are the caller's (privacy/erasure).
   */
  async remove(user: UserRecord): Promise<void> {
    await this.feeds.revoke(user.icalToken);
    await this.store.deleteIfEquals(emailKey(user.email), user.id);
    await this.store.delete(keys.user(user.id), keys.userPassword(user.id), keys.userCohorts(user.id));
  }

  /** The account, or null. */
  get(id: string): Promise<UserRecord | null> {
    return this.store.get<UserRecord>(keys.user(id));
  }

  /** The account with this email, or null. */
  async findByEmail(email: string): Promise<UserRecord | null> {
    const id = await this.store.get<string>(emailKey(email));
    return id ? this.get(id) : null;
  }

  /**
   * The account if `password` is right, else null. Unknown emails cost the same time as
   * wrong passwords, so timing does not reveal who has an account.
   */
  async verifyCredentials(email: string, password: string): Promise<UserRecord | null> {
    const user = await this.findByEmail(email);
    const hash = user ? await this.store.get<string>(keys.userPassword(user.id)) : null;
    if (!user || !hash) return burnVerification(password).then(() => null);
    return (await verifyPassword(hash, password)) ? user : null;
  }

  /** Replaces the password. */
  async setPassword(id: string, password: string): Promise<void> {
    await this.store.set(keys.userPassword(id), await hashPassword(password));
  }

  /** Changes name, zone or admin flag atomically; 404 when the account is gone. */
  async update(id: string, patch: Partial<Pick<UserRecord, 'name' | 'timeZone' | 'isAdmin'>>): Promise<UserRecord> {
    const updatedAt = new Date(this.clock()).toISOString();
    const next = await this.store.update<UserRecord>(keys.user(id), (cur) => (cur ? { ...cur, ...patch, updatedAt } : null));
    if (!next) throw new DomainError('NOT_FOUND', 'no such account');
    return next;
  }

  /** Issues a new calendar token and revokes the one it replaces; returns the new token. */
  async regenerateIcalToken(id: string): Promise<string> {
    const token = await this.feeds.issue({ kind: 'user', id });
    const updatedAt = new Date(this.clock()).toISOString();
    // The last run of the update fn is the one stored, so `replaced` is what was overwritten
    // even when a concurrent regeneration forced a retry.
    let replaced: string | undefined;
    const next = await this.store.update<UserRecord>(keys.user(id), (cur) => {
      replaced = cur?.icalToken;
      return cur ? { ...cur, icalToken: token, icalTokenIssuedAt: updatedAt, updatedAt } : null;
    });
    if (!next) {
      await this.feeds.revoke(token);
      throw new DomainError('NOT_FOUND', 'no such account');
    }
    if (replaced) await this.feeds.revoke(replaced);
    return token;
  }
}
