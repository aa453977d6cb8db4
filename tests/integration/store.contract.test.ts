import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmbeddedStore } from '../../server/src/store/embeddedStore';
import { ExpiringIndex } from '../../server/src/store/expiringIndex';
import { createRedisStore } from '../../server/src/store/redisStore';
import type { Store } from '../../server/src/store/types';
import { startRedis, type TestRedis } from '../helpers/redis';

/** How the contract suite gets stores from one implementation. */
interface StoreHarness {
  /** A fresh store for one test. */
  open(): Promise<Store>;
  /** Another handle on the same state: a second connection for Redis, the same instance when embedded. */
  peer(store: Store): Promise<Store>;
  teardown(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const runId = `${process.pid}-${Date.now()}`;
let keySeq = 0;
/** Unique per test and run, so the suite is safe against a shared REDIS_URL (no FLUSHDB). */
const freshKey = (name: string) => `test:${runId}:${++keySeq}:${name}`;
const boom = (): never => {
  throw new Error('boom');
};

/** The behaviour every Store implementation must share; run once per implementation. */
function describeStoreContract(name: string, factory: () => Promise<StoreHarness>): void {
  describe(`${name} store contract`, () => {
    let harness: StoreHarness;
    let store: Store;
    const opened: Store[] = [];
    const track = (s: Store) => (opened.push(s), s);

    beforeAll(async () => void (harness = await factory()));
    afterAll(async () => harness?.teardown());
    beforeEach(async () => void (store = track(await harness.open())));
    afterEach(async () => void (await Promise.all(opened.splice(0).map((s) => s.close()))));

    test('get/set/delete', async () => {
      const [a, b] = [freshKey('a'), freshKey('b')];
      expect(await store.get(a)).toBeNull();
      await store.set(a, 'one');
      await store.set(b, 2);
      expect(await store.get(a)).toBe('one');
      await store.set(a, 'uno');
      expect(await store.get(a)).toBe('uno');
      await store.delete(a, b, freshKey('never-set'));
      await store.delete();
      expect(await store.get(a)).toBeNull();
      expect(await store.get(b)).toBeNull();
    });

    test('JSON round trip, including falsy values, with no shared references', async () => {
      const value = { s: 'héllo 👋', n: 1.5, z: 0, f: false, nil: null, list: [1, { deep: ['x'] }], empty: {} };
      const k = freshKey('json');
      await store.set(k, value);
      value.list.push(99); // mutating the caller's object must not reach the store
      const got = await store.get<typeof value>(k);
      expect(got).toEqual({ ...value, list: [1, { deep: ['x'] }] });
      got!.s = 'changed';
      expect((await store.get<typeof value>(k))!.s).toBe('héllo 👋');
      for (const falsy of [0, false, '', []]) {
        await store.set(k, falsy);
        expect(await store.get(k)).toEqual(falsy);
      }
    });

    test('TTL: keys expire; a plain set clears the TTL', async () => {
      const [short, cleared] = [freshKey('short'), freshKey('cleared')];
      await store.set(short, 'v', { ttlMs: 80 });
      await store.set(cleared, 'v', { ttlMs: 80 });
      await store.set(cleared, 'kept');
      expect(await store.get(short)).toBe('v');
      await sleep(160);
      expect(await store.get(short)).toBeNull();
      expect(await store.get(cleared)).toBe('kept');
      await expect(store.set(short, 'v', { ttlMs: 0 })).rejects.toThrow(/ttlMs/);
    });

    test('setIfAbsent: only the first caller wins, and again after delete or expiry', async () => {
      const k = freshKey('lock');
      expect(await store.setIfAbsent(k, 'first')).toBe(true);
      expect(await store.setIfAbsent(k, 'second')).toBe(false);
      expect(await store.get(k)).toBe('first');
      await store.delete(k);
      expect(await store.setIfAbsent(k, 'third', { ttlMs: 80 })).toBe(true);
      expect(await store.setIfAbsent(k, 'fourth', { ttlMs: 80 })).toBe(false);
      await sleep(160);
      expect(await store.setIfAbsent(k, 'fifth')).toBe(true);
      expect(await store.get(k)).toBe('fifth');
    });

    test('deleteIfEquals releases a lock only for the holder of its token', async () => {
      const k = freshKey('lock');
      await store.set(k, 'token-a', { ttlMs: 10_000 });
      expect(await store.deleteIfEquals(k, 'token-b')).toBe(false);
      expect(await store.get(k)).toBe('token-a');
      expect(await store.deleteIfEquals(k, 'token-a')).toBe(true);
      expect(await store.get(k)).toBeNull();
      expect(await store.deleteIfEquals(k, 'token-a')).toBe(false);
      await store.set(k, { owner: 'n1', n: 1 });
      expect(await store.deleteIfEquals(k, { owner: 'n1', n: 2 })).toBe(false);
      expect(await store.deleteIfEquals(k, { owner: 'n1', n: 1 })).toBe(true);
    });

    test('update: create, modify, delete via null, TTL, and a throwing fn', async () => {
      const k = freshKey('doc');
      const seen: unknown[] = [];
      expect(await store.update<{ v: number }>(k, (cur) => (seen.push(cur), { v: 1 }))).toEqual({ v: 1 });
      expect(seen.length).toBeGreaterThan(0); // fn may be retried, but always from the same state
      expect(seen.every((v) => v === null)).toBe(true);
      expect(await store.update<{ v: number }>(k, (cur) => ({ v: (cur?.v ?? 0) + 1 }))).toEqual({ v: 2 });
      expect(await store.get(k)).toEqual({ v: 2 });
      await expect(store.update(k, boom)).rejects.toThrow('boom');
      expect(await store.get(k)).toEqual({ v: 2 });
      expect(await store.update(k, () => null)).toBeNull();
      expect(await store.get(k)).toBeNull();
      expect(await store.update(k, () => null)).toBeNull();
      await store.update(k, () => 'brief', { ttlMs: 80 });
      await sleep(160);
      expect(await store.get(k)).toBeNull();
    });

    test('update: 50 concurrent increments from two handles end at exactly 50', async () => {
      const peer = track(await harness.peer(store));
      const [counter, list] = [freshKey('counter'), freshKey('list')];
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          const s = i % 2 === 0 ? store : peer;
          return Promise.all([
            s.update<number>(counter, (n) => (n ?? 0) + 1),
            s.update<number[]>(list, (l) => [...(l ?? []), i]),
          ]);
        }),
      );
      expect(await store.get(counter)).toBe(50);
      expect(await peer.get(counter)).toBe(50);
      const items = (await store.get<number[]>(list)) ?? [];
      expect([...items].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    });

    test('an expiring index: members lapse on their own, the index goes when its last member does', async () => {
      let now = 1_000_000;
      const index = new ExpiringIndex(store, () => now, 60_000);
      const k = freshKey('index');
      await index.put(k, 'a', now + 1000);
      await index.put(k, 'b', now + 5000);
      await index.put(k, 'capped', now + 10 * 60_000);
      expect(await index.entries(k)).toEqual({ a: now + 1000, b: now + 5000, capped: now + 60_000 });
      now += 2000;
      expect(await index.members(k)).toEqual(['b', 'capped']);
      await index.remove(k, 'capped');
      expect(await store.get(k)).toEqual({ b: 1_005_000 }); // the lapsed member was pruned by the write
      now += 4000;
      await index.remove(k, 'not-there'); // nothing live left: the index is deleted
      expect(await store.get(k)).toBeNull();
    });

    test('hashes: set, overwrite, delete, getAll', async () => {
      const k = freshKey('peers');
      expect(await store.hashGetAll(k)).toEqual({});
      await store.hashSet(k, 'p1', { name: 'Ana', muted: false });
      await store.hashSet(k, 'p2', { name: 'Bo', muted: true });
      await store.hashSet(k, 'p2', { name: 'Bo', muted: false });
      expect(await store.hashGetAll(k)).toEqual({ p1: { name: 'Ana', muted: false }, p2: { name: 'Bo', muted: false } });
      expect(await store.hashDelete(k, 'p1')).toBe(true);
      expect(await store.hashDelete(k, 'p1')).toBe(false);
      expect(await store.hashDelete(freshKey('none'), 'p1')).toBe(false);
      expect(await store.hashGetAll(k)).toEqual({ p2: { name: 'Bo', muted: false } });
      expect(await store.hashDelete(k, 'p2')).toBe(true);
      expect(await store.hashGetAll(k)).toEqual({});
      await store.hashSet(k, 'p3', 1);
      await store.delete(k);
      expect(await store.hashGetAll(k)).toEqual({});
    });

    test('fencedSet writes only under the lease and over exactly what was written last', async () => {
      const [k, leaseKey] = [freshKey('record'), freshKey('lease')];
      const lease = await store.acquireLease(leaseKey, freshKey('epoch'), 'node-a', 60_000);
      const fence = { leaseKey, lease };
      const first = { state: { version: 1, people: ['a'] } };
      expect(await store.fencedSet(k, null, first, fence)).toBe(true);
      const second = { state: { version: 2, people: ['a', 'b'] } };
      // The object written last, changed since: it still stands for what was written.
      first.state.people.push('z');
      expect(await store.fencedSet(k, first, second, fence)).toBe(true);
      expect(await store.get(k)).toEqual({ state: { version: 2, people: ['a', 'b'] } });
      // A stale expectation (not what the store holds) writes nothing, even as the same text.
      expect(await store.fencedSet(k, { state: { version: 1, people: ['a'] } }, { state: { version: 9, people: [] } }, fence)).toBe(false);
      // Another writer's value in between: the home's expectation no longer holds.
      await track(await harness.peer(store)).set(k, { state: { version: 3, people: [] } });
      expect(await store.fencedSet(k, second, { state: { version: 4, people: [] } }, fence)).toBe(false);
      // A lease that is not held fences every write off.
      expect(await store.fencedSet(k, null, first, { leaseKey, lease: { holder: 'node-b', epoch: lease.epoch + 1 } })).toBe(false);
      expect(await store.get(k)).toEqual({ state: { version: 3, people: [] } });
    });

    test('ping, idempotent close, ping after close', async () => {
      expect(await store.ping()).toBe(true);
      await Promise.all([store.close(), store.close()]);
      await store.close();
      await expect(store.ping()).resolves.toBe(false);
    });
  });
}

