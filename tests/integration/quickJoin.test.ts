import { request, requestOk, useTestServer } from '../helpers/server';
import { audioRtpParameters, dtlsParameters } from '../helpers/rtp';

jest.setTimeout(30_000);

const test = useTestServer();

const client = test.client;

/** What the server holds for a peer's media. */
function serverPeer(peerId: string) {
  return test.server().hearth.circles.roomOf(peerId).peers.get(peerId)!;
}

describe('a join prepared on the pre-join screen', () => {
  it('mediaCapabilities answers before any join, with what the join later gives', async () => {
    const s = await client();
    // Twice: the first may have made a throwaway router, the second reuses what it learnt.
    const first = await requestOk(s, 'mediaCapabilities', {});
    const again = await requestOk(s, 'mediaCapabilities', {});
    expect(again).toEqual(first);
    const joined = await requestOk(s, 'joinCircle', { circleId: 'quick-1', displayName: 'Ada' });
    expect(joined.routerRtpCapabilities).toEqual(first.routerRtpCapabilities);
    // A join without the device's capabilities opens nothing.
    expect(joined.transports).toBeUndefined();
    expect(serverPeer(joined.peerId).transports.size).toBe(0);
    // Asked while a circle is open, it is that router's, and nothing is left behind.
    const other = await client();
    expect(await requestOk(other, 'mediaCapabilities', {})).toEqual(first);
    expect(test.server().hearth.circles.rooms.size).toBe(1);
  });

  it('refuses a payload with fields it does not know', async () => {
    const s = await client();
    const res = await request(s, 'mediaCapabilities', { circleId: 'quick-x' });
    expect(res.ok || res.error.code).toBe('INVALID_PAYLOAD');
  });

  it('a join bringing the device’s capabilities gets both transports, and can consume without more set-up', async () => {
    const a = await client();
    const b = await client();
    const { routerRtpCapabilities } = await requestOk(b, 'mediaCapabilities', {});
    const joinedA = await requestOk(a, 'joinCircle', { circleId: 'quick-2', displayName: 'Ada', rtpCapabilities: routerRtpCapabilities });
    const sendA = joinedA.transports!.send;
    await requestOk(a, 'connectTransport', { transportId: sendA.id, dtlsParameters });
    const { producerId } = await requestOk(a, 'produce', { transportId: sendA.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters() });

    const joinedB = await requestOk(b, 'joinCircle', { circleId: 'quick-2', displayName: 'Bo', rtpCapabilities: routerRtpCapabilities });
    const { send, recv } = joinedB.transports!;
    expect(send.id).not.toBe(recv.id);
    for (const t of [send, recv]) expect(t.iceCandidates.length).toBeGreaterThan(0);
    const held = serverPeer(joinedB.peerId);
    expect([...held.transports.values()].map((t) => t.appData.direction).sort()).toEqual(['recv', 'send']);
    expect(held.rtpCapabilities).toEqual(routerRtpCapabilities);
    // No setRtpCapabilities, no createTransport: consume works at once.
    const consumer = await requestOk(b, 'consume', { producerId });
    expect(consumer).toMatchObject({ producerId, peerId: joinedA.peerId, kind: 'audio' });
    // And a second transport of either kind is still refused.
    const extra = await request(b, 'createTransport', { direction: 'recv' });
    expect(extra.ok || extra.error.code).toBe('NOT_ALLOWED');
  });

  it('a rejoin on the same connection gets fresh transports, and the old ones close', async () => {
    const s = await client();
    const { routerRtpCapabilities } = await requestOk(s, 'mediaCapabilities', {});
    const first = await requestOk(s, 'joinCircle', { circleId: 'quick-3', displayName: 'Ada', rtpCapabilities: routerRtpCapabilities });
    const old = [...serverPeer(first.peerId).transports.values()];
    const again = await requestOk(s, 'joinCircle', { circleId: 'quick-3', displayName: 'Ada', rejoinToken: first.rejoinToken, rtpCapabilities: routerRtpCapabilities });
    expect(again.peerId).toBe(first.peerId);
    expect(again.transports!.recv.id).not.toBe(first.transports!.recv.id);
    expect(old.every((t) => t.closed)).toBe(true);
    expect(serverPeer(again.peerId).transports.size).toBe(2);
  });

  it('refuses capabilities that are not an object, changing nothing', async () => {
    const s = await client();
    const res = await request(s, 'joinCircle', { circleId: 'quick-4', displayName: 'Ada', rtpCapabilities: 'all of them' });
    expect(res.ok || res.error.code).toBe('INVALID_PAYLOAD');
    expect(test.server().hearth.circles.rooms.get('quick-4')).toBeUndefined();
  });
});
