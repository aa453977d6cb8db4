import { fakeServices, joinedCircle, storeOnCirclePage } from '../test/fakeServices';
import { apply, joinedWith, myView, threePeople } from '../test/circleViews';
import { LOCAL_CAMERA_KEY, buildCircleTiles, consumersByPeer, selectTiles, snapshot, type TileModel } from './selectors';

async function setup() {
  const store = storeOnCirclePage(fakeServices());
  await store.getState().startPreview();
  store.getState().circleJoined(
    joinedCircle([
      {
        peerId: 'a',
        displayName: 'Ada',
        producers: [
          { producerId: 'pa-mic', kind: 'audio', source: 'mic', paused: false },
          { producerId: 'pa-cam', kind: 'video', source: 'camera', paused: false },
        ],
      },
      { peerId: 'b', displayName: 'Bo', producers: [] },
    ]),
    'Me',
  );
  return store;
}

describe('selectTiles', () => {
  it('puts ourselves first, marked as self, with the local camera', async () => {
    const tiles = selectTiles((await setup()).getState());
    expect(tiles.map((t) => [t.peerId, t.isSelf])).toEqual([
      ['me', true],
      ['a', false],
      ['b', false],
    ]);
    expect(tiles[0]).toMatchObject({ displayName: 'Me', muted: false, cameraOff: false, videoKey: LOCAL_CAMERA_KEY, audioKey: null });
  });

  it('keeps the others by name, without media, while our own connection comes back', async () => {
    const store = await setup();
    store.getState().circleJoined(joinedWith(threePeople()), 'Me');
    store.getState().circleSuspended();
    const waiting = selectTiles(store.getState());
    expect(waiting.map((t) => [t.peerId, t.displayName, t.isSelf])).toEqual([
      ['me', 'Me', true],
      ['a', 'Ada', false],
      ['b', 'Bo', false],
    ]);
    // Not said to be muted or off camera: we just do not receive them yet ("Connecting video…").
    expect(waiting[1]).toMatchObject({ cameraOff: false, muted: false, videoKey: null, audioKey: null, waiting: true });
    // Back in: the join's peers are the tiles again (no one twice).
    store.getState().circleJoined(joinedCircle([{ peerId: 'a', displayName: 'Ada', producers: [] }]), 'Me');
    store.getState().setCirclePhase('joined');
    expect(selectTiles(store.getState()).map((t) => t.peerId)).toEqual(['me', 'a']);
  });

  it('treats absent producers as muted and camera off', async () => {
    const bo = selectTiles((await setup()).getState())[2];
    expect(bo).toMatchObject({ muted: true, cameraOff: true, videoKey: null, audioKey: null });
  });

  it('shows video and plays audio only once consumers exist', async () => {
    const store = await setup();
    expect(selectTiles(store.getState())[1]).toMatchObject({ muted: false, cameraOff: false, videoKey: null, audioKey: null });
    store.getState().consumerAdded({ consumerId: 'cv', producerId: 'pa-cam', peerId: 'a', kind: 'video', source: 'camera' });
    store.getState().consumerAdded({ consumerId: 'ca', producerId: 'pa-mic', peerId: 'a', kind: 'audio', source: 'mic' });
    expect(selectTiles(store.getState())[1]).toMatchObject({ videoKey: 'cv', audioKey: 'ca' });
    expect(Object.keys(consumersByPeer(store.getState().circle))).toEqual(['a']);
  });

  it('reflects paused producers', async () => {
    const store = await setup();
    store.getState().consumerAdded({ consumerId: 'cv', producerId: 'pa-cam', peerId: 'a', kind: 'video', source: 'camera' });
    store.getState().producerPausedChanged('a', 'pa-mic', true);
    store.getState().producerPausedChanged('a', 'pa-cam', true);
    expect(selectTiles(store.getState())[1]).toMatchObject({ muted: true, cameraOff: true, videoKey: null });
  });

  it('reflects our own mute and camera toggles', async () => {
    const store = await setup();
    await store.getState().toggleMic();
    await store.getState().toggleCamera();
    expect(selectTiles(store.getState())[0]).toMatchObject({ muted: true, cameraOff: true, videoKey: null });
  });

  it('returns the same array while nothing relevant changed', async () => {
    const store = await setup();
    const first = selectTiles(store.getState());
    store.getState().announce('unrelated');
    expect(selectTiles(store.getState())).toBe(first);
  });
});

describe('snapshot', () => {
  it('is plain data without actions', async () => {
    const snap = snapshot((await setup()).getState());
    expect(Object.keys(snap).sort()).toEqual(['access', 'circle', 'connection', 'link', 'lobby', 'media', 'receive', 'rules', 'ui', 'visitPrefs']);
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
  });
});

describe('buildCircleTiles', () => {
  const tile = (peerId: string, isSelf = false): TileModel => ({ peerId, displayName: peerId, isSelf, cameraOff: false, muted: false, videoKey: null, audioKey: null });

  it('orders tiles by seating and adds floor, hand and presence', () => {
    let s = threePeople();
    s = apply(s, 'me', { type: 'setSeating', order: ['b', 'me', 'a'] });
    s = apply(s, 'me', { type: 'setMode', mode: 'queue' });
    s = apply(s, 'a', { type: 'raiseHand' }); // gets the floor at once
    s = apply(s, 'b', { type: 'raiseHand' });
    const tiles = buildCircleTiles([tile('me', true), tile('a'), tile('late'), tile('b')], myView(s));
    expect(tiles.map((t) => t.peerId)).toEqual(['b', 'me', 'a', 'late']);
    expect(tiles.map((t) => [t.floor, t.hand?.place ?? null])).toEqual([
      [false, 1],
      [false, null],
      [true, null],
      [false, null],
    ]);
    expect(tiles[3]).toMatchObject({ presence: 'present', role: null, needsMoment: null });
  });

  it('marks the active speaker in open floor only, and never while muted', () => {
    const s = threePeople();
    const people = [tile('me', true), tile('a'), { ...tile('b'), muted: true }];
    const speaking = (state: typeof s, who: string) => buildCircleTiles(people, myView(state), who).filter((t) => t.speaking).map((t) => t.peerId);
    expect(speaking(s, 'a')).toEqual(['a']);
    expect(speaking(s, 'b')).toEqual([]);
    expect(buildCircleTiles(people, myView(s)).some((t) => t.speaking)).toBe(false);
    // Structured modes show who holds the floor instead.
    expect(speaking(apply(s, 'me', { type: 'setMode', mode: 'queue' }), 'a')).toEqual([]);
  });
});
