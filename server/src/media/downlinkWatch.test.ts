import type { types } from 'mediasoup';
import { DownlinkWatch, videoReduced, type VideoConsumerReading } from './downlinkWatch';
import { Peer } from './peer';

const full: VideoConsumerReading = { paused: false, producerPaused: false, preferredSpatialLayer: 2, currentSpatialLayer: 2, producerScores: [10, 10, 10] };

describe('videoReduced', () => {
  it('is false when the layer the tile asks for is forwarded', () => {
    expect(videoReduced(full)).toBe(false);
    expect(videoReduced({ ...full, preferredSpatialLayer: 0, currentSpatialLayer: 0 })).toBe(false);
  });

  it('is true when a lower layer than the sender delivers is forwarded, or none', () => {
    expect(videoReduced({ ...full, currentSpatialLayer: 1 })).toBe(true);
    expect(videoReduced({ ...full, currentSpatialLayer: undefined })).toBe(true);
  });

  it('does not blame the receiver for what the sender does not deliver', () => {
    // The sender's top layer is not arriving: its middle layer is all there is.
    expect(videoReduced({ ...full, currentSpatialLayer: 1, producerScores: [10, 9, 0] })).toBe(false);
    expect(videoReduced({ ...full, currentSpatialLayer: 0, producerScores: [10, 9, 0] })).toBe(true);
    // Nothing arrives from the sender at all.
    expect(videoReduced({ ...full, currentSpatialLayer: undefined, producerScores: [0, 0, 0] })).toBe(false);
  });

  it('ignores paused and single-layer videos', () => {
    expect(videoReduced({ ...full, currentSpatialLayer: undefined, paused: true })).toBe(false);
    expect(videoReduced({ ...full, currentSpatialLayer: undefined, producerPaused: true })).toBe(false);
    expect(videoReduced({ ...full, currentSpatialLayer: undefined, preferredSpatialLayer: undefined })).toBe(false);
  });
});

/** A consumer as mediasoup's Node side keeps it, with only what the watch reads. */
function fakeConsumer(reading: VideoConsumerReading): types.Consumer {
  return {
    kind: 'video',
    type: 'simulcast',
    closed: false,
    paused: reading.paused,
    producerPaused: reading.producerPaused,
    preferredLayers: reading.preferredSpatialLayer === undefined ? undefined : { spatialLayer: reading.preferredSpatialLayer, temporalLayer: 2 },
    currentLayers: reading.currentSpatialLayer === undefined ? undefined : { spatialLayer: reading.currentSpatialLayer, temporalLayer: 2 },
    score: { score: 10, producerScore: 10, producerScores: reading.producerScores },
  } as unknown as types.Consumer;
}

describe('DownlinkWatch', () => {
  const policy = { sampleMs: 1000, weakAfter: 3, recoveredAfter: 4 };

  it('tells a receiver once when their video has been reduced a while, and once when it is back', () => {
    const ada = new Peer('ada', 'Ada');
    const bo = new Peer('bo', 'Bo');
    const reduced = fakeConsumer({ ...full, currentSpatialLayer: 0 });
    ada.consumers.set('c1', reduced);
    bo.consumers.set('c2', fakeConsumer(full));
    const told: Array<[string, boolean]> = [];
    const watch = new DownlinkWatch(() => [ada, bo], (peerId, weak) => told.push([peerId, weak]), policy);
    for (let i = 0; i < 5; i++) watch.sample();
    expect(told).toEqual([['ada', true]]);
    ada.consumers.set('c1', fakeConsumer(full));
    for (let i = 0; i < 3; i++) watch.sample();
    expect(told).toEqual([['ada', true]]);
    watch.sample();
    expect(told).toEqual([['ada', true], ['ada', false]]);
  });

  it('never calls someone in audio-only mode weak', () => {
    const ada = new Peer('ada', 'Ada');
    ada.audioOnly = true;
    ada.consumers.set('c1', fakeConsumer({ ...full, currentSpatialLayer: undefined }));
    const told: unknown[] = [];
    const watch = new DownlinkWatch(() => [ada], (...args) => told.push(args), policy);
    for (let i = 0; i < 10; i++) watch.sample();
    expect(told).toEqual([]);
  });

  it('starts afresh for a rejoin (a new Peer)', () => {
    let ada = new Peer('ada', 'Ada');
    ada.consumers.set('c1', fakeConsumer({ ...full, currentSpatialLayer: 0 }));
    const told: Array<[string, boolean]> = [];
    const watch = new DownlinkWatch(() => [ada], (peerId, weak) => told.push([peerId, weak]), policy);
    for (let i = 0; i < 2; i++) watch.sample();
    ada = new Peer('ada', 'Ada');
    ada.consumers.set('c1', fakeConsumer({ ...full, currentSpatialLayer: 0 }));
    for (let i = 0; i < 2; i++) watch.sample();
    expect(told).toEqual([]);
    watch.sample();
    expect(told).toEqual([['ada', true]]);
  });
});
