import { io as connect } from 'socket.io-client';
import { connectClient, nextEvent, request, requestOk, startTestServer, type TestServer, type TestSocket } from '../helpers/server';
import { audioRtpParameters, dtlsParameters, videoRtpParameters } from '../helpers/rtp';
import { keys } from '../../server/src/store/keys';

jest.setTimeout(30_000);

let server: TestServer;
const sockets: TestSocket[] = [];

async function client(): Promise<TestSocket> {
  const s = await connectClient(server.url);
  sockets.push(s);
  return s;
}

async function health(): Promise<{ status: string; circles: number; peers: number; workers: { transports: number }[] }> {
  const res = await fetch(`${server.url}/healthz`);
  return (await res.json()) as never;
}

beforeAll(async () => {
  server = await startTestServer({ MAX_PEERS_PER_CIRCLE: '3' });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  // Disconnect cleanup is asynchronous on the server.
  for (let i = 0; i < 50 && (await health()).peers > 0; i++) await new Promise((r) => setTimeout(r, 20));
});
afterAll(async () => {
  await server.close();
});

describe('handshake', () => {
  it('refuses a client speaking another protocol version', async () => {
    const socket = connect(server.url, { auth: { protocolVersion: 999 }, transports: ['websocket'], reconnection: false, forceNew: true });
    const err = await new Promise<Error & { data?: { code?: string } }>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    expect(err.data?.code).toBe('PROTOCOL_MISMATCH');
    expect(err.message).toMatch(/protocol version 999/);
  });

  it('refuses a client sending no version at all', async () => {
    const socket = connect(server.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    const err = await new Promise<Error & { data?: { code?: string } }>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    expect(err.data?.code).toBe('PROTOCOL_MISMATCH');
  });
});

describe('joining', () => {
  it('gives the joiner the router capabilities and who is already there, and tells the others', async () => {
    const a = await client();
    const b = await client();
    const joinedA = await requestOk(a, 'joinCircle', { circleId: 'join-1', displayName: '  Ada  ' });
    expect(joinedA.peers).toEqual([]);
    expect(joinedA.circleId).toBe('join-1');
    expect((joinedA.routerRtpCapabilities as { codecs: { mimeType: string }[] }).codecs.map((c) => c.mimeType)).toEqual(
      expect.arrayContaining(['audio/opus', 'video/VP8']),
    );
    const peerJoined = nextEvent(a, 'peerJoined');
    const joinedB = await requestOk(b, 'joinCircle', { circleId: 'join-1', displayName: 'Bo' });
    expect(joinedB.peers).toEqual([{ peerId: joinedA.peerId, displayName: 'Ada', producers: [] }]);
    expect(await peerJoined).toEqual({ peerId: joinedB.peerId, displayName: 'Bo', producers: [] });
    expect((await health()).peers).toBe(2);
  });

  it('refuses a second join on the same socket and a join into a full circle', async () => {
    const a = await client();
    await requestOk(a, 'joinCircle', { circleId: 'full-1', displayName: 'A' });
    const again = await request(a, 'joinCircle', { circleId: 'other', displayName: 'A' });
    expect(again).toEqual({ ok: false, error: { code: 'ALREADY_IN_CIRCLE', message: expect.any(String) } });
    for (const name of ['B', 'C']) await requestOk(await client(), 'joinCircle', { circleId: 'full-1', displayName: name });
    const d = await client();
    const full = await request(d, 'joinCircle', { circleId: 'full-1', displayName: 'D' });
    expect(full.ok).toBe(false);
    if (!full.ok) expect(full.error.code).toBe('ROOM_FULL');
    expect((await health()).peers).toBe(3);
  });
});

describe('bad input', () => {
  const cases: [string, string, unknown][] = [
    ['an unknown event', 'launchRockets', {}],
    ['a non-object payload', 'joinCircle', 'hello'],
    ['a missing payload', 'joinCircle', undefined],
    ['a circle id with a slash', 'joinCircle', { circleId: 'a/b', displayName: 'X' }],
    ['an empty name', 'joinCircle', { circleId: 'ok', displayName: '   ' }],
    ['a name that is too long', 'joinCircle', { circleId: 'ok', displayName: 'x'.repeat(41) }],
    ['an extra field', 'joinCircle', { circleId: 'ok', displayName: 'X', role: 'admin' }],
    ['a bad transport direction', 'createTransport', { direction: 'sideways' }],
    ['an rtpParameters without codecs', 'produce', { transportId: 't', kind: 'audio', source: 'mic', rtpParameters: { codecs: [] } }],
    ['a payload type out of range', 'produce', { transportId: 't', kind: 'audio', source: 'mic', rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 500, clockRate: 48000 }] } }],
  ];
  it.each(cases)('answers %s with INVALID_PAYLOAD and changes nothing', async (_name, event, payload) => {
    const a = await client();
    const ack = await request(a, event as 'joinCircle', payload);
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect(ack.error.code).toBe('INVALID_PAYLOAD');
    const h = await health();
    expect([h.peers, h.circles]).toEqual([0, 0]);
  });

  it('answers media requests from someone not in a circle with NOT_IN_CIRCLE', async () => {
    const a = await client();
    const ack = await request(a, 'createTransport', { direction: 'send' });
    expect(ack.ok || ack.error.code).toBe('NOT_IN_CIRCLE');
  });

  it('answers rtpParameters that mediasoup rejects with INVALID_PAYLOAD, and the server keeps serving', async () => {
    const a = await client();
    await requestOk(a, 'joinCircle', { circleId: 'bad-rtp', displayName: 'A' });
    const t = await requestOk(a, 'createTransport', { direction: 'send' });
    const ack = await request(a, 'produce', {
      transportId: t.id,
      kind: 'audio',
      source: 'mic',
      rtpParameters: { codecs: [{ mimeType: 'audio/nonsense', payloadType: 100, clockRate: 8000 }], encodings: [{ ssrc: 1 }] },
    });
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect(['INVALID_PAYLOAD', 'MEDIA_ERROR']).toContain(ack.error.code);
    const mismatch = await request(a, 'produce', { transportId: t.id, kind: 'video', source: 'mic', rtpParameters: videoRtpParameters() });
    expect(mismatch.ok || mismatch.error.code).toBe('INVALID_PAYLOAD');
    expect((await health()).status).toBe('ok');
    await requestOk(a, 'produce', { transportId: t.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters() });
  });

  it('refuses touching someone else’s producer', async () => {
    const a = await client();
    const b = await client();
    await requestOk(a, 'joinCircle', { circleId: 'owner', displayName: 'A' });
    await requestOk(b, 'joinCircle', { circleId: 'owner', displayName: 'B' });
    const t = await requestOk(a, 'createTransport', { direction: 'send' });
    const { producerId } = await requestOk(a, 'produce', { transportId: t.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters() });
    for (const event of ['pauseProducer', 'closeProducer'] as const) {
      const ack = await request(b, event, { producerId });
      expect(ack.ok || ack.error.code).toBe('NOT_ALLOWED');
    }
    const tb = await requestOk(b, 'createTransport', { direction: 'send' });
    const foreign = await request(a, 'produce', { transportId: tb.id, kind: 'video', source: 'camera', rtpParameters: videoRtpParameters() });
    expect(foreign.ok || foreign.error.code).toBe('NOT_FOUND');
  });
});

