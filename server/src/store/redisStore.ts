import Redis, { ReplyError, type RedisOptions } from 'ioredis';
import { StoreUnavailableError } from '../errors';
import type { Lease, Store } from './types';
import { WrittenJson } from './writtenJson';

/** Minimal logger shape (pino-compatible). */
export interface StoreLogger {
  warn(obj: unknown, msg?: string): void;
}

/** Why a Redis call failed: a client reported a connection error, or an operation found Redis away. */
export type RedisErrorKind = 'connection' | 'unavailable';

/** The Redis-backed store, plus access to the connection for Redis-only features. */
export interface RedisStore extends Store {
  readonly kind: 'redis';
  /** The underlying ioredis client (shared; do not put it into subscriber mode). */
  readonly redis: Redis;
  /**
   * A new connection with the same options, e.g. the socket.io adapter's pub and sub
   * clients. The caller owns it; any still open are disconnected by `close()`.
   */
  duplicate(): Redis;
}

/** Optimistic-transaction attempts before `update` gives up on a hot key. */
const MAX_UPDATE_ATTEMPTS = 50;
const PING_TIMEOUT_MS = 1000;
const QUIT_TIMEOUT_MS = 1000;

const DELETE_IF_EQUALS_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/*
 * Compare-and-set for `update`: writes only when the key still holds exactly what was read
 * ('' stands for "absent"; JSON never encodes to ''). Unlike WATCH/MULTI, which is per
 * connection, any number of these can be in flight on one connection, so updates of
 * different circles never wait for each other.
 */
const COMPARE_AND_SET_FN = `
local function compare_and_set(key, expected, next, px)
  local current = redis.call('GET', key)
  if current == false then current = '' end
  if current ~= expected then return 0 end
  if next == '' then
    redis.call('DEL', key)
  elseif px == '' then
    redis.call('SET', key, next)
  else
    redis.call('SET', key, next, 'PX', px)
  end
  return 1
end`;

const COMPARE_AND_SET_LUA = `${COMPARE_AND_SET_FN}
return compare_and_set(KEYS[1], ARGV[1], ARGV[2], ARGV[3])`;

/*
 * Leases: KEYS[1] the lease, KEYS[2] its epoch counter. A free lease is taken with the next
 * epoch (INCR, so epochs only grow); a held one is refreshed only for its holder. Leases are
 * JSON `{"holder":…,"epoch":…}`; cjson compares them field by field, never as strings.
 */
const ACQUIRE_LEASE_LUA = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local l = cjson.decode(cur)
  if l.holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
  return cur
end
local epoch = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
local v = cjson.encode({holder = ARGV[1], epoch = epoch})
redis.call('SET', KEYS[1], v, 'PX', ARGV[2])
return v`;

const HOLDS_LEASE = `
local function holds(key, holder, epoch)
  local cur = redis.call('GET', key)
  if not cur then return false end
  local l = cjson.decode(cur)
  return l.holder == holder and tonumber(l.epoch) == tonumber(epoch)
end`;

const RENEW_LEASE_LUA = `${HOLDS_LEASE}
if not holds(KEYS[1], ARGV[1], ARGV[2]) then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

