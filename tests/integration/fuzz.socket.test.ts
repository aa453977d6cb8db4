import fc from 'fast-check';
import { getSupportedRtpCapabilities } from 'mediasoup';
import WebSocket from 'ws';
import { FACILITATOR_COMMAND_TYPES, MEMBER_COMMAND_TYPES, REACTION_KINDS, clientEventSchemas } from '@hearth/shared';
import { envelopeProblem, hostileValue, mutated, watchResources, weirdKey, type ResourceFigures } from '../helpers/fuzz';
import { captureLogs, type CapturedLogs } from '../helpers/logs';
import { rawRequest, writePacket } from '../helpers/rawPackets';
import { audioRtpParameters, dtlsParameters, videoRtpParameters } from '../helpers/rtp';
import { connectClient, requestOk, startTestServer, type TestServer, type TestSocket } from '../helpers/server';

/*
 * ≥ 10,000 socket events at a real node: wrong types, huge strings, deep nesting,
 * `__proto__`/`constructor` keys, unknown and reserved events, missing acks, broken
 * packets and frames. Every ack must be an envelope (never INTERNAL), the node must
 * log nothing at error level, stay up, and keep RSS and event-loop delay bounded.
 */

jest.setTimeout(120_000);

const CLEAN_EVENTS = 8_100; // through socket.io-client, acks awaited (plus a join per socket per batch)
const BATCH = 60;
const BROKEN_PACKETS = 400; // each followed by a probe request
const BROKEN_FRAMES = 120; // raw WebSocket frames, past engine.io-client
const SEED = Number(process.env.FUZZ_SEED ?? 20301);

// ---- what to send ---------------------------------------------------------------------

