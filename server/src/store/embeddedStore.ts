import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Lease, Store } from './types';
import type { StoreLogger } from './redisStore';
import { WrittenJson } from './writtenJson';

/** The single-node store: in memory, persisted to `<dataDir>/store.json`. */
export interface EmbeddedStore extends Store {
  readonly kind: 'embedded';
  /** Absolute path of the durable file. */
  readonly file: string;
  /**
   * Writes pending changes now (normally they are coalesced and written within ~100 ms).
   * Entries whose TTL has lapsed are dropped first, so after a flush the file holds
   * nothing deleted or expired.
   */
  flush(): Promise<void>;
}

/** Options for {@link createEmbeddedStore}. */
export interface EmbeddedStoreOptions {
  dataDir: string;
  /** Wall-clock source in ms (TTL expiry is persisted, so it must be epoch-based). */
  clock?: () => number;
  logger?: StoreLogger;
}

const FLUSH_DELAY_MS = 100;
/** Back off after a failed write so a full disk doesn't become a tight log loop. */
const FLUSH_RETRY_MS = 1000;
const SWEEP_INTERVAL_MS = 1000;

interface ValueEntry { json: string; expiresAt: number | null }
/** store.json layout. Values are stored decoded so the file stays readable by humans. */
interface FileFormat {
  version: 1;
  values: Record<string, { value: unknown; expiresAt?: number }>;
  hashes: Record<string, Record<string, unknown>>;
}

const consoleLogger: StoreLogger = { warn: (obj, msg) => console.warn(msg ?? '', obj) };
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function encode(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('store values must be JSON-serialisable');
  return json;
}

function ttlToExpiry(ttlMs: number | undefined, now: number): number | null {
  if (ttlMs === undefined) return null;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`ttlMs must be a positive number, got ${ttlMs}`);
  return now + Math.ceil(ttlMs);
}

/** Parses store.json into live entries, dropping lapsed TTLs; throws on anything malformed. */
function parseFile(text: string, now: number) {
  const data: unknown = JSON.parse(text);
  if (!isRecord(data) || data.version !== 1 || !isRecord(data.values) || !isRecord(data.hashes)) {
    throw new Error('unrecognised store file layout');
  }
  const [values, hashes] = [new Map<string, ValueEntry>(), new Map<string, Map<string, string>>()];
  let droppedExpired = false;
  for (const [key, e] of Object.entries(data.values)) {
    if (!isRecord(e) || !('value' in e) || !(e.expiresAt === undefined || typeof e.expiresAt === 'number')) {
      throw new Error(`malformed entry for ${key}`);
    }
    if (e.expiresAt !== undefined && e.expiresAt <= now) droppedExpired = true;
    else values.set(key, { json: encode(e.value), expiresAt: e.expiresAt ?? null });
  }
  for (const [key, fields] of Object.entries(data.hashes)) {
    if (!isRecord(fields)) throw new Error(`malformed hash ${key}`);
    const m = new Map(Object.entries(fields).map(([f, v]) => [f, encode(v)] as const));
    if (m.size > 0) hashes.set(key, m);
  }
  return { values, hashes, droppedExpired };
}

/**
 * A crash between writing a temp file and renaming it leaves the temp file behind, with
 * data that may since have been deleted: it is never read, so it goes at open.
 */
