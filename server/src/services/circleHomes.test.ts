import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmbeddedStore, type EmbeddedStore } from '../store/embeddedStore';
import { createLogger } from '../logger';
import { CircleHomes } from './circleHomes';

let dir: string;
let store: EmbeddedStore;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-homes-'));
  store = await createEmbeddedStore({ dataDir: dir });
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function homes(): CircleHomes<{ n: number }> {
  return new CircleHomes<{ n: number }>({ store, logger: createLogger('silent'), nodeId: 'node-a', recordKey: (id) => `test:record:${id}`, recordTtlMs: 60_000, onLost: () => undefined });
}

describe('CircleHomes.run', () => {
  it('answers a change queued right after one that needed no write (it used to wait forever)', async () => {
    const h = homes();
    expect((await h.claim('c1')).mine).toBe(true);
    // The first changes nothing, so its flush ends without awaiting the store; the second
    // is queued in the same tick, before that flush's clean-up ran.
    const unchanged = h.run('c1', () => ({ next: undefined, result: 'same' }));
    const changed = h.run('c1', (r) => ({ next: { n: (r?.n ?? 0) + 1 }, result: 'written' }));
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise((r) => (timer = setTimeout(() => r('stuck'), 2000)));
    const settled = await Promise.race([Promise.all([unchanged, changed]), stuck]);
    clearTimeout(timer);
    expect(settled).toEqual(['same', 'written']);
    expect(h.record('c1')).toEqual({ n: 1 });
    // And it reached the store.
    expect(await h.run('c1', (r) => ({ next: undefined, result: r }))).toEqual({ n: 1 });
  });

  it('applies changes queued during a write in order, in the next write', async () => {
    const h = homes();
    await h.claim('c2');
    const results = await Promise.all([1, 2, 3].map((i) => h.run('c2', (r) => ({ next: { n: (r?.n ?? 0) * 10 + i }, result: i }))));
    expect(results).toEqual([1, 2, 3]);
    expect(h.record('c2')).toEqual({ n: 123 });
  });
});
