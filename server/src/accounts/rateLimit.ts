import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type IRateLimiterOptions, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from '../config';
import { DomainError } from '../errors';
import { keys } from '../store/keys';
import type { Store } from '../store/types';
import { hashToken } from './tokens';

export { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from '../config';

/** What a limiter needs from the store: its ioredis client when there is one. */
type MaybeRedisStore = Store & { redis?: Redis };

function limiter(store: MaybeRedisStore, scope: 'ip' | 'email-ip', opts: Omit<IRateLimiterOptions, 'keyPrefix'>): RateLimiterAbstract {
  const withPrefix = { ...opts, keyPrefix: keys.signInLimiterPrefix(scope) };
  // Redis: counters shared by every node, so a second node is no way around the limit.
  if (store.kind === 'redis' && store.redis) return new RateLimiterRedis({ ...withPrefix, storeClient: store.redis });
  return new RateLimiterMemory(withPrefix);
}

const rejected = (res: RateLimiterRes): DomainError & { retryAfterSeconds: number } =>
  Object.assign(new DomainError('RATE_LIMITED', 'too many failed sign-ins; try again later'), {
    retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  });

/**
 * Brute-force protection for sign-in, after rate-limiter-flexible's login-protection
 * recipe: consecutive failures for one email from one IP are limited strictly (then
 * that pair is locked for a while), failures from one IP across emails loosely (per
 * day), and a success resets the pair. So one person's typos lock out no one else, and
 * people at a venue sharing an IP can sign in while a guesser on it is stopped.
 *
 * Unlike the recipe, every attempt is counted up front, atomically, and a success hands
 * its points back: a burst of parallel guesses cannot slip past a check-then-count gap,
 * and in effect only failures count. Store errors propagate (fail closed).
 */
export class SignInLimiter {
  private readonly byIp: RateLimiterAbstract;
  private readonly byEmailIp: RateLimiterAbstract;

  constructor(store: Store, limits: Partial<SignInLimits> = {}) {
    const l = { ...DEFAULT_SIGN_IN_LIMITS, ...limits };
    this.byIp = limiter(store, 'ip', { points: l.perIp, duration: l.ipWindowSeconds });
    // Failures are remembered for a day at most; a lock lasts emailIpLockSeconds.
    this.byEmailIp = limiter(store, 'email-ip', { points: l.perEmailIp, duration: l.ipWindowSeconds, blockDuration: l.emailIpLockSeconds });
  }

  /** The email is hashed: limiter keys end up in Redis, emails should not. */
  private pair(email: string, ip: string): string {
    return `${hashToken(email)}|${ip}`;
  }

  /** Counts an attempt; throws RATE_LIMITED (with `retryAfterSeconds`) when it must not be tried. */
  async admit(email: string, ip: string): Promise<void> {
    const pair = this.pair(email, ip);
    try {
      await this.byEmailIp.consume(pair);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw rejected(err);
      throw err;
    }
    try {
      await this.byIp.consume(ip);
    } catch (err) {
      // Not tried, so not a failure of this pair.
      await this.byEmailIp.reward(pair, 1);
      if (err instanceof RateLimiterRes) throw rejected(err);
      throw err;
    }
  }

  /** A success clears the pair's failures and refunds the IP's point. */
  async succeeded(email: string, ip: string): Promise<void> {
    await this.byEmailIp.delete(this.pair(email, ip));
    await this.byIp.reward(ip, 1);
  }
}
