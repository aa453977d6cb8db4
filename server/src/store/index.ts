import { createEmbeddedStore } from './embeddedStore';
import { createRedisStore, type RedisSentinel, type RedisErrorKind, type StoreLogger } from './redisStore';
import type { Store } from './types';

export type { Store } from './types';
export type { StoreLogger, RedisStore, RedisErrorKind } from './redisStore';
export type { EmbeddedStore, EmbeddedStoreOptions } from './embeddedStore';
export { createRedisStore } from './redisStore';
export { createEmbeddedStore } from './embeddedStore';
export { keys, KEY_PREFIX } from './keys';

/**
 * Opens the store the deployment asks for: Redis whenever `redisUrl` is set (required for
 * more than one node, since nodes share state only through Redis), otherwise the embedded
 * single-node store persisted under `dataDir`.
 */
export async function createStore(
  config: { redisUrl?: string; redisSentinel?: RedisSentinel; dataDir: string },
  logger?: StoreLogger,
  /** Counts Redis errors (the embedded store has none). */
  onRedisError?: (kind: RedisErrorKind) => void,
): Promise<Store> {
  if (config.redisSentinel) return createRedisStore({ ...config.redisSentinel, url: config.redisUrl }, { logger, onError: onRedisError });
  if (config.redisUrl) return createRedisStore(config.redisUrl, { logger, onError: onRedisError });
  return createEmbeddedStore({ dataDir: config.dataDir, logger });
}
