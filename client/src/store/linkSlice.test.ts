import { RequestError } from '../net/request';
import { callNames, fakeServices, storeOnCirclePage } from '../test/fakeServices';

const prefCalls = (services: ReturnType<typeof fakeServices>) => services.calls.filter(([n]) => n === 'setVisitPreferences').map(([, p]) => p);

describe('link slice', () => {
  it('tells the server nothing on a join with the defaults, and the preferences that differ otherwise, before media starts', async () => {
    const services = fakeServices({ recallLowerHandWhenSpeaking: () => true });
    const store = storeOnCirclePage(services);
    await store.getState().join('Ada');
    expect(prefCalls(services)).toEqual([{ audioOnly: false, lowerHandWhenSpeaking: true }]);
    const names = callNames(services);
    expect(names.indexOf('setVisitPreferences')).toBeLessThan(names.indexOf('startSession'));

    const plain = fakeServices();
    await storeOnCirclePage(plain).getState().join('Bo');
    expect(prefCalls(plain)).toEqual([]);
  });

  it('audio only is told to the server, remembered for the visit, kept on a rejoin and forgotten on a new visit', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await store.getState().join('Ada');
    await store.getState().setAudioOnly(true);
    expect(prefCalls(services)).toEqual([{ audioOnly: true }]);
    expect(services.calls.filter(([n]) => n === 'rememberAudioOnly').at(-1)).toEqual(['rememberAudioOnly', 'circle1']);

    // The connection drops and comes back: the rejoin sends it again before media starts.
    store.getState().onDisconnected();
    store.getState().onConnected();
    await new Promise((r) => setTimeout(r, 0));
    await store.getState().visitStarted('circle1', true);
    expect(prefCalls(services).at(-1)).toEqual({ audioOnly: true, lowerHandWhenSpeaking: false });

    // A new visit starts with video.
    await store.getState().visitStarted('circle1', false);
    expect(store.getState().visitPrefs.audioOnly).toBe(false);
  });

  it('after a reload, audio only comes back from the tab’s memory for the same circle only', async () => {
    const store = storeOnCirclePage(fakeServices({ recallAudioOnly: () => 'circle1' }));
    await store.getState().visitStarted('circle1', true);
    expect(store.getState().visitPrefs.audioOnly).toBe(true);
    const elsewhere = storeOnCirclePage(fakeServices({ recallAudioOnly: () => 'circle1' }));
    await elsewhere.getState().visitStarted('other', true);
    expect(elsewhere.getState().visitPrefs.audioOnly).toBe(false);
  });

  it('a change while not in the circle is only remembered; a refusal other than NOT_IN_CIRCLE is shown', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await store.getState().setLowerHandWhenSpeaking(true);
    expect(prefCalls(services)).toEqual([]);
    expect(services.calls).toContainEqual(['rememberLowerHandWhenSpeaking', true]);

    const refusing = fakeServices({ setVisitPreferences: async () => Promise.reject(new RequestError('UNAVAILABLE', 'busy')) });
    const s2 = storeOnCirclePage(refusing);
    await s2.getState().join('Ada');
    await s2.getState().setAudioOnly(true);
    expect(s2.getState().ui.errors.map((e) => e.code)).toContain('UNAVAILABLE');
  });

  it('a weak-link notice the person dismissed stays hidden until the link recovers and weakens again', () => {
    const store = storeOnCirclePage(fakeServices());
    store.getState().onDownlinkQuality(true);
    store.getState().dismissLinkNotice('downlink');
    store.getState().onDownlinkQuality(true);
    expect(store.getState().link).toMatchObject({ downlinkWeak: true, downlinkDismissed: true });
    store.getState().onDownlinkQuality(false);
    store.getState().onDownlinkQuality(true);
    expect(store.getState().link).toMatchObject({ downlinkWeak: true, downlinkDismissed: false });

    store.getState().uplinkChanged(true);
    store.getState().dismissLinkNotice('uplink');
    expect(store.getState().link).toMatchObject({ uplinkWeak: true, uplinkDismissed: true });
    store.getState().uplinkChanged(false);
    expect(store.getState().link).toMatchObject({ uplinkWeak: false, uplinkDismissed: false });
  });

  it('a new visit starts with calm links', async () => {
    const store = storeOnCirclePage(fakeServices());
    store.getState().onDownlinkQuality(true);
    await store.getState().join('Ada');
    expect(store.getState().link.downlinkWeak).toBe(false);
  });
});