describe('producing and consuming', () => {
  it('announces producers, creates paused consumers, relays pause/resume and close', async () => {
    const a = await client();
    const b = await client();
    const joinedA = await requestOk(a, 'joinCircle', { circleId: 'media-1', displayName: 'A' });
    const joinedB = await requestOk(b, 'joinCircle', { circleId: 'media-1', displayName: 'B' });
    const send = await requestOk(a, 'createTransport', { direction: 'send' });
    expect(send.iceCandidates.length).toBeGreaterThan(0);
    await requestOk(a, 'connectTransport', { transportId: send.id, dtlsParameters });
    const reconnect = await request(a, 'connectTransport', { transportId: send.id, dtlsParameters });
    expect(reconnect.ok || reconnect.error.code).toBe('NOT_ALLOWED');

    const announced = nextEvent(b, 'newProducer');
    const { producerId: mic } = await requestOk(a, 'produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters() });
    expect(await announced).toEqual({ peerId: joinedA.peerId, producerId: mic, kind: 'audio', source: 'mic', paused: false });
    const { producerId: cam } = await requestOk(a, 'produce', { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: videoRtpParameters() });
    const twice = await request(a, 'produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters() });
    expect(twice.ok || twice.error.code).toBe('NOT_ALLOWED');

    const early = await request(b, 'consume', { producerId: mic });
    expect(early.ok || early.error.code).toBe('NOT_ALLOWED');
    await requestOk(b, 'createTransport', { direction: 'recv' });
    await requestOk(b, 'setRtpCapabilities', { rtpCapabilities: joinedB.routerRtpCapabilities });
    const consumer = await requestOk(b, 'consume', { producerId: cam });
    expect(consumer).toMatchObject({ producerId: cam, peerId: joinedA.peerId, kind: 'video', source: 'camera', producerPaused: false });
    const serverConsumer = [...server.hearth.circles.roomOf(joinedB.peerId).peers.get(joinedB.peerId)!.consumers.values()][0]!;
    expect(serverConsumer.paused).toBe(true);
    await requestOk(b, 'resumeConsumer', { consumerId: consumer.id });
    expect(serverConsumer.paused).toBe(false);
    const own = await request(a, 'consume', { producerId: cam });
    expect(own.ok || own.error.code).toBe('NOT_ALLOWED');

    const paused = nextEvent(b, 'producerPaused');
    await requestOk(a, 'pauseProducer', { producerId: cam });
    expect(await paused).toEqual({ peerId: joinedA.peerId, producerId: cam });
    expect(serverConsumer.producerPaused).toBe(true);
    const resumed = nextEvent(b, 'producerResumed');
    await requestOk(a, 'resumeProducer', { producerId: cam });
    expect(await resumed).toEqual({ peerId: joinedA.peerId, producerId: cam });

    const late = await client();
    const joinedLate = await requestOk(late, 'joinCircle', { circleId: 'media-1', displayName: 'Late' });
    const seenA = joinedLate.peers.find((p) => p.peerId === joinedA.peerId)!;
    expect(seenA.producers.map((p) => p.source).sort()).toEqual(['camera', 'mic']);

    const closed = nextEvent(b, 'producerClosed');
    const consumerClosed = nextEvent(b, 'consumerClosed');
    await requestOk(a, 'closeProducer', { producerId: cam });
    expect(await closed).toEqual({ peerId: joinedA.peerId, producerId: cam });
    expect(await consumerClosed).toEqual({ consumerId: consumer.id });
    expect(serverConsumer.closed).toBe(true);
  });
});

describe('leaving', () => {
  async function joinWithMedia(circleId: string): Promise<{ a: TestSocket; b: TestSocket; aId: string; consumerId: string }> {
    const a = await client();
    const b = await client();
    const joinedA = await requestOk(a, 'joinCircle', { circleId, displayName: 'A' });
    const joinedB = await requestOk(b, 'joinCircle', { circleId, displayName: 'B' });
    const send = await requestOk(a, 'createTransport', { direction: 'send' });
    const { producerId } = await requestOk(a, 'produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters() });
    await requestOk(b, 'createTransport', { direction: 'recv' });
    await requestOk(b, 'setRtpCapabilities', { rtpCapabilities: joinedB.routerRtpCapabilities });
    const consumer = await requestOk(b, 'consume', { producerId });
    return { a, b, aId: joinedA.peerId, consumerId: consumer.id };
  }

  it('leaveCircle closes everything the peer owned and tells the others', async () => {
    const { a, b, aId, consumerId } = await joinWithMedia('leave-1');
    expect((await health()).workers[0]!.transports).toBe(2);
    const left = nextEvent(b, 'peerLeft');
    const consumerClosed = nextEvent(b, 'consumerClosed');
    await requestOk(a, 'leaveCircle', {});
    expect(await left).toEqual({ peerId: aId });
    expect(await consumerClosed).toEqual({ consumerId });
    const h = await health();
    expect(h.peers).toBe(1);
    expect(h.workers[0]!.transports).toBe(1);
    const afterLeave = await request(a, 'createTransport', { direction: 'send' });
    expect(afterLeave.ok || afterLeave.error.code).toBe('NOT_IN_CIRCLE');
  });

  it('a disconnect closes the peer’s media, and the last one out closes the circle', async () => {
    const { a, b, aId } = await joinWithMedia('leave-2');
    const left = nextEvent(b, 'peerLeft');
    a.disconnect();
    // A dropped connection keeps its place: others are told the person is reconnecting.
    expect(await left).toEqual({ peerId: aId, reconnecting: true });
    b.disconnect();
    for (let i = 0; i < 50 && (await health()).circles > 0; i++) await new Promise((r) => setTimeout(r, 20));
    const h = await health();
    expect([h.circles, h.peers, h.workers[0]!.transports]).toEqual([0, 0, 0]);
    expect(await server.hearth.store.hashGetAll(keys.nodeAttachments(server.config.nodeId))).toEqual({});
  });
});
