import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DomainError } from '../errors';
import { keys } from '../store/keys';
import type { Store } from '../store/types';
import { hashToken } from './tokens';

/** Sign-in limits. Defaults: 5 failures per email+IP per 15 min, 30 attempts per IP per 15 min. */
export interface SignInLimits {
  /** Failed attempts for one email from one IP before it is locked for the window. */
  perEmailIp: number;
  /** Attempts of any kind from one IP per window (slows password spraying across emails). */
  perIp: number;
  windowSeconds: number;
}

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
 * Brute-force protection for sign-in (the pattern rate-limiter-flexible documents for
 * login endpoints): every attempt costs the IP a point; failures also cost the
 * email+IP pair, which a success resets. Store errors propagate (fail closed).
 */
export class SignInLimiter {
  private readonly byIp: RateLimiterAbstract;
  private readonly byEmailIp: RateLimiterAbstract;
  private readonly limits: SignInLimits;

  constructor(store: Store, limits: Partial<SignInLimits> = {}) {
    this.limits = { ...DEFAULT_SIGN_IN_LIMITS, ...limits };
    this.byIp = limiter(store, 'ip', this.limits.perIp, this.limits.windowSeconds);
    this.byEmailIp = limiter(store, 'email-ip', this.limits.perEmailIp, this.limits.windowSeconds);
  }

  /** The email is hashed: limiter keys end up in Redis, emails should not. */
  private pair(email: string, ip: string): string {
    return `${hashToken(email)}|${ip}`;
  }

  /** Throws RATE_LIMITED (with `retryAfterSeconds`) when this attempt must not be tried. */
  async admit(email: string, ip: string): Promise<void> {
    const pair = await this.byEmailIp.get(this.pair(email, ip));
    if (pair && pair.consumedPoints >= this.limits.perEmailIp) throw rejected(pair);
    try {
      await this.byIp.consume(ip);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw rejected(err);
      throw err;
    }
  }

  /** Records a failed attempt. */
  async failed(email: string, ip: string): Promise<void> {
    await this.byEmailIp.consume(this.pair(email, ip)).catch((err: unknown) => {
      if (!(err instanceof RateLimiterRes)) throw err; // over the limit already: fine
    });
  }

  /** A success clears the email+IP failures (the IP budget is kept). */
  async succeeded(email: string, ip: string): Promise<void> {
    await this.byEmailIp.delete(this.pair(email, ip));
  }
}