const RELEASE_LEASE_LUA = `${HOLDS_LEASE}
if not holds(KEYS[1], ARGV[1], ARGV[2]) then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

/* Fenced compare-and-set: KEYS[1] the value, KEYS[2] the lease fencing it. */
const FENCED_SET_LUA = `${HOLDS_LEASE}${COMPARE_AND_SET_FN}
if not holds(KEYS[2], ARGV[1], ARGV[2]) then return 0 end
return compare_and_set(KEYS[1], ARGV[3], ARGV[4], ARGV[5])`;

/** How long a lease's epoch counter outlives its last use (as long as the rules state it fences). */
const LEASE_EPOCH_TTL_MS = 12 * 60 * 60 * 1000;

type WithScripts = Redis & {
  hearthAcquireLease(key: string, epochKey: string, holder: string, px: string, epochPx: string): Promise<string>;
  hearthRenewLease(key: string, holder: string, epoch: string, px: string): Promise<number>;
  hearthReleaseLease(key: string, holder: string, epoch: string): Promise<number>;
  hearthFencedSet(key: string, leaseKey: string, holder: string, epoch: string, expected: string, next: string, px: string): Promise<number>;
  hearthDeleteIfEquals(key: string, expected: string): Promise<number>;
  hearthCompareAndSet(key: string, expected: string, next: string, px: string): Promise<number>;
};

/** PX rejects 0, negatives and fractions; fail loudly instead of storing without expiry. */
function ttlArg(ttlMs: number | undefined): number | undefined {
  if (ttlMs === undefined) return undefined;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`ttlMs must be a positive number, got ${ttlMs}`);
  return Math.ceil(ttlMs);
}

function encode(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('store values must be JSON-serialisable');
  return json;
}

function decode<T>(key: string, raw: string | null): T | null {
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new Error(`store key ${key} holds a non-JSON value`);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Connects to Redis at `url` and returns a {@link RedisStore}. The connection is opened
 * eagerly; while Redis is unreachable, commands fail after a few reconnect attempts
 * rather than queueing forever, and connection errors are logged once per outage.
 * `onError` hears of every connection error of any of its clients and of every operation
 * that failed UNAVAILABLE (for metrics; it must not throw).
 */
/** Redis behind Sentinel: the sentinels, the master's name, and optionally a URL for password and db. */
export interface RedisSentinel {
  sentinels: { host: string; port: number }[];
  name: string;
  url?: string;
}

/** Connection options for a sentinel target (ioredis asks the sentinels for the primary and follows failovers). */
function sentinelOptions(target: RedisSentinel): RedisOptions {
  const auth = target.url ? new URL(target.url) : null;
  return {
    sentinels: target.sentinels,
    name: target.name,
    ...(auth?.password ? { password: decodeURIComponent(auth.password) } : {}),
    ...(auth?.username ? { username: decodeURIComponent(auth.username) } : {}),
    ...(auth && auth.pathname.length > 1 ? { db: Number(auth.pathname.slice(1)) } : {}),
  };
}

export function createRedisStore(target: string | RedisSentinel, opts: { logger?: StoreLogger; onError?: (kind: RedisErrorKind) => void } = {}): RedisStore {
  const writtenJson = new WrittenJson();
  const logger = opts.logger;
  const onError = opts.onError ?? (() => undefined);
  const common: RedisOptions = {
    lazyConnect: false,
    // Fail fast while Redis is away (callers answer UNAVAILABLE and clients retry), instead
    // of holding every request through several reconnect attempts.
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    // A resent SET NX could report "not set" for a write that did land (a leaked lock), and
    // a resent compare-and-set is still safe but its caller already gave up. Surface the failure instead.
    autoResendUnfulfilledCommands: false,
    // ioredis arms this timer even for an already-dead socket, which holds shutdown open.
    disconnectTimeout: 500,
  };
  const redis = (typeof target === 'string' ? new Redis(target, common) : new Redis({ ...common, ...sentinelOptions(target) })) as WithScripts;
  redis.defineCommand('hearthDeleteIfEquals', { numberOfKeys: 1, lua: DELETE_IF_EQUALS_LUA });
  redis.defineCommand('hearthCompareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET_LUA });
  redis.defineCommand('hearthAcquireLease', { numberOfKeys: 2, lua: ACQUIRE_LEASE_LUA });
  redis.defineCommand('hearthRenewLease', { numberOfKeys: 1, lua: RENEW_LEASE_LUA });
  redis.defineCommand('hearthReleaseLease', { numberOfKeys: 1, lua: RELEASE_LEASE_LUA });
  redis.defineCommand('hearthFencedSet', { numberOfKeys: 2, lua: FENCED_SET_LUA });

  const duplicates = new Set<Redis>();
  let closing: Promise<void> | null = null;

  const watchErrors = (client: Redis, name: string) => {
    let reported = false;
    client.on('error', (err: Error) => {
      // Every error counts; only the first of an outage is logged.
      onError('connection');
      if (reported) return;
      reported = true;
      logger?.warn({ err: err.message, client: name }, 'redis connection error');
    });
    client.on('ready', () => {
      reported = false;
    });
  };
  watchErrors(redis, 'main');

  const tryUpdateOnce = async <T>(key: string, fn: (cur: T | null) => T | null, px: number | undefined) => {
    const raw = await redis.get(key);
    const next = fn(decode<T>(key, raw));
    if (typeof (next as { then?: unknown } | null)?.then === 'function') throw new TypeError('update fn must be synchronous');
    const json = next === null ? null : encode(next);
    const written = await redis.hearthCompareAndSet(key, raw ?? '', json ?? '', px === undefined ? '' : String(px));
    // Hand back a decoded copy, exactly what a later get() will see.
    return written === 1 ? { done: true as const, value: decode<T>(key, json) } : { done: false as const };
  };

  const store: RedisStore = {
    kind: 'redis',
    redis,

    duplicate() {
      const client = redis.duplicate();
      watchErrors(client, 'duplicate');
      duplicates.add(client);
      client.once('end', () => duplicates.delete(client));
      return client;
    },

    async get<T>(key: string) {
      return decode<T>(key, await redis.get(key));
    },

    async set<T>(key: string, value: T, o?: { ttlMs?: number }) {
      const px = ttlArg(o?.ttlMs);
      if (px === undefined) await redis.set(key, encode(value));
      else await redis.set(key, encode(value), 'PX', px);
    },

    async setIfAbsent<T>(key: string, value: T, o?: { ttlMs?: number }) {
      const px = ttlArg(o?.ttlMs);
      const res = px === undefined ? await redis.set(key, encode(value), 'NX') : await redis.set(key, encode(value), 'PX', px, 'NX');
      return res === 'OK';
    },

    async deleteIfEquals<T>(key: string, expected: T) {
      return (await redis.hearthDeleteIfEquals(key, encode(expected))) === 1;
    },

    async delete(...keys: string[]) {
      if (keys.length > 0) await redis.del(...keys);
    },

    async update<T>(key: string, fn: (current: T | null) => T | null, o?: { ttlMs?: number }) {
      const px = ttlArg(o?.ttlMs);
      for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
        const outcome = await tryUpdateOnce(key, fn, px);
        if (outcome.done) return outcome.value;
        // Jitter spreads out writers that keep colliding on the same hot key.
        if (attempt > 1) await sleep(Math.random() * Math.min(attempt, 20));
      }
      throw new Error(`store update of ${key} gave up after ${MAX_UPDATE_ATTEMPTS} conflicting attempts`);
    },

    async acquireLease(key: string, epochKey: string, holder: string, ttlMs: number) {
      const raw = await redis.hearthAcquireLease(key, epochKey, holder, String(ttlArg(ttlMs)), String(LEASE_EPOCH_TTL_MS));
      return decode<Lease>(key, raw)!;
    },

    async renewLease(key: string, lease: Lease, ttlMs: number) {
      return (await redis.hearthRenewLease(key, lease.holder, String(lease.epoch), String(ttlArg(ttlMs)))) === 1;
    },

    async releaseLease(key: string, lease: Lease) {
      return (await redis.hearthReleaseLease(key, lease.holder, String(lease.epoch))) === 1;
    },

    async fencedSet<T>(key: string, expected: T | null, next: T | null, fence: { leaseKey: string; lease: Lease }, o?: { ttlMs?: number }) {
      const px = ttlArg(o?.ttlMs);
      const nextJson = next === null ? '' : encode(next);
      const written = await redis.hearthFencedSet(
        key, fence.leaseKey, fence.lease.holder, String(fence.lease.epoch),
        expected === null ? '' : writtenJson.of(expected, encode), nextJson, px === undefined ? '' : String(px),
      );
      if (written === 1) writtenJson.remember(next, nextJson);
      return written === 1;
    },

    async hashSet<T>(key: string, field: string, value: T) {
      await redis.hset(key, field, encode(value));
    },

    async hashDelete(key: string, field: string) {
      return (await redis.hdel(key, field)) > 0;
    },

    async hashGetAll<T>(key: string) {
      const raw = await redis.hgetall(key);
      const out: Record<string, T> = {};
      for (const [field, json] of Object.entries(raw)) out[field] = decode<T>(`${key}#${field}`, json) as T;
      return out;
    },

    async ping() {
      if (closing || redis.status === 'end') return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      });
      try {
        return await Promise.race([redis.ping().then((r) => r === 'PONG'), timeout]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },

    close() {
      closing ??= (async () => {
        await Promise.all([redis, ...duplicates].map(quitOrDisconnect));
      })();
      return closing;
    },
  };
  return withUnavailable(store, () => onError('unavailable'));
}

