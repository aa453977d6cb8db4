import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { EmbeddedStore } from '../../server/src/store/embeddedStore';
import type { RedisStore } from '../../server/src/store/redisStore';
import type { Store } from '../../server/src/store/types';

/** SCAN pages before giving up: far more than any test writes. */
const MAX_SCAN_PAGES = 10_000;

/**
 * Everything the store holds, as text: for Redis every key with its value (all types,
 * not only Hearth's prefix); for the embedded store every file in its data directory
 * after a flush — what is on disk, not what is in memory.
 */
export async function storeDump(store: Store): Promise<string> {
  if (store.kind === 'redis') {
    const redis = (store as RedisStore).redis;
    const lines: string[] = [];
    let cursor = '0';
    for (let page = 0; page < MAX_SCAN_PAGES; page++) {
      const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
      for (const key of batch) {
        const type = await redis.type(key);
        const value =
          type === 'string' ? await redis.get(key) : type === 'hash' ? JSON.stringify(await redis.hgetall(key)) : `<${type}>`;
        lines.push(`${key} ${value ?? ''}`);
      }
      cursor = next;
      if (cursor === '0') return lines.join('\n');
    }
    throw new Error('SCAN did not finish');
  }
  const embedded = store as EmbeddedStore;
  await embedded.flush();
  const dir = path.dirname(embedded.file);
  const names = await fs.readdir(dir);
  const files = await Promise.all(names.map(async (n) => `${n}:\n${await fs.readFile(path.join(dir, n), 'utf8')}`));
  return files.join('\n');
}

/** The needles found in the store's dump (empty when none is there). */
export async function foundInStore(store: Store, needles: readonly string[]): Promise<string[]> {
  const dump = await storeDump(store);
  return needles.filter((n) => dump.includes(n));
}