/** `§<n>` stands for the n-th id seen so far (peers, transports, producers), resolved at send time. */
const idRef = fc.nat({ max: 999 }).map((n) => `§${n}`);
const circleId = fc.integer({ min: 0, max: 24 }).map((n) => `fuzz-${n}`);
const displayName = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('Ada', ' ', '\u200b', 'x'.repeat(41), '\uD800'));
const commandType = fc.constantFrom(...MEMBER_COMMAND_TYPES, ...FACILITATOR_COMMAND_TYPES, 'join', 'tick', 'nope');
const command: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: commandType }),
  fc.record({ type: commandType, target: idRef }),
  fc.record({ type: fc.constant('react'), kind: fc.constantFrom(...REACTION_KINDS, 'boo') }),
  fc.record({ type: fc.constant('setMode'), mode: fc.constantFrom('open', 'queue', 'round', 'directed', 'chaos') }),
  fc.record({
    type: fc.constant('setRules'),
    rules: fc.record(
      {
        queueOrder: fc.constantFrom('fifo', 'notYetSpoken', 'leastAirtime', 'random'),
        directReplies: fc.boolean(),
        turnLimitMs: fc.oneof(fc.integer(), fc.constant(null)),
        autoAdvance: fc.boolean(),
        facilitatorsMaySpeak: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({ type: fc.constantFrom('setSeating', 'reorderQueue'), order: fc.array(idRef, { maxLength: 6 }) }),
  fc.record({ type: fc.constant('giveFloor'), to: idRef }),
  fc.record({ type: fc.constant('shuffleSeating'), seed: fc.integer() }),
  fc.record({ type: fc.constant('startRound'), startWith: idRef }, { requiredKeys: ['type'] }),
);
const realCaps = getSupportedRtpCapabilities();

/** Payloads that a client could plausibly send for each event (then mutated). */
const plausible: Record<keyof typeof clientEventSchemas, fc.Arbitrary<Record<string, unknown>>> = {
  joinCircle: fc.record(
    {
      circleId,
      displayName,
      rejoinToken: fc.string({ minLength: 16, maxLength: 40 }),
      affirmAgreement: fc.boolean(),
      linkKey: fc.string({ maxLength: 20 }),
      rtpCapabilities: fc.constantFrom(realCaps, { codecs: realCaps.codecs?.slice(0, 1) }, {}),
    },
    { requiredKeys: ['circleId', 'displayName'] },
  ),
  leaveCircle: fc.constant({}),
  knockCircle: fc.record({ circleId, displayName }, { requiredKeys: ['circleId'] }),
  cancelKnock: fc.constant({}),
  admitFromLobby: fc.oneof(fc.record({ entryId: idRef }), fc.constant({ all: true })),
  circleCommand: fc.record({ command, commandId: fc.string({ minLength: 1, maxLength: 10 }) }, { requiredKeys: ['command'] }),
  setRtpCapabilities: fc.constantFrom({ rtpCapabilities: realCaps }, { rtpCapabilities: { codecs: realCaps.codecs?.slice(0, 2) } }, { rtpCapabilities: {} }),
  createTransport: fc.record({ direction: fc.constantFrom('send', 'recv', 'both') }),
  connectTransport: fc.record({ transportId: idRef, dtlsParameters: fc.constant(dtlsParameters) }),
  produce: fc.record({
    transportId: idRef,
    kind: fc.constantFrom('audio', 'video'),
    rtpParameters: fc.oneof(fc.constant(null).map(audioRtpParameters), fc.constant(null).map(videoRtpParameters)),
    source: fc.constantFrom('mic', 'camera', 'screen'),
  }),
  consume: fc.record({ producerId: idRef }),
  restartIce: fc.record({ transportId: idRef }),
  setConsumerPreferences: fc.record(
    { consumerId: idRef, spatialLayer: fc.integer({ min: -1, max: 5 }), temporalLayer: fc.integer({ min: -1, max: 5 }), paused: fc.boolean(), priority: fc.integer({ min: 0, max: 300 }) },
    { requiredKeys: ['consumerId'] },
  ),
  setVisitPreferences: fc.record({ audioOnly: fc.boolean(), lowerHandWhenSpeaking: fc.boolean() }, { requiredKeys: [] }),
  sendChat: fc.record({ text: fc.string({ maxLength: 600 }), to: fc.constantFrom('everyone', 'facilitators', 'nobody') }),
  resumeConsumer: fc.record({ consumerId: idRef }),
  pauseProducer: fc.record({ producerId: idRef }),
  resumeProducer: fc.record({ producerId: idRef }),
  closeProducer: fc.record({ producerId: idRef }),
  mediaCapabilities: fc.constant({}),
};
const KNOWN = Object.keys(plausible) as (keyof typeof plausible)[];

interface Spec {
  event: string;
  payload: unknown;
  /** ack: the usual request; none: no ack function; extra: more arguments before the ack. */
  mode: 'ack' | 'none' | 'extra';
}

const spec: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...KNOWN).chain((e) => fc.record({ event: fc.constant<string>(e), payload: fc.oneof(plausible[e], plausible[e], mutated(plausible[e])) })) },
  { weight: 3, arbitrary: fc.record({ event: fc.constantFrom<string>(...KNOWN), payload: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ event: fc.oneof(weirdKey, fc.constantFrom('circleChanged', 'ping', 'message', 'error')), payload: hostileValue }) },
).chain((s) => fc.constantFrom<Spec['mode']>('ack', 'ack', 'ack', 'ack', 'ack', 'ack', 'none', 'extra').map((mode) => ({ ...s, mode })));

/** Packets and frames a client library would never produce. */
const brokenPacket: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '2',
    '2[',
    '2["joinCircle"',
    '2{"a":1}',
    '2[1,2,3]',
    '2[null]',
    '2[]',
    '2999999999999999999999["leaveCircle",{}]',
    '2-1["leaveCircle",{}]',
    '2["disconnect",{}]',
    '2["connect",{}]',
    '2["newListener",{}]',
    '2["__proto__",{}]',
    '2["joinCircle",{"__proto__":{"circleId":"x"},"constructor":{"prototype":{"polluted":true}},"circleId":"fuzz-1","displayName":"P"}]',
    '2["joinCircle",{"circleId":"fuzz-1","displayName":"\\ud800\\udfff\\ud800"}]',
    '51-["x",{"_placeholder":true,"num":0}]',
    '3["ack-for-nothing"]',
    '399["late ack"]',
    '0/admin,',
    '0/nope,{"protocolVersion":1}',
    '1',
    '4',
    '9',
    '6',
  ),
  fc.string({ maxLength: 40 }).map((s) => `2${s}`),
  fc.string({ maxLength: 40, unit: 'binary' }),
);

// ---- the run --------------------------------------------------------------------------

let server: TestServer;
let logs: CapturedLogs;
const problems: string[] = [];
let counted = 0;
/** Replies by outcome (`ok`, or the error code), to see how far the fuzz reaches. */
const outcomes = new Map<string, number>();

/** Ids seen in replies (all, and per socket), so later requests can name real transports, producers and peers. */
const ids: string[] = ['none'];
const idsOf = new WeakMap<TestSocket, string[]>();