describeStoreContract('embedded', async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'hearth-store-'));
  let n = 0;
  return {
    open: () => createEmbeddedStore({ dataDir: path.join(root, `t${++n}`) }),
    peer: async (s) => s,
    teardown: () => fs.rm(root, { recursive: true, force: true }),
  };
});

describeStoreContract('redis', async () => {
  const redis = await startRedis();
  return {
    open: async () => createRedisStore(redis.url),
    peer: async () => createRedisStore(redis.url),
    async teardown() {
      // REDIS_URL may point at a shared server: remove this run's keys (never FLUSHDB).
      const cleaner = createRedisStore(redis.url);
      for await (const batch of cleaner.redis.scanStream({ match: `test:${runId}:*`, count: 500 })) {
        await cleaner.delete(...(batch as string[]));
      }
      await cleaner.close();
      await redis.stop();
    },
  };
});

describe('embedded store durability', () => {
  let dir: string;
  const warnings: unknown[] = [];
  const logger = { warn: (obj: unknown) => void warnings.push(obj) };
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hearth-durable-'));
    warnings.length = 0;
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  test('data survives close and reopen; writes land on disk without close', async () => {
    const s1 = await createEmbeddedStore({ dataDir: dir, logger });
    await s1.set('k', { a: [1, 2] });
    await s1.set('leased', 'yes', { ttlMs: 60_000 });
    await s1.hashSet('h', 'f', { on: true });
    // The debounced write (~100 ms, plus an fsync that a loaded machine can make slow), no close yet.
    const onDisk = async () => {
      const text = await fs.readFile(path.join(dir, 'store.json'), 'utf8').catch(() => '{}');
      return (JSON.parse(text) as { values?: { k?: { value: unknown } } }).values?.k?.value;
    };
    for (let waited = 0; waited < 5000 && (await onDisk()) === undefined; waited += 50) await sleep(50);
    expect(await onDisk()).toEqual({ a: [1, 2] });
    await s1.set('late', 1); // only the final flush on close can persist this
    await s1.close();
    const s2 = await createEmbeddedStore({ dataDir: dir, logger });
    expect(await s2.get('k')).toEqual({ a: [1, 2] });
    expect(await s2.get('leased')).toBe('yes');
    expect(await s2.get('late')).toBe(1);
    expect(await s2.hashGetAll('h')).toEqual({ f: { on: true } });
    await s2.close();
    await expect(s2.get('k')).rejects.toThrow(/closed/);
    expect(warnings).toEqual([]);
  });

  test('entries whose TTL lapsed while closed are not resurrected', async () => {
    let now = 1_700_000_000_000;
    const clock = () => now;
    const s1 = await createEmbeddedStore({ dataDir: dir, clock, logger });
    await s1.set('lease', 'node-1', { ttlMs: 1000 });
    await s1.set('forever', 'x');
    await s1.close();
    now += 5000;
    const s2 = await createEmbeddedStore({ dataDir: dir, clock, logger });
    expect(await s2.get('lease')).toBeNull();
    expect(await s2.setIfAbsent('lease', 'node-2')).toBe(true);
    expect(await s2.get('forever')).toBe('x');
    await s2.delete('lease');
    await s2.close();
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, 'store.json'), 'utf8'));
    expect(Object.keys(onDisk.values)).toEqual(['forever']);
  });

  test('deleted and expired entries are gone from the file after a flush, bytes and all', async () => {
    let now = 1_700_000_000_000;
    const s = await createEmbeddedStore({ dataDir: dir, clock: () => now, logger });
    await s.set('person', { email: 'gone@example.test' });
    await s.hashSet('index', 'field', 'hashed-secret-value');
    await s.set('attendance', { name: 'Expiring Name' }, { ttlMs: 1000 });
    await s.set('kept', 'stays');
    await s.flush();
    const before = await fs.readFile(path.join(dir, 'store.json'), 'utf8');
    for (const text of ['gone@example.test', 'hashed-secret-value', 'Expiring Name']) expect(before).toContain(text);
    now += 1001; // the TTL lapses, nothing reads the key again, nothing else changes
    await s.flush();
    expect(await fs.readFile(path.join(dir, 'store.json'), 'utf8')).not.toContain('Expiring Name');
    await s.delete('person');
    await s.hashDelete('index', 'field');
    await s.flush();
    const after = await fs.readFile(path.join(dir, 'store.json'), 'utf8');
    for (const text of ['gone@example.test', 'hashed-secret-value', 'Expiring Name', '"index"']) expect(after).not.toContain(text);
    expect(after).toContain('stays');
    expect((await fs.readdir(dir)).sort()).toEqual(['store.json']);
    await s.close();
  });

  test('a temp file left by a crash mid-write is removed at open, never read', async () => {
    await fs.writeFile(path.join(dir, 'store.json.tmp-12345'), '{"version":1,"values":{"old":{"value":"deleted data"}},"hashes":{}}');
    const s = await createEmbeddedStore({ dataDir: dir, logger });
    expect(await s.get('old')).toBeNull();
    expect(await fs.readdir(dir)).toEqual([]);
    await s.close();
  });

  test.each([
    ['unparseable JSON', '{"version":1,"values":{'],
    ['valid JSON with the wrong layout', '[1,2,3]'],
  ])('a corrupt store.json (%s) is moved aside and the store starts empty', async (_label, content) => {
    await fs.writeFile(path.join(dir, 'store.json'), content);
    const s = await createEmbeddedStore({ dataDir: dir, logger });
    expect(await s.get('anything')).toBeNull();
    const aside = (await fs.readdir(dir)).filter((f) => f.startsWith('store.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(await fs.readFile(path.join(dir, aside[0]!), 'utf8')).toBe(content);
    expect(warnings).toHaveLength(1);
    await s.set('fresh', true);
    await s.close();
    expect(JSON.parse(await fs.readFile(path.join(dir, 'store.json'), 'utf8')).values.fresh.value).toBe(true);
  });
});

describe('redis store outage', () => {
  let redis: TestRedis | undefined;
  afterAll(() => redis?.stop());

  test('ping returns false (does not throw) once the server is gone, and close still settles', async () => {
    redis = await startRedis({ dedicated: true });
    const store = createRedisStore(redis.url);
    expect(await store.ping()).toBe(true);
    await redis.stop();
    const started = Date.now();
    await expect(store.ping()).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(store.get('k')).rejects.toThrow();
    await store.close();
    await store.close();
    expect(await store.ping()).toBe(false);
  });
});
