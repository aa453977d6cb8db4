import { LEFT_MESSAGE } from '../lib/circleEvents';
import { RequestError } from '../net/request';
import { callNames, deferred, fakeServices, joinedCircle, storeOnCirclePage } from '../test/fakeServices';
import type { HearthServices } from './types';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const camA = { producerId: 'pa', kind: 'video' as const, source: 'camera' as const, paused: false };
const micA = { producerId: 'pm', kind: 'audio' as const, source: 'mic' as const, paused: false };

describe('visit slice: join and leave', () => {
  it('joins, consumes existing producers, starts the media session, then sends the devices', async () => {
    const services = fakeServices({
      joinCircle: async () => joinedCircle([{ peerId: 'a', displayName: 'Ada', producers: [micA, camA] }]),
    });
    const store = storeOnCirclePage(services);
    await store.getState().join('  Sam   Lee ');

    // Camera and mic are asked for with the join (not waited for: they are sent once they
    // come, here before the session is set up — a no-op then — and again after it).
    const names = callNames(services).filter((n) => n !== 'publishLocalTracks');
    expect(names).toEqual(['saveDisplayName', 'acquireLocalMedia', 'joinCircle', 'recallLowerHandWhenSpeaking', 'rememberAudioOnly', 'consume', 'consume', 'startSession', 'rememberVisit']);
    expect(callNames(services).slice(callNames(services).indexOf('startSession'))).toEqual(['startSession', 'publishLocalTracks', 'rememberVisit']);
    expect(services.calls.find(([n]) => n === 'joinCircle')).toEqual(['joinCircle', 'circle1', 'Sam Lee', null]);
    // The camera first: it is what someone joining waits to see.
    expect(services.calls.filter(([n]) => n === 'consume')).toEqual([
      ['consume', 'pa'],
      ['consume', 'pm'],
    ]);
    expect(store.getState().circle).toMatchObject({ phase: 'joined', selfId: 'me', displayName: 'Sam Lee' });
  });

  it('does not wait for a permission prompt: the devices are sent and remembered when they come', async () => {
    const devices = deferred<Awaited<ReturnType<HearthServices['acquireLocalMedia']>>>();
    const services = fakeServices({ acquireLocalMedia: () => devices.promise });
    const store = storeOnCirclePage(services);
    await store.getState().join('Sam');
    // In the circle with nothing to send yet.
    expect(store.getState().circle.phase).toBe('joined');
    expect(store.getState().media.status).toBe('requesting');
    expect(callNames(services)).not.toContain('publishLocalTracks');
    expect(services.calls.find(([n]) => n === 'rememberVisit')?.[1]).toMatchObject({ micOn: false, cameraOn: false });

    services.calls.length = 0;
    devices.resolve({ mic: true, camera: true, micProblem: null, cameraProblem: null });
    await flush();
    expect(callNames(services)).toEqual(['publishLocalTracks', 'rememberVisit']);
    expect(services.calls[1]?.[1]).toMatchObject({ micOn: true, cameraOn: true });
  });

  it('says so when the devices that came late cannot be sent', async () => {
    const devices = deferred<Awaited<ReturnType<HearthServices['acquireLocalMedia']>>>();
    const services = fakeServices({
      acquireLocalMedia: () => devices.promise,
      publishLocalTracks: async () => {
        throw new RequestError('MEDIA_ERROR', 'Could not send your camera.');
      },
    });
    const store = storeOnCirclePage(services);
    await store.getState().join('Sam');
    devices.resolve({ mic: true, camera: true, micProblem: null, cameraProblem: null });
    await flush();
    expect(store.getState().ui.errors).toEqual([expect.objectContaining({ code: 'MEDIA_ERROR', message: 'Could not send your camera.' })]);
    // Still in the circle: the others are seen and heard.
    expect(store.getState().circle.phase).toBe('joined');
  });

  it('refuses an empty name without calling the server', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await store.getState().join('   ');
    expect(callNames(services)).toEqual([]);
    expect(store.getState().ui.errors).toHaveLength(1);
    expect(store.getState().circle.phase).toBe('idle');
  });

  it('shows the server error and returns to the pre-join screen', async () => {
    const services = fakeServices({
      joinCircle: async () => {
        throw new RequestError('ROOM_FULL', 'This circle is full.');
      },
    });
    const store = storeOnCirclePage(services);
    await store.getState().join('Sam');
    expect(store.getState().circle.phase).toBe('idle');
    expect(store.getState().ui.errors).toEqual([expect.objectContaining({ code: 'ROOM_FULL', message: 'This circle is full.' })]);
    // Not joined server-side, so no leaveCircle.
    expect(callNames(services)).not.toContain('leaveCircle');
  });

  it('tells the server we left when media setup fails after joining', async () => {
    const services = fakeServices({
      startSession: async () => {
        throw new RequestError('MEDIA_ERROR', 'Transport failed');
      },
    });
    const store = storeOnCirclePage(services);
    await store.getState().join('Sam');
    expect(callNames(services)).toEqual(expect.arrayContaining(['teardownSession', 'leaveCircle']));
    expect(store.getState().circle.phase).toBe('idle');
    expect(store.getState().ui.errors[0]?.code).toBe('MEDIA_ERROR');
  });

  it('a leave during joining wins over the late join ack', async () => {
    const ack = deferred<ReturnType<typeof joinedCircle>>();
    const services = fakeServices({ joinCircle: () => ack.promise });
    const store = storeOnCirclePage(services);
    const joining = store.getState().join('Sam');
    expect(store.getState().circle.phase).toBe('joining');

    await store.getState().leave();
    ack.resolve(joinedCircle());
    await joining;
    expect(store.getState().circle.phase).toBe('idle');
    expect(callNames(services)).not.toContain('startSession');
    expect(store.getState().ui.errors).toEqual([]);
  });

  it('leave tears down media before telling the server, then releases camera and mic and says goodbye', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await store.getState().join('Sam');
    services.calls.length = 0;
    await store.getState().leave();
    expect(callNames(services)).toEqual(['forgetVisit', 'teardownSession', 'leaveCircle', 'releaseLocalMedia']);
    expect(store.getState().circle).toMatchObject({ phase: 'idle', peers: {}, selfId: null });
    expect(store.getState().media.status).toBe('idle');
    expect(store.getState().ui.farewell).toBe(LEFT_MESSAGE);
  });

  it('rejoins with the same name after the connection comes back', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await store.getState().join('Sam');
    store.getState().onDisconnected();
    expect(store.getState().circle.phase).toBe('rejoining');
    expect(store.getState().connection.status).toBe('reconnecting');

    services.calls.length = 0;
    store.getState().onConnected();
    await flush();
    // Same name, and the token from the first join so the server keeps us the same participant.
    expect(services.calls.find(([n]) => n === 'joinCircle')).toEqual(['joinCircle', 'circle1', 'Sam', 'token-of-me-0123456789']);
    expect(store.getState().circle.phase).toBe('joined');
  });

  it('rejoins at once when the server resets the circle media', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await store.getState().join('Sam');
    services.calls.length = 0;
    store.getState().onMediaReset('other-circle', 'worker died');
    expect(services.calls).toEqual([]);

    store.getState().onMediaReset('circle1', 'worker died');
    await flush();
    expect(services.calls.map(([n]) => n)).toEqual(['teardownSession', 'saveDisplayName', 'joinCircle', 'recallAudioOnly', 'recallLowerHandWhenSpeaking', 'startSession', 'publishLocalTracks', 'rememberVisit']);
    expect(services.calls[2]).toEqual(['joinCircle', 'circle1', 'Sam', 'token-of-me-0123456789']);
    expect(store.getState().circle.phase).toBe('joined');
  });

  it('keeps the circle on screen while the media is rebuilt, and retries a rejoin the server cannot take yet', async () => {
    let refusals = 2;
    const services = fakeServices({
      joinCircle: async () => {
        if (services.calls.filter(([n]) => n === 'joinCircle').length > 1 && refusals-- > 0) {
          throw new RequestError('UNAVAILABLE', 'The media server is not available; trying again shortly.');
        }
        return joinedCircle();
      },
    });
    const store = storeOnCirclePage(services);
    await store.getState().join('Sam');
    const view = store.getState().circle.view;
    store.getState().onMediaReset('circle1', 'worker died');
    await flush();
    // Never back to the pre-join screen: the view (our place) stays while we retry.
    expect(store.getState().circle.phase).toBe('rejoining');
    expect(store.getState().circle.view).toBe(view);
    expect(store.getState().ui.errors).toEqual([]);
    for (let i = 0; i < 40 && store.getState().circle.phase !== 'joined'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(store.getState().circle.phase).toBe('joined');
    expect(callNames(services).filter((n) => n === 'joinCircle')).toHaveLength(4);
  });

  it('keeps the tile of someone whose connection dropped, quietly, and drops it when they are gone', async () => {
    const services = fakeServices({ joinCircle: async () => joinedCircle([{ peerId: 'a', displayName: 'Ada', producers: [camA] }]) });
    const store = storeOnCirclePage(services);
    await store.getState().join('Sam');
    const announced = store.getState().ui.announcement;
    store.getState().onPeerLeft('a', true);
    expect(store.getState().circle.peers.a).toMatchObject({ displayName: 'Ada', reconnecting: true, producers: {} });
    expect(store.getState().ui.announcement).toBe(announced);
    store.getState().onPeerJoined({ peerId: 'a', displayName: 'Ada', producers: [], returning: true });
    expect(store.getState().circle.peers.a?.reconnecting).toBeUndefined();
    expect(store.getState().ui.announcement).toBe(announced);
  });

  it('stays out when another tab takes the visit over', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await store.getState().join('Sam');
    store.getState().onVisitMoved('circle1');
    expect(store.getState().circle.phase).toBe('idle');
    expect(callNames(services)).toContain('forgetVisit');
    store.getState().onConnected();
    await flush();
    expect(callNames(services).filter((n) => n === 'joinCircle')).toHaveLength(1);
  });

  it('after a reload inside the circle, rejoins by itself as the same participant with the same devices', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    store.getState().connectionChanged('connected');
    store.getState().resumeVisit({ circleId: 'circle1', rejoinToken: 'token-of-me-0123456789', displayName: 'Sam', micOn: false, cameraOn: true });
    for (let i = 0; i < 20 && store.getState().circle.phase !== 'joined'; i++) await flush();
    expect(services.calls.find(([n]) => n === 'joinCircle')).toEqual(['joinCircle', 'circle1', 'Sam', 'token-of-me-0123456789']);
    expect(services.calls.find(([n]) => n === 'setMicOn')).toEqual(['setMicOn', false]);
    expect(store.getState().media.mic.on).toBe(false);
    expect(store.getState().circle.phase).toBe('joined');
  });

  it('after a reload with the camera off, nothing is sent before the camera is turned off again', async () => {
    const devices = deferred<Awaited<ReturnType<HearthServices['acquireLocalMedia']>>>();
    const session = deferred<void>();
    const cameraOff = deferred<void>();
    let cameraIsOff = false;
    let publishedWithCamera = false;
    const services = fakeServices({
      acquireLocalMedia: () => devices.promise,
      startSession: () => session.promise,
      setCameraOn: async () => {
        await cameraOff.promise;
        cameraIsOff = true;
      },
      publishLocalTracks: async () => {
        if (!cameraIsOff) publishedWithCamera = true;
      },
    });
    const store = storeOnCirclePage(services);
    store.getState().resumeVisit({ circleId: 'circle1', rejoinToken: 'token-of-me-0123456789', displayName: 'Sam', micOn: true, cameraOn: false });
    await flush();
    // The devices come while the media is being set up, and turning the camera off takes a moment.
    devices.resolve({ mic: true, camera: true, micProblem: null, cameraProblem: null });
    await flush();
    session.resolve();
    await flush();
    cameraOff.resolve();
    for (let i = 0; i < 20 && store.getState().circle.phase !== 'joined'; i++) await flush();
    for (let i = 0; i < 20 && !callNames(services).includes('publishLocalTracks'); i++) await flush();
    expect(callNames(services)).toContain('publishLocalTracks');
    expect(publishedWithCamera).toBe(false);
    expect(store.getState().media).toMatchObject({ status: 'ready', mic: { on: true }, camera: { on: false, available: true } });
  });

  it('joins afresh if the server refuses the rejoin token', async () => {
    let calls = 0;
    const services = fakeServices({
      joinCircle: async (_circleId, _name, token) => {
        calls++;
        if (token) throw new RequestError('ALREADY_IN_CIRCLE', 'You are already in this circle.');
        return joinedCircle([], `me${calls}`);
      },
    });
    const store = storeOnCirclePage(services);
    await store.getState().join('Sam');
    store.getState().onDisconnected();
    store.getState().onConnected();
    await flush();
    expect(services.calls.filter(([n]) => n === 'joinCircle').map((c) => c[3])).toEqual([null, 'token-of-me1-0123456789', null]);
    expect(store.getState().circle).toMatchObject({ phase: 'joined', selfId: 'me3' });
    expect(store.getState().ui.errors).toEqual([]);
  });

  it('forgets the rejoin token after leaving', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await store.getState().join('Sam');
    await store.getState().leave();
    expect(store.getState().circle.rejoinToken).toBeNull();
    services.calls.length = 0;
    await store.getState().join('Sam');
    expect(services.calls.find(([n]) => n === 'joinCircle')?.[3]).toBeNull();
  });
});

