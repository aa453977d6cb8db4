import { joinAs, sendOk } from '../helpers/circle';
import { startRedis, type TestRedis } from '../helpers/redis';
import { startTestServer, type TestServer } from '../helpers/server';

jest.setTimeout(60_000);

/*
 * A command that reaches a node which is not the circle's home is forwarded to the home
 * over Redis pub/sub and applied there once — also when the sender retries it with the same
 * command id because it never saw the answer (as after a lost ack).
 */
let redis: TestRedis;
let home: TestServer;
let other: TestServer;
beforeAll(async () => {
  redis = await startRedis();
  [home, other] = [await startTestServer({ REDIS_URL: redis.url }), await startTestServer({ REDIS_URL: redis.url })];
});
afterAll(async () => {
  await Promise.all([home?.close(), other?.close()]);
  await redis?.stop();
});

it('is forwarded to the home, applied once, and answered to the sender each time', async () => {
  const f = await joinAs(home.url, 'relay-1', 'Fran');
  const a = await joinAs(home.url, 'relay-1', 'Ada');
  try {
    await sendOk(f, { type: 'setMode', mode: 'directed' });
    expect(home.hearth.circles.rules.homes.holds('relay-1')).toBe(true);
    expect(other.hearth.circles.rules.homes.holds('relay-1')).toBe(false);
    const before = (await home.hearth.circles.rules.state('relay-1'))!.version;
    const forwarded = () => other.hearth.circles.commands.apply('relay-1', a.id, { type: 'raiseHand' }, 'retried-once');
    const first = await forwarded();
    const again = await forwarded();
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.state.version).toBe(first.state.version);
    const state = (await home.hearth.circles.rules.state('relay-1'))!;
    expect(state.version).toBe(before + 1);
    expect(state.queue.map((e) => e.participantId)).toEqual([a.id]);
    // The people in the circle were told once, by the home.
    await f.waitForView((v) => v.queue.length === 1);
    expect(f.events.filter((e) => e.type === 'handRaised')).toHaveLength(1);
    // A refusal travels back as the engine's own.
    await expect(other.hearth.circles.commands.apply('relay-1', a.id, { type: 'raiseHand' }, 'second')).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  } finally {
    for (const m of [f, a]) m.socket.disconnect();
  }
});
