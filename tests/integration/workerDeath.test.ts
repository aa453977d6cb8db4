import { joinAs, sendOk, type Member } from '../helpers/circle';
import { nextEvent, request, requestOk, startTestServer, type TestServer } from '../helpers/server';
import { audioRtpParameters } from '../helpers/rtp';

jest.setTimeout(60_000);

const orderedServed = (v: { queue: { participantId: string }[] }) => v.queue.map((e) => e.participantId);

/*
 * A mediasoup worker killed with SIGKILL mid-circle (its real pid): the people in its circle
 * keep their places (same participants, same queue order, same floor), are told to rebuild
 * their media, and do so on the same connection, on a live worker, with one worker (waiting
 * for its replacement) and with two.
 */
describe.each([1, 2])('a media worker killed mid-circle (%i worker(s))', (workers) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MEDIASOUP_WORKERS: String(workers) });
  });
  afterAll(async () => {
    await server.close();
  });

  async function rebuild(m: Member, circleId: string, name: string): Promise<{ producerId: string; caps: unknown }> {
    const joined = await requestOk(m.socket, 'joinCircle', { circleId, displayName: name, rejoinToken: m.rejoinToken });
    expect(joined.peerId).toBe(m.id);
    const send = await requestOk(m.socket, 'createTransport', { direction: 'send' });
    const { producerId } = await requestOk(m.socket, 'produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters() });
    return { producerId, caps: joined.routerRtpCapabilities };
  }

  it('keeps everyone in place and lets them rebuild their media', async () => {
    const circleId = `doomed-${workers}`;
    const f = await joinAs(server.url, circleId, 'Fran');
    const a = await joinAs(server.url, circleId, 'Ada');
    const b = await joinAs(server.url, circleId, 'Bo');
    await sendOk(f, { type: 'setMode', mode: 'queue' });
    await sendOk(a, { type: 'raiseHand' });
    await sendOk(b, { type: 'raiseHand' });
    await sendOk(f, { type: 'raiseHand' });
    for (const m of [f, a, b]) {
      const send = await requestOk(m.socket, 'createTransport', { direction: 'send' });
      await requestOk(m.socket, 'produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters() });
    }
    const before = await f.waitForView((v) => v.floor?.holderId === a.id && v.queue.length === 2);
    const order = orderedServed(before);

    const room = server.hearth.circles.rooms.get(circleId)!;
    const resets = [f, a, b].map((m) => nextEvent(m.socket, 'mediaReset', 10_000));
    process.kill(room.workerPid!, 'SIGKILL');
    await Promise.all(resets);

    // Everyone is reconnecting, in place: the floor waits, the queue is unchanged.
    const during = await f.waitForView((v) => v.participants.every((p) => p.presence === 'reconnecting'));
    expect(during.floor?.holderId).toBe(a.id);
    expect(orderedServed(during)).toEqual(order);
    const stale = await request(a.socket, 'createTransport', { direction: 'send' });
    expect(stale.ok || stale.error.code).toBe('NOT_IN_CIRCLE');

    const [, fromA, fromB] = await Promise.all([rebuild(f, circleId, 'Fran'), rebuild(a, circleId, 'Ada'), rebuild(b, circleId, 'Bo')]);
    const after = await f.waitForView((v) => v.participants.every((p) => p.presence === 'present'));
    expect(after.participants.map((p) => p.id).sort()).toEqual([f.id, a.id, b.id].sort());
    expect(after.floor?.holderId).toBe(a.id);
    expect(orderedServed(after)).toEqual(order);
    expect(server.hearth.circles.rooms.get(circleId)!.peers.size).toBe(3);
    expect(server.hearth.circles.rooms.get(circleId)!.workerPid).not.toBe(room.workerPid);
    // The new router forwards again: the speaker's mic can be consumed and resumed.
    await requestOk(b.socket, 'setRtpCapabilities', { rtpCapabilities: fromB.caps });
    await requestOk(b.socket, 'createTransport', { direction: 'recv' });
    const consumer = await requestOk(b.socket, 'consume', { producerId: fromA.producerId });
    await requestOk(b.socket, 'resumeConsumer', { consumerId: consumer.id });
    expect(consumer.peerId).toBe(a.id);
    // The dead worker is replaced (with two, the circle did not wait for it).
    for (let i = 0; i < 200 && server.hearth.pool.workers().length < workers; i++) await new Promise((r) => setTimeout(r, 25));
    expect(server.hearth.pool.workers()).toHaveLength(workers);
    for (const m of [f, a, b]) m.socket.disconnect();
  });
});
