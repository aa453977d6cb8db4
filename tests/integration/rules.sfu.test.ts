import { joinAs, sendOk, type Member } from '../helpers/circle';
import { audioRtpParameters, videoRtpParameters } from '../helpers/rtp';
import { nextEvent, requestOk, startTestServer, type TestServer } from '../helpers/server';

jest.setTimeout(30_000);

let server: TestServer;
let people: Member[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const m of people) m.socket.disconnect();
  people = [];
});
afterAll(async () => {
  await server.close();
});

/** Sends a mic and a camera, as a browser would. */
async function sendMedia(m: Member): Promise<{ mic: string; cam: string }> {
  const t = await requestOk(m.socket, 'createTransport', { direction: 'send' });
  const { producerId: mic } = await requestOk(m.socket, 'produce', { transportId: t.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters() });
  const { producerId: cam } = await requestOk(m.socket, 'produce', { transportId: t.id, kind: 'video', source: 'camera', rtpParameters: videoRtpParameters() });
  return { mic, cam };
}

/** Whether the SFU forwards this person's mic / camera right now (server-side truth). */
function forwarding(m: Member): { mic: boolean; cam: boolean } {
  const peer = server.hearth.circles.roomOf(m.id).peer(m.id);
  return { mic: !peer.producerOf('mic')!.paused, cam: !peer.producerOf('camera')!.paused };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

it('in structured modes only the floor holder (and facilitators, by rule) is heard; video always flows', async () => {
  const f = await joinAs(server.url, 'sfu-1', 'Fran');
  const a = await joinAs(server.url, 'sfu-1', 'Ash');
  const b = await joinAs(server.url, 'sfu-1', 'Bea');
  people = [f, a, b];
  for (const m of people) await sendMedia(m);

  // Open floor: everyone is heard.
  expect(people.map(forwarding)).toEqual([{ mic: true, cam: true }, { mic: true, cam: true }, { mic: true, cam: true }]);

  await sendOk(f, { type: 'setMode', mode: 'queue' });
  await until(() => !forwarding(a).mic && !forwarding(b).mic);
  expect(forwarding(f)).toEqual({ mic: true, cam: true }); // facilitators may always speak (default)
  expect(forwarding(a).cam && forwarding(b).cam).toBe(true);

  await sendOk(a, { type: 'raiseHand' }); // free floor: granted at once
  await until(() => forwarding(a).mic);
  expect(forwarding(b).mic).toBe(false);

  // A modified client cannot unpause itself out of turn.
  const bMic = server.hearth.circles.roomOf(b.id).peer(b.id).producerOf('mic')!.id;
  await requestOk(b.socket, 'resumeProducer', { producerId: bMic });
  expect(forwarding(b).mic).toBe(false);

  await sendOk(f, { type: 'setRules', rules: { facilitatorsMaySpeak: false } });
  await until(() => !forwarding(f).mic);

  await sendOk(a, { type: 'finishTurn' });
  await until(() => !forwarding(a).mic);

  await sendOk(f, { type: 'setMode', mode: 'open' });
  await until(() => people.every((m) => forwarding(m).mic));
});

it('a facilitator mute pauses the mic on the server, others see it, and only the person unmutes', async () => {
  const f = await joinAs(server.url, 'sfu-2', 'Fran');
  const a = await joinAs(server.url, 'sfu-2', 'Ash');
  const b = await joinAs(server.url, 'sfu-2', 'Bea');
  people = [f, a, b];
  const media = await sendMedia(a);

  const seen = nextEvent(b.socket, 'producerPaused');
  await sendOk(f, { type: 'muteParticipant', target: a.id });
  expect(await seen).toEqual({ peerId: a.id, producerId: media.mic });
  await until(() => !forwarding(a).mic);
  await a.waitForEvent((e) => e.type === 'participantMuted');

  const resumed = nextEvent(b.socket, 'producerResumed');
  await requestOk(a.socket, 'resumeProducer', { producerId: media.mic });
  expect(await resumed).toEqual({ peerId: a.id, producerId: media.mic });
  expect(forwarding(a).mic).toBe(true);
  await a.waitForView((v) => v.participants.find((p) => p.id === a.id)?.mutedByFacilitator === false);
});

it('stop video pauses the camera on the server; the person can turn it back on', async () => {
  const f = await joinAs(server.url, 'sfu-3', 'Fran');
  const a = await joinAs(server.url, 'sfu-3', 'Ash');
  people = [f, a];
  const media = await sendMedia(a);
  const seen = nextEvent(f.socket, 'producerPaused');
  await sendOk(f, { type: 'stopVideo', target: a.id });
  expect(await seen).toEqual({ peerId: a.id, producerId: media.cam });
  await until(() => !forwarding(a).cam);
  await requestOk(a.socket, 'resumeProducer', { producerId: media.cam });
  expect(forwarding(a).cam).toBe(true);
});

it('removal and the end of the session close the media of those concerned', async () => {
  const f = await joinAs(server.url, 'sfu-4', 'Fran');
  const a = await joinAs(server.url, 'sfu-4', 'Ash');
  const b = await joinAs(server.url, 'sfu-4', 'Bea');
  people = [f, a, b];
  await sendMedia(b);
  const left = nextEvent(a.socket, 'peerLeft');
  await sendOk(f, { type: 'removeParticipant', target: b.id });
  expect(await left).toEqual({ peerId: b.id });
  expect(() => server.hearth.circles.roomOf(b.id)).toThrow();

  await sendOk(f, { type: 'endSession' });
  await until(() => server.hearth.circles.stats().peers === 0);
});