async function removeStaleTempFiles(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.tmp-`;
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => fs.rm(path.join(dir, n), { force: true })));
}

/**
 * Opens (or creates) the embedded store in `dataDir`. Entries whose TTL lapsed while the
 * process was down are dropped on load. An unreadable store.json is moved aside to
 * `store.json.corrupt-<ms>` (with a warning) so startup proceeds with an empty store
 * instead of crash-looping or overwriting the evidence.
 *
 * Erasure on disk: every flush writes a complete new file (temp file + rename) from the
 * live maps, so a deleted or expired entry is gone from store.json at the next flush —
 * within ~100 ms of a delete and ~1.1 s of an expiry. There is no append log to compact.
 *
 * Atomicity: every operation reads and writes the maps synchronously, with no `await`
 * in between, so operations on a key are serialised by the event loop itself and
 * `update`'s `fn` always sees the latest value; there is never a conflict to retry.
 */
/** How long a lease's epoch counter outlives its last use (as long as the rules state it fences). */
const LEASE_EPOCH_TTL_MS = 12 * 60 * 60 * 1000;

const sameLease = (a: Lease, b: Lease) => a.holder === b.holder && a.epoch === b.epoch;

export async function createEmbeddedStore(opts: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const writtenJson = new WrittenJson();
  const clock = opts.clock ?? Date.now;
  const logger = opts.logger ?? consoleLogger;
  const file = path.resolve(opts.dataDir, 'store.json');
  await fs.mkdir(path.dirname(file), { recursive: true });
  await removeStaleTempFiles(file);

  let [values, hashes, loadedExpired] = [new Map<string, ValueEntry>(), new Map<string, Map<string, string>>(), false];
  const text = await fs
    .readFile(file, 'utf8')
    .catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Promise.reject(err)));
  if (text !== null) {
    try {
      ({ values, hashes, droppedExpired: loadedExpired } = parseFile(text, clock()));
    } catch (err) {
      const aside = `${file}.corrupt-${Date.now()}`;
      await fs.rename(file, aside);
      logger.warn({ err: (err as Error).message, file, movedTo: aside }, 'embedded store file is corrupt; moved aside, starting empty');
    }
  }

  let closing: Promise<void> | null = null; // non-null once close() was called
  let dirty = false;
  let flushTimer: NodeJS.Timeout | null = null;
  let writing: Promise<void> | null = null;

  const snapshot = (): string => {
    const now = clock();
    const out: FileFormat = { version: 1, values: {}, hashes: {} };
    for (const [key, { json, expiresAt }] of values) {
      if (expiresAt === null) out.values[key] = { value: JSON.parse(json) };
      else if (expiresAt > now) out.values[key] = { value: JSON.parse(json), expiresAt };
    }
    for (const [key, m] of hashes) out.hashes[key] = Object.fromEntries([...m].map(([f, j]) => [f, JSON.parse(j)]));
    return JSON.stringify(out);
  };
  // Temp file + fsync + rename: a crash mid-write leaves the previous complete file.
  const writeFile = async (data: string) => {
    const tmp = `${file}.tmp-${process.pid}`; // one write in flight per store, see flush()
    const fh = await fs.open(tmp, 'w');
    await fh.writeFile(data, 'utf8').then(() => fh.sync()).finally(() => fh.close());
    await fs.rename(tmp, file);
  };
  /** Drops every lapsed value (each marks the store dirty), so the next snapshot leaves it out. */
  const sweep = () => values.forEach((_, key) => live(key));
  const flush = async (): Promise<void> => {
    while (writing) await writing.catch(() => undefined);
    sweep();
    if (!dirty) return;
    dirty = false;
    writing = writeFile(snapshot())
      .catch((err: unknown) => {
        dirty = true; // keep the changes for the next attempt
        throw err;
      })
      .finally(() => (writing = null));
    await writing;
  };
  const scheduleFlush = (delay: number) => {
    if (flushTimer || closing) return;
    flushTimer = setTimeout(() => {
      flushTimer = null;
      flush().catch((err: unknown) => {
        logger.warn({ err: (err as Error).message, file }, 'embedded store write failed; will retry');
        scheduleFlush(FLUSH_RETRY_MS);
      });
    }, delay);
  };
  const changed = () => {
    dirty = true;
    scheduleFlush(FLUSH_DELAY_MS);
  };
  if (loadedExpired) changed();

  /** The live value entry, expiring it on the way if its TTL has lapsed. */
  const live = (key: string): ValueEntry | undefined => {
    const e = values.get(key);
    if (e?.expiresAt == null || e.expiresAt > clock()) return e;
    values.delete(key);
    changed();
    return undefined;
  };
  const open = () => {
    if (closing) throw new Error('embedded store is closed');
  };
  // Mirror Redis, where string commands on a hash key (and vice versa) fail with WRONGTYPE.
  const valueAt = (key: string) => {
    open();
    if (hashes.has(key)) throw new Error(`WRONGTYPE store key ${key} holds a hash`);
    return live(key);
  };
  const hashAt = (key: string) => {
    open();
    if (live(key)) throw new Error(`WRONGTYPE store key ${key} holds a value, not a hash`);
    return hashes.get(key);
  };
  const put = (key: string, json: string, ttlMs: number | undefined) => {
    const expiresAt = ttlToExpiry(ttlMs, clock());
    hashes.delete(key); // SET replaces a key of any type, as in Redis
    values.set(key, { json, expiresAt });
    changed();
  };
  // Expiry reaches the disk within ~1.1 s even when nothing reads the key again.
  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS).unref();

  return {
    kind: 'embedded',
    file,
    flush,
    async get<T>(key: string) {
      const e = valueAt(key);
      return e ? (JSON.parse(e.json) as T) : null;
    },
    async set<T>(key: string, value: T, o?: { ttlMs?: number }) {
      open();
      put(key, encode(value), o?.ttlMs);
    },
    async setIfAbsent<T>(key: string, value: T, o?: { ttlMs?: number }) {
      open();
      if (live(key) || hashes.has(key)) return false;
      put(key, encode(value), o?.ttlMs);
      return true;
    },
    async deleteIfEquals<T>(key: string, expected: T) {
      if (valueAt(key)?.json !== encode(expected)) return false;
      values.delete(key);
      changed();
      return true;
    },
    async delete(...keys: string[]) {
      open();
      for (const key of keys) if (values.delete(key) || hashes.delete(key)) changed();
    },
    async update<T>(key: string, fn: (current: T | null) => T | null, o?: { ttlMs?: number }) {
      const e = valueAt(key);
      const next = fn(e ? (JSON.parse(e.json) as T) : null);
      if (typeof (next as { then?: unknown } | null)?.then === 'function') throw new TypeError('update fn must be synchronous');
      if (next === null) {
        if (values.delete(key)) changed();
        return null;
      }
      const json = encode(next);
      put(key, json, o?.ttlMs);
      return JSON.parse(json) as T;
    },
    // One process owns the embedded store, so these are plain reads and writes; they keep the
    // same contract as Redis's scripts (see Store).
    async acquireLease(key: string, epochKey: string, holder: string, ttlMs: number) {
      const e = valueAt(key);
      if (e) {
        const current = JSON.parse(e.json) as Lease;
        if (current.holder === holder) put(key, e.json, ttlMs);
        return current;
      }
      const epoch = Number(JSON.parse(valueAt(epochKey)?.json ?? '0')) + 1;
      put(epochKey, String(epoch), LEASE_EPOCH_TTL_MS);
      const lease: Lease = { holder, epoch };
      put(key, encode(lease), ttlMs);
      return lease;
    },
    async renewLease(key: string, lease: Lease, ttlMs: number) {
      const e = valueAt(key);
      if (!e || !sameLease(JSON.parse(e.json) as Lease, lease)) return false;
      put(key, e.json, ttlMs);
      return true;
    },
    async releaseLease(key: string, lease: Lease) {
      const e = valueAt(key);
      if (!e || !sameLease(JSON.parse(e.json) as Lease, lease)) return false;
      values.delete(key);
      changed();
      return true;
    },
    async fencedSet<T>(key: string, expected: T | null, next: T | null, fence: { leaseKey: string; lease: Lease }, o?: { ttlMs?: number }) {
      const l = valueAt(fence.leaseKey);
      if (!l || !sameLease(JSON.parse(l.json) as Lease, fence.lease)) return false;
      if ((valueAt(key)?.json ?? null) !== (expected === null ? null : writtenJson.of(expected, encode))) return false;
      if (next === null) {
        if (values.delete(key)) changed();
      } else {
        const json = encode(next);
        put(key, json, o?.ttlMs);
        writtenJson.remember(next, json);
      }
      return true;
    },
    async hashSet<T>(key: string, field: string, value: T) {
      const json = encode(value);
      hashes.set(key, (hashAt(key) ?? new Map<string, string>()).set(field, json));
      changed();
    },
    async hashDelete(key: string, field: string) {
      const m = hashAt(key);
      if (!m?.delete(field)) return false;
      if (m.size === 0) hashes.delete(key); // Redis drops empty hashes
      changed();
      return true;
    },
    async hashGetAll<T>(key: string) {
      const m = hashAt(key);
      return m ? (Object.fromEntries([...m].map(([f, j]) => [f, JSON.parse(j) as T])) as Record<string, T>) : {};
    },
    ping: async () => !closing,
    close() {
      return (closing ??= (async () => {
        clearInterval(sweeper);
        if (flushTimer) clearTimeout(flushTimer);
        await flush();
      })());
    },
  };
}
