import { joinAs, sendOk, type Member } from '../helpers/circle';
import { startServerProcess, type ServerProcess } from '../helpers/process';
import { startRedis, type TestRedis } from '../helpers/redis';

jest.setTimeout(90_000);

let redis: TestRedis;
let nodes: ServerProcess[] = [];
const people: Member[] = [];

beforeAll(async () => {
  redis = await startRedis({ dedicated: true });
  // Two real server processes sharing one Redis: state through the store, fan-out through
  // the socket.io Redis adapter.
  nodes = await Promise.all(
    ['node-a', 'node-b'].map((NODE_ID) =>
      startServerProcess({ REDIS_URL: redis.url, NODE_ID, MEDIASOUP_WORKERS: '1', LOG_LEVEL: 'warn' }),
    ),
  );
});
afterAll(async () => {
  for (const m of people) m.socket.disconnect();
  await Promise.all(nodes.map((n) => n.stop()));
  await redis?.stop();
});

it('20 people on two nodes raising and lowering hands at once all end with the same queue', async () => {
  const circleId = `multi-${Date.now().toString(36)}`;
  const facilitator = await joinAs(nodes[0]!.url, circleId, 'Facilitator');
  people.push(facilitator);
  // Directed mode: hands queue up and nobody is granted the floor automatically.
  await sendOk(facilitator, { type: 'setMode', mode: 'directed' });
  for (let i = 0; i < 19; i++) people.push(await joinAs(nodes[i % 2]!.url, circleId, `Person ${i + 1}`));
  expect(new Set(people.map((p) => p.id)).size).toBe(20);

  // Everyone at once: even ones end with a hand up, odd ones raise, lower, raise, lower.
  const results = await Promise.all(
    people.map(async (p, i) => {
      const steps = i % 2 === 0 ? ['raiseHand', 'lowerHand', 'raiseHand'] : ['raiseHand', 'lowerHand', 'raiseHand', 'lowerHand'];
      let accepted = 0;
      for (const type of steps) {
        const ack = await p.send({ type } as { type: 'raiseHand' | 'lowerHand' });
        if (!ack.ok) throw new Error(`${p.view.you?.id} ${type}: ${ack.error.code} ${ack.error.message}`);
        accepted += 1;
      }
      return accepted;
    }),
  );
  const accepted = results.reduce((a, b) => a + b, 0);

  // Every client converges on the newest state; nothing lost, nothing twice.
  const finalVersion = Math.max(...people.map((p) => p.view.version));
  await Promise.all(people.map((p) => p.waitForView((v) => v.version >= finalVersion, 20_000)));
  const queues = people.map((p) => p.view.queue.map((q) => q.participantId));
  for (const q of queues) expect(q).toEqual(queues[0]);
  const expected = people.filter((_, i) => i % 2 === 0).map((p) => p.id);
  expect([...queues[0]!].sort()).toEqual([...expected].sort());
  expect(new Set(queues[0]).size).toBe(queues[0]!.length);
  expect(accepted).toBe(10 * 3 + 10 * 4);
  // One version per applied command: every raise and lower was applied exactly once.
  const versionsAfterJoins = 1 + 1 + 19; // first join, setMode, 19 joins
  expect(finalVersion).toBe(versionsAfterJoins + accepted);
});

it('a node shutting down disconnects only its own clients', async () => {
  const onB = people.filter((_, i) => i > 0 && (i - 1) % 2 === 1);
  const onA = people.filter((p) => !onB.includes(p));
  const gone = Promise.all(onA.map((p) => new Promise((resolve) => (p.socket.connected ? p.socket.once('disconnect', resolve) : resolve(null)))));
  await nodes[0]!.stop();
  await gone;
  await new Promise((r) => setTimeout(r, 500));
  expect(onB.length).toBeGreaterThan(0);
  expect(onB.every((p) => p.socket.connected)).toBe(true);
});