function remember(socket: TestSocket, value: unknown, depth = 0): void {
  if (depth > 5 || typeof value !== 'object' || value === null) return;
  const own = idsOf.get(socket) ?? [];
  idsOf.set(socket, own);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' && /id$/i.test(k) && v.length <= 64) {
      if (!ids.includes(v)) ids.push(v);
      if (!own.includes(v)) own.push(v);
    } else remember(socket, v, depth + 1);
  }
  if (ids.length > 400) ids.splice(1, 100);
  if (own.length > 40) own.splice(0, 10);
}

/** Replaces `§<n>` with a seen id: mostly one this socket was given (its own transports and producers). */
function resolveIds(socket: TestSocket, value: unknown, depth = 0): unknown {
  if (typeof value === 'string' && value.startsWith('§')) {
    const n = Number(value.slice(1));
    const own = idsOf.get(socket) ?? [];
    return own.length > 0 && n % 10 < 7 ? own[n % own.length] : ids[n % ids.length];
  }
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => resolveIds(socket, v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    Object.defineProperty(out, k, { value: resolveIds(socket, v, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A pool of sockets; one the server closed (a facilitator removed it, the session ended) is replaced. */
class Pool {
  readonly sockets: TestSocket[] = [];
  async fill(n: number): Promise<void> {
    while (this.sockets.length < n) this.sockets.push(await connectClient(server.url));
  }
  async replaceClosed(): Promise<void> {
    for (let i = 0; i < this.sockets.length; i++) {
      if (!this.sockets[i]!.connected) {
        this.sockets[i]!.close();
        this.sockets[i] = await connectClient(server.url);
      }
    }
  }
  close(): void {
    for (const s of this.sockets) s.close();
  }
}

/** Sends one spec; resolves when its ack came (checked), or at once without one. */
async function send(socket: TestSocket, s: Spec): Promise<void> {
  counted++;
  const payload = resolveIds(socket, s.payload);
  const emit = socket.emit as (ev: string, ...args: unknown[]) => void;
  if (s.mode === 'none') {
    emit.call(socket, s.event, payload);
    return;
  }
  const reply = await new Promise<unknown>((resolve) => {
    const timer = setTimeout(() => resolve(socket.connected ? new Error('no ack within 15 s') : 'closed'), 15_000);
    const onDisconnect = () => {
      clearTimeout(timer);
      resolve('closed');
    };
    socket.once('disconnect', onDisconnect);
    const ack = (r: unknown) => {
      clearTimeout(timer);
      socket.off('disconnect', onDisconnect);
      resolve(r);
    };
    if (s.mode === 'extra') emit.call(socket, s.event, payload, 'extra', { x: 1 }, ack);
    else emit.call(socket, s.event, payload, ack);
  });
  if (reply === 'closed') {
    // The node closed this socket: a message over 64 KB, a facilitator removed it, the session ended.
    outcomes.set('socket closed', (outcomes.get('socket closed') ?? 0) + 1);
    return;
  }
  if (reply instanceof Error) problems.push(`${s.event}: ${reply.message}`);
  else {
    const problem = envelopeProblem(reply);
    if (problem) problems.push(`${s.event}: ${problem}`);
    else remember(socket, reply);
    const r = reply as { ok?: boolean; error?: { code?: string } };
    const outcome = r.ok ? `${s.event}:ok` : String(r.error?.code);
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
}

/** A raw WebSocket to engine.io, for frames engine.io-client cannot send. */
function rawEngineSocket(): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

let figures: ResourceFigures;

beforeAll(async () => {
  logs = captureLogs('warn');
  server = await startTestServer({}, { requestsPerSecond: 1_000_000 }, { logger: logs.logger });
});
afterAll(async () => server?.close());

test(`${CLEAN_EVENTS + 8 * (CLEAN_EVENTS / BATCH) + 2 * BROKEN_PACKETS + BROKEN_FRAMES} socket events: every ack an envelope, nothing logged as an error, the node stays up`, async () => {
  const watch = watchResources();
  const pool = new Pool();
  await pool.fill(8);

  // 1. Requests through the real client, a batch at a time across the pool.
  await fc.assert(
    fc.asyncProperty(fc.array(spec, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      await pool.replaceClosed();
      // Everyone (re)joins one of a few circles first, so most requests meet a peer in a circle.
      await Promise.all(
        pool.sockets.map((socket, i) => send(socket, { event: 'joinCircle', payload: { circleId: `fuzz-${i % 3}`, displayName: `Fuzzer ${i}` }, mode: 'ack' })),
      );
      await Promise.all(batch.map((s, i) => send(pool.sockets[i % pool.sockets.length]!, s)));
    }),
    { numRuns: CLEAN_EVENTS / BATCH, seed: SEED, endOnFailure: true },
  );

  // 2. Broken packets on the connection; each is followed by a probe: the node answers, or closes that connection.
  const packets = fc.sample(brokenPacket, { numRuns: BROKEN_PACKETS, seed: SEED });
  let closedByServer = 0;
  let dirty = await connectClient(server.url);
  for (const packet of packets) {
    const serverSide = server.hearth.io.sockets.sockets.get(dirty.id!);
    writePacket(dirty, packet);
    counted += 2;
    // The probe is answered, or the node has closed the connection (or, on a DISCONNECT packet, the namespace).
    const stop = new AbortController();
    let onClose = (): void => undefined;
    const probe = await Promise.race([
      rawRequest(dirty, 'leaveCircle', '{}', 5_000, stop.signal).then(([ack]) => ack),
      new Promise<'closed'>((resolve) => {
        onClose = () => resolve('closed');
        dirty.once('disconnect', onClose);
        serverSide?.once('disconnect', onClose);
      }),
    ]).catch((err: Error) => err);
    stop.abort();
    dirty.off('disconnect', onClose);
    serverSide?.off('disconnect', onClose);
    if (probe === 'closed' || !dirty.connected) {
      closedByServer++;
      dirty.close();
      dirty = await connectClient(server.url);
    } else if (probe instanceof Error) problems.push(`probe after ${JSON.stringify(packet)}: ${probe.message}`);
    else if (envelopeProblem(probe)) problems.push(`probe after ${JSON.stringify(packet)}: ${envelopeProblem(probe)}`);
  }
  dirty.close();

  // 3. Frames past engine.io-client: invalid UTF-8, binary junk, unknown engine packet types, a 100 KB message.
  const frames: [Buffer | string, boolean][] = [
    [Buffer.from([0xff, 0xfe, 0xc0, 0xae]), false],
    [Buffer.from([0x34, 0x32, 0xed, 0xa0, 0x80]), false],
    [Buffer.from([0, 1, 2, 3]), true],
    ['9garbage', false],
    ['4' + 'x'.repeat(100_000), false],
    ['40', false],
    ['2probe', false],
  ];
  for (let i = 0; i < BROKEN_FRAMES; i++) {
    const ws = await rawEngineSocket();
    const [data, binary] = frames[i % frames.length]!;
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.send(data, { binary });
    counted++;
    // The node either closes the connection, or leaves it to its handshake timeout: close it ourselves then.
    await Promise.race([closed, new Promise((r) => setTimeout(r, 20))]);
    ws.terminate();
    await closed;
  }

  pool.close();
  figures = watch.stop();
  // The node still serves: healthy, and a newcomer can join and leave.
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  const fresh = await connectClient(server.url);
  await requestOk(fresh, 'joinCircle', { circleId: 'after-the-fuzz', displayName: 'Still here' });
  await requestOk(fresh, 'leaveCircle', {});
  fresh.close();

  console.log(
    `socket fuzz: ${counted} events (seed ${SEED}), ${closedByServer} connections closed by the node on broken packets, ` +
      `${ids.length} ids seen; replies ${JSON.stringify(Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1])))}; RSS ${figures.rssStartMb} → peak ${figures.rssPeakMb} → ${figures.rssEndMb} MB; ` +
      `event-loop delay p99 ${figures.loopDelayP99Ms} ms, max ${figures.loopDelayMaxMs} ms`,
  );
  expect(counted).toBeGreaterThanOrEqual(10_000);
  expect(problems.slice(0, 20)).toEqual([]);
  expect(logs.atLeast(50).slice(0, 5)).toEqual([]);
  // Catches a leak (the fuzzing client shares this process, hence the room).
  expect(figures.rssPeakMb - figures.rssStartMb).toBeLessThan(400);
  // Catches a request that blocks the loop (a runaway regex, synchronous work on huge input), not slowness:
  // the machine may be shared, so the bounds are loose.
  expect(figures.loopDelayP99Ms).toBeLessThan(1_000);
  expect(figures.loopDelayMaxMs).toBeLessThan(5_000);
});
