import type { types } from 'mediasoup';
import { request, requestOk, useTestServer, type TestSocket } from '../helpers/server';
import { audioRtpParameters, simulcastVideoRtpParameters, videoRtpParameters } from '../helpers/rtp';
import { AUDIO_CONSUMER_PRIORITY, INITIAL_SPATIAL_LAYER } from '../../server/src/media/room';

jest.setTimeout(30_000);

const test = useTestServer();
let circleSeq = 0;


/** Ada sends a camera (simulcast unless told) and a mic; Bo consumes both. */
async function circleWithMedia(opts: { simulcast?: boolean; layers?: number } = {}) {
  const circleId = `prefs-${++circleSeq}`;
  const a = await test.client();
  const b = await test.client();
  await requestOk(a, 'joinCircle', { circleId, displayName: 'Ada' });
  const joinedB = await requestOk(b, 'joinCircle', { circleId, displayName: 'Bo' });
  const send = await requestOk(a, 'createTransport', { direction: 'send' });
  const rtpParameters = opts.simulcast === false ? videoRtpParameters() : simulcastVideoRtpParameters(opts.layers);
  const { producerId: cam } = await requestOk(a, 'produce', { transportId: send.id, kind: 'video', source: 'camera', rtpParameters });
  const { producerId: mic } = await requestOk(a, 'produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters() });
  await requestOk(b, 'createTransport', { direction: 'recv' });
  await requestOk(b, 'setRtpCapabilities', { rtpCapabilities: joinedB.routerRtpCapabilities });
  const video = await requestOk(b, 'consume', { producerId: cam });
  const audio = await requestOk(b, 'consume', { producerId: mic });
  const consumers = test.server().hearth.circles.roomOf(joinedB.peerId).peers.get(joinedB.peerId)!.consumers;
  const onServer = (id: string): types.Consumer => consumers.get(id)!;
  return { a, b, video: onServer(video.id), audio: onServer(audio.id) };
}

it('starts video consumers at the middle layer and audio at the top priority', async () => {
  const { video, audio } = await circleWithMedia();
  expect(video.type).toBe('simulcast');
  expect(video.preferredLayers?.spatialLayer).toBe(INITIAL_SPATIAL_LAYER);
  expect(audio.priority).toBe(AUDIO_CONSUMER_PRIORITY);
  expect(video.priority).toBe(1);
});

it('sets the layer the tile needs and the priority', async () => {
  const { b, video } = await circleWithMedia();
  await requestOk(b, 'setConsumerPreferences', { consumerId: video.id, spatialLayer: 0, temporalLayer: 1 });
  expect(video.preferredLayers).toEqual({ spatialLayer: 0, temporalLayer: 1 });
  await requestOk(b, 'setConsumerPreferences', { consumerId: video.id, spatialLayer: 2, priority: 200 });
  expect(video.preferredLayers?.spatialLayer).toBe(2);
  expect(video.priority).toBe(200);
  // Only the temporal layer: the spatial one stays.
  await requestOk(b, 'setConsumerPreferences', { consumerId: video.id, temporalLayer: 0 });
  expect(video.preferredLayers).toEqual({ spatialLayer: 2, temporalLayer: 0 });
});

it('clamps the layer to those the sender sends', async () => {
  const { b, video } = await circleWithMedia({ layers: 2 });
  await requestOk(b, 'setConsumerPreferences', { consumerId: video.id, spatialLayer: 2 });
  expect(video.preferredLayers?.spatialLayer).toBe(1);
});

it('accepts layers for a single-stream video without changing anything', async () => {
  const { b, video } = await circleWithMedia({ simulcast: false });
  expect(video.type).toBe('simple');
  await requestOk(b, 'setConsumerPreferences', { consumerId: video.id, spatialLayer: 0 });
  expect(video.preferredLayers).toBeUndefined();
});

it('keeps a consumer paused while unwanted, whichever of resume and pause comes first', async () => {
  const { b, video, audio } = await circleWithMedia();
  // Out of sight before the client even resumed it: it stays paused after the resume.
  await requestOk(b, 'setConsumerPreferences', { consumerId: video.id, paused: true });
  await requestOk(b, 'resumeConsumer', { consumerId: video.id });
  expect(video.paused).toBe(true);
  await requestOk(b, 'setConsumerPreferences', { consumerId: video.id, paused: false });
  expect(video.paused).toBe(false);
  await requestOk(b, 'setConsumerPreferences', { consumerId: video.id, paused: true });
  expect(video.paused).toBe(true);
  // Wanted before it was resumed: still paused until the client is ready for it.
  await requestOk(b, 'setConsumerPreferences', { consumerId: audio.id, paused: false });
  expect(audio.paused).toBe(true);
  await requestOk(b, 'resumeConsumer', { consumerId: audio.id });
  expect(audio.paused).toBe(false);
});

it('refuses bad requests with a typed error and changes nothing', async () => {
  const { a, b, video, audio } = await circleWithMedia();
  const before = { layers: video.preferredLayers, priority: video.priority, paused: video.paused };
  const cases: Array<[TestSocket, unknown, string]> = [
    [b, { consumerId: video.id }, 'INVALID_PAYLOAD'],
    [b, { consumerId: video.id, spatialLayer: 3 }, 'INVALID_PAYLOAD'],
    [b, { consumerId: video.id, spatialLayer: 1.5 }, 'INVALID_PAYLOAD'],
    [b, { consumerId: video.id, priority: 0 }, 'INVALID_PAYLOAD'],
    [b, { consumerId: video.id, paused: 'yes' }, 'INVALID_PAYLOAD'],
    [b, { consumerId: video.id, spatialLayer: 0, extra: 1 }, 'INVALID_PAYLOAD'],
    [b, { consumerId: audio.id, spatialLayer: 0 }, 'INVALID_PAYLOAD'],
    [b, { consumerId: 'nope', paused: true }, 'NOT_FOUND'],
    // Ada may not steer Bo's consumers.
    [a, { consumerId: video.id, paused: true }, 'NOT_FOUND'],
  ];
  for (const [socket, payload, code] of cases) {
    const ack = await request(socket, 'setConsumerPreferences', payload);
    expect(ack.ok ? 'ok' : ack.error.code).toBe(code);
  }
  expect({ layers: video.preferredLayers, priority: video.priority, paused: video.paused }).toEqual(before);
});
