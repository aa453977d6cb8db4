import Redis from 'ioredis';
import { PROTOCOL_VERSION, type CircleState } from '@hearth/shared';
import { io as connect } from 'socket.io-client';
import { keys } from '../../server/src/store/keys';
import { startServerProcess } from '../helpers/process';
import { startRedis, type TestRedis } from '../helpers/redis';
import { requestOk, type TestSocket } from '../helpers/server';

jest.setTimeout(120_000);

/** 50 people by default; DRAIN_CIRCLES=20 DRAIN_PEOPLE=10 for the 200. */
const CIRCLES = Number(process.env.DRAIN_CIRCLES ?? 5);
const PER_CIRCLE = Number(process.env.DRAIN_PEOPLE ?? 10);

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

/*
 * SIGTERM on a real node (a child process) with 50 people in 5 circles on a real Redis: the
 * node drains — no new joins, in-flight work finishes, everyone it held becomes
 * reconnecting (their place kept), the store closes last. No unhandled rejections, and
 * nobody is left `present` without a connection.
 */
it(`SIGTERM with ${CIRCLES * PER_CIRCLE} people drains: everyone reconnecting in place, no unhandled rejections`, async () => {
  const node = await startServerProcess({ REDIS_URL: redis.url, MEDIASOUP_WORKERS: '1' });
  const sockets: TestSocket[] = [];
  const ids = new Map<string, string[]>();
  try {
    for (let c = 0; c < CIRCLES; c++) {
      const circleId = `drain-${c}`;
      ids.set(circleId, []);
      for (let p = 0; p < PER_CIRCLE; p++) {
        const socket: TestSocket = connect(node.url, { auth: { protocolVersion: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        sockets.push(socket);
        const joined = await requestOk(socket, 'joinCircle', { circleId, displayName: `P${p}` });
        ids.get(circleId)!.push(joined.peerId);
        if (p === 0) await requestOk(socket, 'circleCommand', { command: { type: 'setMode', mode: 'queue' } });
        await requestOk(socket, 'circleCommand', { command: { type: 'raiseHand' } });
      }
    }
    const redisClient = new Redis(redis.url);
    const before = new Map<string, CircleState>();
    for (const circleId of ids.keys()) {
      before.set(circleId, (JSON.parse((await redisClient.get(keys.circleRules(circleId)))!) as { state: CircleState }).state);
    }

    // Keep some requests in flight while the signal arrives.
    for (const s of sockets.slice(0, 10)) s.emit('circleCommand', { command: { type: 'react', kind: 'heart' } }, () => undefined);
    const exited = new Promise<number | null>((resolve) => node.child.once('exit', (code) => resolve(code)));
    const signalled = Date.now();
    node.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const drainMs = Date.now() - signalled;

    const output = node.output();
    expect(output).not.toMatch(/unhandled rejection/i);
    expect(output).not.toMatch(/"level":50/); // nothing logged at error level
    for (const [circleId, members] of ids) {
      const { state } = JSON.parse((await redisClient.get(keys.circleRules(circleId)))!) as { state: CircleState };
      // Nobody present without a connection: all reconnecting, each with a deadline.
      for (const id of members) {
        expect(state.participants[id]?.presence).toBe('reconnecting');
        expect(state.participants[id]?.reconnect?.deadline).toBeGreaterThan(Date.now());
      }
      // Their places are unchanged.
      const was = before.get(circleId)!;
      expect(state.floor?.holderId).toBe(was.floor?.holderId);
      expect(state.queue.map((e) => e.participantId)).toEqual(was.queue.map((e) => e.participantId));
    }
    expect(await redisClient.hgetall(keys.nodeIndex())).toEqual({});
    const rejections = (output.match(/unhandled rejection/gi) ?? []).length;
    console.log(`[figures] SIGTERM with ${CIRCLES * PER_CIRCLE} people: exited in ${drainMs} ms, ${rejections} unhandled rejections, 0 present without a connection`);
    redisClient.disconnect();
  } finally {
    for (const s of sockets) s.close();
    await node.stop();
  }
});
