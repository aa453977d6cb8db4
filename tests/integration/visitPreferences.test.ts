import type { types } from 'mediasoup';
import { request, requestOk, useTestServer } from '../helpers/server';
import { audioRtpParameters, simulcastVideoRtpParameters } from '../helpers/rtp';

jest.setTimeout(30_000);

const test = useTestServer();
let circleSeq = 0;


/** Ada sends a camera and a mic; Bo is ready to receive (a recv transport, capabilities). */
async function circle() {
  const circleId = `visit-prefs-${++circleSeq}`;
  const a = await test.client();
  const b = await test.client();
  await requestOk(a, 'joinCircle', { circleId, displayName: 'Ada' });
  const joinedB = await requestOk(b, 'joinCircle', { circleId, displayName: 'Bo' });
  const send = await requestOk(a, 'createTransport', { direction: 'send' });
  const { producerId: cam } = await requestOk(a, 'produce', { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: simulcastVideoRtpParameters() });
  const { producerId: mic } = await requestOk(a, 'produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters() });
  await requestOk(b, 'createTransport', { direction: 'recv' });
  await requestOk(b, 'setRtpCapabilities', { rtpCapabilities: joinedB.routerRtpCapabilities });
  const peer = test.server().hearth.circles.roomOf(joinedB.peerId).peers.get(joinedB.peerId)!;
  /** Consumes and resumes one of Ada's producers as Bo; the server's consumer. */
  const receive = async (producerId: string): Promise<types.Consumer> => {
    const { id } = await requestOk(b, 'consume', { producerId });
    await requestOk(b, 'resumeConsumer', { consumerId: id });
    return peer.consumers.get(id)!;
  };
  return { a, b, cam, mic, receive, peer };
}

it('audio only pauses every video consumer at the SFU (new ones too) and leaves audio alone; off resumes them', async () => {
  const { b, cam, mic, receive } = await circle();
  const video = await receive(cam);
  expect(video.paused).toBe(false);
  expect(await requestOk(b, 'setVisitPreferences', { audioOnly: true })).toEqual({ audioOnly: true, lowerHandWhenSpeaking: false });
  expect(video.paused).toBe(true);
  const audio = await receive(mic);
  expect(audio.paused).toBe(false);

  // A tile asking for the video while audio only is on does not get it.
  await requestOk(b, 'setConsumerPreferences', { consumerId: video.id, paused: false, spatialLayer: 1 });
  expect(video.paused).toBe(true);

  expect(await requestOk(b, 'setVisitPreferences', { audioOnly: false })).toEqual({ audioOnly: false, lowerHandWhenSpeaking: false });
  expect(video.paused).toBe(false);
  expect(audio.paused).toBe(false);
});

it('a video consumer created in audio only stays paused after its resume', async () => {
  const { b, cam, receive } = await circle();
  await requestOk(b, 'setVisitPreferences', { audioOnly: true });
  const video = await receive(cam);
  expect(video.paused).toBe(true);
  // A tile out of sight stays paused when audio only ends.
  await requestOk(b, 'setConsumerPreferences', { consumerId: video.id, paused: true });
  await requestOk(b, 'setVisitPreferences', { audioOnly: false });
  expect(video.paused).toBe(true);
});

it('only the fields given change; bad requests get a typed error and change nothing', async () => {
  const { b, peer } = await circle();
  expect(await requestOk(b, 'setVisitPreferences', { lowerHandWhenSpeaking: true })).toEqual({ audioOnly: false, lowerHandWhenSpeaking: true });
  for (const payload of [{}, { audioOnly: 'yes' }, { audioOnly: true, extra: 1 }, null, { lowerHandWhenSpeaking: 1 }]) {
    const ack = await request(b, 'setVisitPreferences', payload);
    expect(ack.ok ? 'ok' : ack.error.code).toBe('INVALID_PAYLOAD');
  }
  expect({ audioOnly: peer.audioOnly, lowerHandWhenSpeaking: peer.lowerHandWhenSpeaking }).toEqual({ audioOnly: false, lowerHandWhenSpeaking: true });

  const outsider = await test.client();
  const ack = await request(outsider, 'setVisitPreferences', { audioOnly: true });
  expect(ack.ok ? 'ok' : ack.error.code).toBe('NOT_IN_CIRCLE');
});
