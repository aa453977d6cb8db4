import { fakeServices, joinedCircle, storeOnCirclePage } from '../test/fakeServices';

const mic = (producerId: string, paused = false) => ({ producerId, kind: 'audio' as const, source: 'mic' as const, paused });
const cam = (producerId: string, paused = false) => ({ producerId, kind: 'video' as const, source: 'camera' as const, paused });

function joinedStore() {
  const store = storeOnCirclePage(fakeServices());
  store.getState().circleJoined(joinedCircle([{ peerId: 'a', displayName: 'Ada', producers: [mic('pa1'), cam('pa2')] }]), 'Me');
  return store;
}

describe('circle slice', () => {
  it('takes self and peers from the join ack', () => {
    const { circle } = joinedStore().getState();
    expect(circle.selfId).toBe('me');
    expect(circle.displayName).toBe('Me');
    expect(circle.peerOrder).toEqual(['a']);
    expect(Object.keys(circle.peers.a?.producers ?? {})).toEqual(['pa1', 'pa2']);
  });

  it('keeps peers that were announced before the join ack arrived', () => {
    const store = storeOnCirclePage(fakeServices());
    store.getState().peerJoined({ peerId: 'early', displayName: 'Early', producers: [] });
    store.getState().circleJoined(joinedCircle([{ peerId: 'a', displayName: 'Ada', producers: [] }]), 'Me');
    expect(store.getState().circle.peerOrder).toEqual(['early', 'a']);
  });

  it('never lists ourselves as a peer', () => {
    const store = joinedStore();
    store.getState().peerJoined({ peerId: 'me', displayName: 'Me', producers: [] });
    expect(store.getState().circle.peers.me).toBeUndefined();
  });

  it('adds and removes peers, dropping their consumers', () => {
    const store = joinedStore();
    store.getState().peerJoined({ peerId: 'b', displayName: 'Bo', producers: [] });
    store.getState().consumerAdded({ consumerId: 'c1', producerId: 'pa1', peerId: 'a', kind: 'audio', source: 'mic' });
    expect(store.getState().circle.peerOrder).toEqual(['a', 'b']);

    store.getState().peerLeft('a');
    const { circle } = store.getState();
    expect(circle.peerOrder).toEqual(['b']);
    expect(circle.peers.a).toBeUndefined();
    expect(circle.consumers).toEqual({});
  });

  it('tracks producers being added, paused, resumed and closed', () => {
    const store = joinedStore();
    store.getState().producerAdded('a', cam('pa3'));
    store.getState().producerPausedChanged('a', 'pa1', true);
    expect(store.getState().circle.peers.a?.producers.pa1?.paused).toBe(true);
    store.getState().producerPausedChanged('a', 'pa1', false);
    expect(store.getState().circle.peers.a?.producers.pa1?.paused).toBe(false);

    store.getState().consumerAdded({ consumerId: 'c3', producerId: 'pa3', peerId: 'a', kind: 'video', source: 'camera' });
    store.getState().producerRemoved('a', 'pa3');
    expect(store.getState().circle.peers.a?.producers.pa3).toBeUndefined();
    expect(store.getState().circle.consumers.c3).toBeUndefined();
  });

  it('ignores updates for unknown peers', () => {
    const store = joinedStore();
    store.getState().producerAdded('ghost', mic('px'));
    store.getState().producerPausedChanged('ghost', 'px', true);
    expect(store.getState().circle.peers.ghost).toBeUndefined();
  });

  it('reset keeps the name and, when rejoining, the circle id', () => {
    const store = joinedStore();
    store.getState().circleReset('rejoining');
    expect(store.getState().circle).toMatchObject({ phase: 'rejoining', circleId: 'circle1', displayName: 'Me', peers: {}, selfId: null });
    store.getState().circleReset();
    expect(store.getState().circle).toMatchObject({ phase: 'idle', circleId: null, displayName: 'Me' });
  });
});