/** The operations whose failures mean "Redis is away" rather than a bug. */
const GUARDED = [
  'get', 'set', 'setIfAbsent', 'deleteIfEquals', 'delete', 'update', 'hashSet', 'hashDelete', 'hashGetAll',
  'acquireLease', 'renewLease', 'releaseLease', 'fencedSet',
] as const;

/**
 * Maps connection failures (Redis down, restarting, unreachable) to StoreUnavailableError;
 * errors Redis itself answered (ReplyError) and programming errors pass through unchanged.
 */
function withUnavailable(store: RedisStore, unavailable: () => void): RedisStore {
  const guarded = store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of GUARDED) {
    const op = guarded[name]!.bind(store);
    guarded[name] = (...args: unknown[]) =>
      op(...args).catch((err: unknown) => {
        if (!isConnectionFailure(err)) throw err;
        unavailable();
        throw new StoreUnavailableError(err);
      });
  }
  return store;
}

function isConnectionFailure(err: unknown): boolean {
  if (err instanceof ReplyError || !(err instanceof Error)) return false;
  if (err instanceof TypeError || err instanceof RangeError) return false;
  return (
    err.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|enableOfflineQueue|LOADING/i.test(err.message)
  );
}

/** QUIT lets in-flight replies drain; a dead or hung server must not block shutdown. */
async function quitOrDisconnect(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.quit(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('quit timed out')), QUIT_TIMEOUT_MS);
      }),
    ]);
  } catch {
    client.disconnect();
  } finally {
    clearTimeout(timer);
  }
}
