import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DomainError } from '../errors';
import { keys } from '../store/keys';
import type { Store } from '../store/types';
import { hashToken } from './tokens';

/** Sign-in limits (defaults in {@link DEFAULT_SIGN_IN_LIMITS}). */
export interface SignInLimits {
  /** Failed attempts for one email from one IP before it is locked for the window. */
  perEmailIp: number;
  /** Attempts of any kind from one IP per window (slows password spraying across emails). */
  perIp: number;
  windowSeconds: number;
}

/** The limits in force unless `config.signInLimits` overrides them. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perEmailIp: 5, perIp: 30, windowSeconds: 15 * 60 };

/** What a limiter needs from the store: its ioredis client when there is one. */
type MaybeRedisStore = Store & { redis?: Redis };

function limiter(store: MaybeRedisStore, scope: 'ip' | 'email-ip', points: number, duration: number): RateLimiterAbstract {
  const opts = { keyPrefix: keys.signInLimiterPrefix(scope), points, duration };
  // Redis: counters shared by every node, so a second node is no way around the limit.
  if (store.kind === 'redis' && store.redis) return new RateLimiterRedis({ ...opts, storeClient: store.redis });
  return new RateLimiterMemory(opts);
}

const rejected = (res: RateLimiterRes): DomainError & { retryAfterSeconds: number } =>
  Object.assign(new DomainError('RATE_LIMITED', 'too many sign-in attempts; try again later'), {
    retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  });

/**
 * Brute-force protection for sign-in. Every attempt is counted up front, atomically
 * (against the email+IP pair and the IP), so a burst of parallel guesses cannot slip
 * past a check-then-count gap; a success hands the points back, so in effect only
 * failures count and people signing in together from one venue do not lock each other
 * out. Store errors propagate (fail closed).
 */
export class SignInLimiter {
  private readonly byIp: RateLimiterAbstract;
  private readonly byEmailIp: RateLimiterAbstract;

  constructor(store: Store, limits: Partial<SignInLimits> = {}) {
    const l = { ...DEFAULT_SIGN_IN_LIMITS, ...limits };
    this.byIp = limiter(store, 'ip', l.perIp, l.windowSeconds);
    this.byEmailIp = limiter(store, 'email-ip', l.perEmailIp, l.windowSeconds);
  }

  /** The email is hashed: limiter keys end up in Redis, emails should not. */
  private pair(email: string, ip: string): string {
    return `${hashToken(email)}|${ip}`;
  }

  /** Counts an attempt; throws RATE_LIMITED (with `retryAfterSeconds`) when it must not be tried. */
  async admit(email: string, ip: string): Promise<void> {
    try {
      await this.byEmailIp.consume(this.pair(email, ip));
      await this.byIp.consume(ip);
    } catch (err) {
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
