import type { TileVideoView } from '../lib/layerPolicy';
import { RequestError } from '../net/request';
import { deferred, fakeServices, storeOnCirclePage } from '../test/fakeServices';

const view = (over: Partial<TileVideoView> = {}): TileVideoView => ({ width: 200, visible: true, steppedOut: false, emphasised: false, ...over });
const sent = (services: ReturnType<typeof fakeServices>) =>
  services.calls
    .filter(([n]) => n === 'setConsumerPreferences')
    .map(([, payload]) => {
      const { consumerId, ...preferences } = payload as { consumerId: string };
      return [consumerId, preferences];
    });

describe('receive slice', () => {
  it('asks for the layer that fits the tile, then only for what changes', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await store.getState().videoViewed('c1', view({ width: 172 }));
    await store.getState().videoViewed('c1', view({ width: 180 }));
    await store.getState().videoViewed('c1', view({ width: 900, emphasised: true }));
    expect(sent(services)).toEqual([
      ['c1', { paused: false, spatialLayer: 0, temporalLayer: 2, priority: 10 }],
      ['c1', { spatialLayer: 2, priority: 100 }],
    ]);
    expect(store.getState().receive.videoPreferences.c1).toEqual({ paused: false, spatialLayer: 2, temporalLayer: 2, priority: 100 });
  });

  it('pauses a video scrolled away or stepped out, and resumes it as it was', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await store.getState().videoViewed('c1', view());
    await store.getState().videoViewed('c1', view({ visible: false }));
    await store.getState().videoViewed('c1', view({ steppedOut: true }));
    await store.getState().videoViewed('c1', view());
    expect(sent(services).slice(1)).toEqual([['c1', { paused: true }], ['c1', { paused: false }]]);
  });

  it('compares with what is in flight, not with what was acknowledged', async () => {
    const first = deferred<null>();
    const services = fakeServices({ setConsumerPreferences: () => first.promise });
    const store = storeOnCirclePage(services);
    const pending = store.getState().videoViewed('c1', view());
    await store.getState().videoViewed('c1', view({ width: 210 })).catch(() => undefined);
    first.resolve(null);
    await pending;
    expect(sent(services)).toHaveLength(1);
  });

  it('forgets a consumer whose request failed (here: the server no longer has it), so the next report resends all', async () => {
    let fail: Error | null = new RequestError('NOT_FOUND', 'no such consumer');
    const services = fakeServices({
      setConsumerPreferences: async () => {
        if (fail) throw fail;
        return null;
      },
    });
    const store = storeOnCirclePage(services);
    await store.getState().videoViewed('gone', view());
    expect(store.getState().receive.videoPreferences).toEqual({});
    fail = null;
    await store.getState().videoViewed('gone', view());
    expect(sent(services)[1]).toEqual(['gone', { paused: false, spatialLayer: 0, temporalLayer: 2, priority: 10 }]);
  });

  it('remembers who the SFU hears most', () => {
    const store = storeOnCirclePage(fakeServices());
    expect(store.getState().receive.activeSpeakerId).toBeNull();
    store.getState().onActiveSpeaker('a');
    const before = store.getState().receive;
    store.getState().onActiveSpeaker('a');
    expect(store.getState().receive).toBe(before);
    store.getState().onActiveSpeaker('b');
    expect(store.getState().receive.activeSpeakerId).toBe('b');
  });

  it('forgets a tile that went away without asking anything', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await store.getState().videoViewed('c1', view());
    store.getState().videoUnviewed('c1');
    store.getState().videoUnviewed('never-seen');
    expect(store.getState().receive.videoPreferences).toEqual({});
    expect(sent(services)).toHaveLength(1);
  });
});
