import Redis from 'ioredis';
import { keys } from '../../server/src/store/keys';
import { joinAs, sendOk } from '../helpers/circle';
import { startRedis, type TestRedis } from '../helpers/redis';
import { requestOk, startTestServer, type TestServer } from '../helpers/server';

jest.setTimeout(60_000);

/*
 * What a circle leaves behind in Redis (real Redis, read back key by key): nothing once it
 * has been empty past the reconnect grace; only the fact that it ended, with no names or
 * figures, once its session ends.
 */
let redis: TestRedis;
let server: TestServer;
let direct: Redis;
beforeAll(async () => {
  redis = await startRedis();
  server = await startTestServer({ REDIS_URL: redis.url, RECONNECT_GRACE_S: '2' });
  direct = new Redis(redis.url);
});
afterAll(async () => {
  direct.disconnect();
  await server.close();
  await redis.stop();
});

/** Every value under the circle's keys, as text. */
async function circleData(circleId: string): Promise<string> {
  const found = await direct.keys(`hearth:circle:${circleId}*`);
  const values = await Promise.all(found.map(async (k) => ((await direct.type(k)) === 'hash' ? JSON.stringify(await direct.hgetall(k)) : ((await direct.get(k)) ?? ''))));
  const due = await direct.hget(keys.circleDeadlines(), circleId);
  return [...values, due ?? ''].join('\n');
}

it('everyone left: the circle’s state is deleted', async () => {
  const a = await joinAs(server.url, 'life-left', 'Ada Lovelace');
  const b = await joinAs(server.url, 'life-left', 'Bo Brummell');
  await sendOk(a, { type: 'raiseHand' });
  await requestOk(a.socket, 'leaveCircle', {});
  await requestOk(b.socket, 'leaveCircle', {});
  expect(await direct.get(keys.circleRules('life-left'))).toBeNull();
  for (const m of [a, b]) m.socket.disconnect();
});

it('the last person’s connection dropped: the state is deleted once the grace has passed, deadline included', async () => {
  const a = await joinAs(server.url, 'life-grace', 'Ada Lovelace');
  await sendOk(a, { type: 'raiseHand' });
  a.socket.disconnect();
  // Kept while they may come back…
  for (let i = 0; i < 40 && !(await direct.hget(keys.circleDeadlines(), 'life-grace')); i++) await new Promise((r) => setTimeout(r, 50));
  expect(await circleData('life-grace')).toContain('Ada Lovelace');
  // …gone after.
  for (let i = 0; i < 80 && (await direct.get(keys.circleRules('life-grace'))) !== null; i++) await new Promise((r) => setTimeout(r, 100));
  expect(await direct.get(keys.circleRules('life-grace'))).toBeNull();
  expect(await direct.hget(keys.circleDeadlines(), 'life-grace')).toBeNull();
});

it('the session ended: only the fact that it ended is kept, no names or figures', async () => {
  const f = await joinAs(server.url, 'life-end', 'Fran Facilitator');
  const a = await joinAs(server.url, 'life-end', 'Ada Lovelace');
  await sendOk(f, { type: 'setMode', mode: 'queue' });
  await sendOk(a, { type: 'raiseHand' });
  await sendOk(f, { type: 'endSession' });
  const data = await circleData('life-end');
  expect(data).not.toMatch(/Fran Facilitator|Ada Lovelace/);
  expect(data).not.toContain(a.id);
  const record = JSON.parse((await direct.get(keys.circleRules('life-end')))!) as { state: { ended: boolean; participants: object }; recent: unknown[] };
  expect(record.state.ended).toBe(true);
  expect(record.state.participants).toEqual({});
  expect(record.recent).toEqual([]);
  expect(await direct.pttl(keys.circleRules('life-end'))).toBeGreaterThan(0);
  for (const m of [f, a]) m.socket.disconnect();
});