describe('visit slice: notifications', () => {
  async function joined() {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await store.getState().join('Sam');
    services.calls.length = 0;
    return { services, store };
  }

  it('consumes new producers and updates the peer', async () => {
    const { services, store } = await joined();
    store.getState().onPeerJoined({ peerId: 'a', displayName: 'Ada', producers: [] });
    store.getState().onNewProducer({ peerId: 'a', ...camA });
    expect(services.calls).toEqual([['consume', 'pa']]);
    expect(store.getState().circle.peers.a?.producers.pa).toEqual(camA);
    expect(store.getState().ui.announcement).toBe('Ada joined');
  });

  it('closes consumers of a closed producer and of a peer who left', async () => {
    const { services, store } = await joined();
    store.getState().onPeerJoined({ peerId: 'a', displayName: 'Ada', producers: [camA] });
    store.getState().consumerAdded({ consumerId: 'c1', producerId: 'pa', peerId: 'a', kind: 'video', source: 'camera' });
    services.calls.length = 0;

    store.getState().onProducerClosed('a', 'pa');
    expect(services.calls).toEqual([['closeConsumer', 'c1']]);
    expect(store.getState().circle.consumers).toEqual({});

    store.getState().consumerAdded({ consumerId: 'c2', producerId: 'pb', peerId: 'a', kind: 'audio', source: 'mic' });
    services.calls.length = 0;
    store.getState().onPeerLeft('a');
    expect(services.calls).toEqual([['closeConsumer', 'c2']]);
    expect(store.getState().circle.peerOrder).toEqual([]);
    expect(store.getState().ui.announcement).toBe('Ada left');
  });

  it('marks producers paused and resumed', async () => {
    const { store } = await joined();
    store.getState().onPeerJoined({ peerId: 'a', displayName: 'Ada', producers: [camA] });
    store.getState().onProducerPaused('a', 'pa', true);
    expect(store.getState().circle.peers.a?.producers.pa?.paused).toBe(true);
    store.getState().onProducerPaused('a', 'pa', false);
    expect(store.getState().circle.peers.a?.producers.pa?.paused).toBe(false);
  });

  it('keeps only the newest circle view', async () => {
    const { store } = await joined();
    const base = store.getState().circle.view!;
    store.getState().onCircleState({ ...base, version: base.version + 2, locked: true });
    store.getState().onCircleState({ ...base, version: base.version + 1, locked: false });
    expect(store.getState().circle.view).toMatchObject({ version: base.version + 2, locked: true });
    store.getState().onCircleState({ ...base, circleId: 'elsewhere', version: 99 });
    expect(store.getState().circle.view?.circleId).toBe('circle1');
  });

  it('ignores notifications outside a circle', () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    store.getState().onPeerJoined({ peerId: 'a', displayName: 'Ada', producers: [camA] });
    store.getState().onNewProducer({ peerId: 'a', ...camA });
    expect(services.calls).toEqual([]);
    expect(store.getState().circle.peers).toEqual({});
  });
});
