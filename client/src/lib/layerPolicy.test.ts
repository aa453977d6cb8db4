import fc from 'fast-check';
import {
  EMPHASISED_VIDEO_PRIORITY,
  mergePreferences,
  preferenceChanges,
  spatialLayerFor,
  VIDEO_PRIORITY,
  videoPreferences,
  type TileVideoView,
} from './layerPolicy';

const view = (over: Partial<TileVideoView> = {}): TileVideoView => ({ width: 400, visible: true, steppedOut: false, emphasised: false, ...over });

describe('spatialLayerFor', () => {
  it.each([
    [1, 0],
    [172, 0],
    [320, 0],
    [321, 1],
    [640, 1],
    [641, 2],
    [1920, 2],
  ])('%i px → layer %i', (width, layer) => expect(spatialLayerFor(width)).toBe(layer));

  it('never picks a smaller layer for a wider tile', () => {
    fc.assert(fc.property(fc.nat(4000), fc.nat(4000), (a, b) => (a <= b ? spatialLayerFor(a) <= spatialLayerFor(b) : true)));
  });
});

describe('videoPreferences', () => {
  it('asks for the layer that fits, full frame rate, ordinary priority', () => {
    expect(videoPreferences(view({ width: 175 }))).toEqual({ paused: false, spatialLayer: 0, temporalLayer: 2, priority: VIDEO_PRIORITY });
    expect(videoPreferences(view({ width: 500 })).spatialLayer).toBe(1);
  });

  it('gives the speaker’s video the higher priority', () => {
    expect(videoPreferences(view({ width: 700, emphasised: true }))).toEqual({ paused: false, spatialLayer: 2, temporalLayer: 2, priority: EMPHASISED_VIDEO_PRIORITY });
  });

  it('pauses video nobody can see: off screen, stepped out, not laid out', () => {
    expect(videoPreferences(view({ visible: false }))).toEqual({ paused: true });
    expect(videoPreferences(view({ steppedOut: true }))).toEqual({ paused: true });
    expect(videoPreferences(view({ width: 0 }))).toEqual({ paused: true });
  });
});

describe('preferenceChanges', () => {
  it('sends everything the first time, then only what changed', () => {
    const first = videoPreferences(view({ width: 200 }));
    expect(preferenceChanges(undefined, first)).toEqual(first);
    expect(preferenceChanges(first, videoPreferences(view({ width: 250 })))).toBeUndefined();
    expect(preferenceChanges(first, videoPreferences(view({ width: 700 })))).toEqual({ spatialLayer: 2 });
  });

  it('pausing sends only paused; resuming sends only paused when the size did not change', () => {
    const shown = videoPreferences(view({ width: 200 }));
    const hidden = videoPreferences(view({ visible: false }));
    expect(preferenceChanges(shown, hidden)).toEqual({ paused: true });
    const sent = mergePreferences(shown, { paused: true });
    expect(sent).toEqual({ ...shown, paused: true });
    expect(preferenceChanges(sent, shown)).toEqual({ paused: false });
  });

  it('after any sequence of views, what was sent equals what the last view wants', () => {
    const views = fc.record({ width: fc.nat(1500), visible: fc.boolean(), steppedOut: fc.boolean(), emphasised: fc.boolean() });
    fc.assert(
      fc.property(fc.array(views, { minLength: 1, maxLength: 20 }), (seq) => {
        let sent: ReturnType<typeof mergePreferences> | undefined;
        for (const v of seq) {
          const changes = preferenceChanges(sent, videoPreferences(v));
          if (changes) sent = mergePreferences(sent, changes);
        }
        const want = videoPreferences(seq.at(-1)!);
        expect(sent!.paused).toBe(want.paused);
        if (!want.paused) expect(sent).toEqual(want);
      }),
    );
  });
});
