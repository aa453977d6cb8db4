import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION, SIGN_IN_COOKIE, type CircleEvent, type CircleView } from '@hearth/shared';
import { joinAs, sendOk, type Member } from '../helpers/circle';
import { startFaultProxy, type FaultProxy } from '../helpers/faultProxy';
import { startRedis, type TestRedis } from '../helpers/redis';
import { requestOk, startTestServer, type TestServer, type TestSocket } from '../helpers/server';

jest.setTimeout(90_000);

/*
 * Network drops for real: the member's connection goes through a loopback proxy that
 * silently drops every byte (no FIN, no RST), so only the heartbeats can notice. Real Redis,
 * real socket.io clients that reconnect by themselves and rejoin with their token, as the
 * browser does.
 */

const served = (v: CircleView) => v.queue.map((e) => e.participantId);
const presenceOf = (v: CircleView, id: string) => v.participants.find((p) => p.id === id)?.presence ?? 'gone';

/** A member whose connection goes through `proxy` and who rejoins whenever it reconnects. */
async function joinThrough(proxy: FaultProxy, circleId: string, name: string): Promise<{ socket: TestSocket; id: string; rejoined: () => Promise<void> }> {
  const socket: TestSocket = connect(proxy.url, {
    auth: { protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    timeout: 2000,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  let token = '';
  const joined = await requestOk(socket, 'joinCircle', { circleId, displayName: name });
  token = joined.rejoinToken;
  let waiting: (() => void) | null = null;
  socket.on('connect', () => {
    void requestOk(socket, 'joinCircle', { circleId, displayName: name, rejoinToken: token }).then((again) => {
      token = again.rejoinToken;
      waiting?.();
    });
  });
  return { socket, id: joined.peerId, rejoined: () => new Promise<void>((resolve) => (waiting = resolve)) };
}

describe('a member’s network drops', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  async function setUp(env: Record<string, string>, circleId: string) {
    const server = await startTestServer({ REDIS_URL: redis.url, ...env });
    const proxy = await startFaultProxy(server.url);
    const f = await joinAs(server.url, circleId, 'Fran');
    const b = await joinAs(server.url, circleId, 'Bo');
    const a = await joinThrough(proxy, circleId, 'Ada');
    await sendOk(f, { type: 'setMode', mode: 'directed' });
    await sendOk(b, { type: 'raiseHand' });
    await a.socket.timeout(5000).emitWithAck('circleCommand', { command: { type: 'raiseHand' } });
    await sendOk(f, { type: 'raiseHand' });
    const before = await f.waitForView((v) => v.queue.length === 3);
    expect(served(before)).toEqual([b.id, a.id, f.id]);
    return { server, proxy, f, b, a };
  }

  it('for 10 s: the place is kept, and they are back in it without a lobby or a notice', async () => {
    const { server, proxy, f, b, a } = await setUp({}, 'drop-10');
    try {
      const dropped = Date.now();
      proxy.blackhole();
      const reconnecting = await f.waitForView((v) => presenceOf(v, a.id) === 'reconnecting', 10_000);
      const noticedMs = Date.now() - dropped;
      expect(served(reconnecting)).toEqual([b.id, a.id, f.id]);
      await new Promise((r) => setTimeout(r, Math.max(0, 10_000 - (Date.now() - dropped))));
      const back = a.rejoined();
      const restored = Date.now();
      proxy.restore();
      await back;
      const view = await f.waitForView((v) => presenceOf(v, a.id) === 'present');
      const backMs = Date.now() - restored;
      expect(served(view)).toEqual([b.id, a.id, f.id]);
      // Calm: no "left"/"joined" for the others, only the presence facts.
      const types = f.events.map((e: CircleEvent) => e.type);
      expect(types).not.toContain('participantLeft');
      expect(types.filter((t) => t === 'participantJoined')).toHaveLength(2); // b and a, at the start
      expect(types).toEqual(expect.arrayContaining(['participantReconnecting', 'participantReconnected']));
      console.log(`[figures] 10 s drop: noticed by the server after ${noticedMs} ms; back in place ${backMs} ms after the network returned`);
    } finally {
      a.socket.close();
      await proxy.close();
      await server.close();
    }
  });

  it('past the grace period: the place is released exactly then, and a return is a fresh arrival', async () => {
    const { server, proxy, f, b, a } = await setUp({ RECONNECT_GRACE_S: '4' }, 'drop-long');
    try {
      proxy.blackhole();
      const started = (await f.waitForEvent((e) => e.type === 'participantReconnecting', 10_000)) as Extract<CircleEvent, { type: 'participantReconnecting' }>;
      const left = await f.waitForEvent((e) => e.type === 'participantLeft' && e.participantId === a.id, 10_000);
      const leftAt = Date.now();
      expect(left).toEqual({ type: 'participantLeft', participantId: a.id, reason: 'timedOut' });
      // Released at the deadline the state announced (the clock polls every 250 ms).
      expect(leftAt).toBeGreaterThanOrEqual(started.deadline - 50);
      expect(served(await f.waitForView((v) => presenceOf(v, a.id) === 'gone'))).toEqual([b.id, f.id]);
      const back = a.rejoined();
      proxy.restore();
      await back;
      const view = await f.waitForView((v) => presenceOf(v, a.id) === 'present');
      expect(served(view)).toEqual([b.id, f.id]);
    } finally {
      a.socket.close();
      await proxy.close();
      await server.close();
    }
  });
});

describe('the store goes away and comes back', () => {
  let redis: TestRedis;
  let server: TestServer;
  let f: Member;
  let a: Member;
  beforeAll(async () => {
    redis = await startRedis({ dedicated: true });
    server = await startTestServer({ REDIS_URL: redis.url });
    f = await joinAs(server.url, 'outage', 'Fran');
    a = await joinAs(server.url, 'outage', 'Ada');
    await sendOk(f, { type: 'setMode', mode: 'queue' });
    await sendOk(a, { type: 'raiseHand' });
    await sendOk(f, { type: 'raiseHand' });
  });
  afterAll(async () => {
    for (const m of [f, a]) m?.socket.disconnect();
    await server?.close().catch(() => undefined);
    await redis?.stop();
  });

  it('answers UNAVAILABLE (HTTP 503) while it is down, changes nothing, and recovers fully', async () => {
    const before = await server.hearth.circles.rules.state('outage');
    expect(before?.floor?.holderId).toBe(a.id);
    await redis.stop();
    const during = await f.send({ type: 'lowerHandOf', target: f.id });
    expect(during.ok || during.error.code).toBe('UNAVAILABLE');
    // Any sign-in cookie makes the server ask the store who it is.
    const session = await fetch(`${server.url}/api/session`, { headers: { cookie: `${SIGN_IN_COOKIE}=${'x'.repeat(43)}` } });
    expect(session.status).toBe(503);
    expect(await session.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });

    await redis.restart!();
    let back = await a.send({ type: 'finishTurn' });
    for (let i = 0; i < 40 && !back.ok; i++) {
      await new Promise((r) => setTimeout(r, 250));
      back = await a.send({ type: 'finishTurn' });
    }
    expect(back.ok).toBe(true);
    // Nothing was half-written: the state continued from where it was (a finished; f has the floor).
    const after = await server.hearth.circles.rules.state('outage');
    expect(after?.floor?.holderId).toBe(f.id);
    expect(after?.participants[a.id]?.turns).toBe(1);
    expect(after?.version).toBe(before!.version + 1);
  });
});
