import { MUTED_MESSAGE, NUDGE_MESSAGE, REMOVED_MESSAGE, SESSION_ENDED_MESSAGE, UNMUTE_INVITE_MESSAGE } from '../lib/circleEvents';
import { RequestError } from '../net/request';
import { apply, joinedWith, myView, threePeople } from '../test/circleViews';
import { callNames, fakeServices, storeOnCirclePage, type FakeServices } from '../test/fakeServices';
import { REACTION_TTL_MS } from './rulesSlice';

async function joinedStore(services: FakeServices = fakeServices(), state = threePeople()) {
  const store = storeOnCirclePage(fakeServicesWith(services, state));
  await store.getState().startPreview();
  await store.getState().join('Me');
  services.calls.length = 0;
  return store;
}

/** `services`, answering joinCircle with a join into `state` unless the test overrode it. */
function fakeServicesWith(services: FakeServices, state: ReturnType<typeof threePeople>): FakeServices {
  const original = services.joinCircle;
  services.joinCircle = async (...args) => {
    const ack = await original(...args);
    return ack.circle.you ? ack : joinedWith(state);
  };
  return services;
}

afterEach(() => jest.useRealTimers());

describe('rules slice: the view', () => {
  it('keeps the newest view and drops stale ones', async () => {
    const store = await joinedStore();
    let s = threePeople();
    s = apply(s, 'a', { type: 'raiseHand' });
    const v1 = myView(s);
    s = apply(s, 'b', { type: 'raiseHand' });
    const v2 = myView(s);

    store.getState().onCircleState(v2);
    expect(store.getState().circle.view).toBe(v2);
    store.getState().onCircleState(v1); // arrived late
    expect(store.getState().circle.view).toBe(v2);
    store.getState().onCircleState({ ...v2 }); // same version again
    expect(store.getState().circle.view).toBe(v2);
    store.getState().onCircleState({ ...v2, circleId: 'other', version: 99 });
    expect(store.getState().circle.view).toBe(v2);
  });

  it('learns the server clock from a running timer', async () => {
    const store = await joinedStore();
    let s = apply(threePeople(), 'me', { type: 'setRules', rules: { turnLimitMs: 60_000 } });
    s = apply(s, 'me', { type: 'setMode', mode: 'queue' }, 2000);
    s = apply(s, 'a', { type: 'raiseHand' }, 2000);
    // The server computed remainingMs at its time 12_000 (10 s into a 60 s turn).
    const view = myView(s, 12_000);
    store.getState().circleViewChanged(view);
    store.getState().viewAccepted(view, 10_000);
    expect(store.getState().rules.clockOffsetMs).toBe(2_000);
  });

  it("turns the local mic off if the view says a facilitator muted us (never the reverse)", async () => {
    const services = fakeServices();
    let s = threePeople('member');
    s = apply(s, 'f', { type: 'muteParticipant', target: 'me' });
    const store = await joinedStore(services, threePeople('member'));
    expect(store.getState().media.mic.on).toBe(true);
    store.getState().onCircleState(myView(s));
    await Promise.resolve();
    expect(store.getState().media.mic.on).toBe(false);
    expect(services.calls).toContainEqual(['setMicOn', false]);

    // Unmuted in the rules: the mic stays off until the person chooses.
    store.getState().onCircleState(myView(apply(s, 'me', { type: 'unmuteSelf' })));
    expect(store.getState().media.mic.on).toBe(false);
  });

  it('closes the circle when the view says the session ended', async () => {
    const store = await joinedStore();
    store.getState().onCircleState(myView(apply(threePeople(), 'me', { type: 'endSession' })));
    expect(store.getState().circle.phase).toBe('idle');
    expect(store.getState().ui.farewell).toBe(SESSION_ENDED_MESSAGE);
  });
});

describe('rules slice: sending commands', () => {
  it('sends the command with a fresh UUID command id', async () => {
    const services = fakeServices();
    const store = await joinedStore(services);
    await expect(store.getState().sendCommand({ type: 'raiseHand' })).resolves.toBe(true);
    await store.getState().sendCommand({ type: 'raiseHand' });
    const sent = services.calls.filter(([n]) => n === 'circleCommand').map(([n, payload]) => {
      const { command, commandId } = payload as { command: unknown; commandId: string };
      return [n, command, commandId];
    });
    expect(sent).toHaveLength(2);
    expect(sent[0]?.[1]).toEqual({ type: 'raiseHand' });
    expect(sent[0]?.[2]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sent[1]?.[2]).not.toBe(sent[0]?.[2]);
    expect(store.getState().rules.pending).toEqual([]);
  });

  it('marks a command as pending while in flight', async () => {
    let release!: () => void;
    const services = fakeServices({ circleCommand: () => new Promise((r) => (release = () => r({ version: 2 }))) });
    const store = await joinedStore(services);
    const sending = store.getState().sendCommand({ type: 'pass' });
    expect(store.getState().rules.pending).toEqual(['pass']);
    release();
    await sending;
    expect(store.getState().rules.pending).toEqual([]);
  });

  it("shows the server's refusal in the error alerts", async () => {
    const services = fakeServices({
      circleCommand: async () => {
        throw new RequestError('NOT_YOUR_TURN', 'It is not your turn.');
      },
    });
    const store = await joinedStore(services);
    await expect(store.getState().sendCommand({ type: 'pass' })).resolves.toBe(false);
    expect(store.getState().ui.errors).toEqual([expect.objectContaining({ code: 'NOT_YOUR_TURN', message: 'It is not your turn.' })]);
    expect(store.getState().rules.pending).toEqual([]);
  });

  it('sends nothing outside a circle', async () => {
    const services = fakeServices();
    const store = storeOnCirclePage(services);
    await expect(store.getState().sendCommand({ type: 'raiseHand' })).resolves.toBe(false);
    expect(callNames(services)).not.toContain('circleCommand');
  });
});

describe('rules slice: events', () => {
  it('gives the speaker a private nudge that expires', async () => {
    jest.useFakeTimers();
    const store = await joinedStore();
    store.getState().onCircleEvent({ type: 'turnNudged', to: 'me', remainingMs: 30_000 });
    expect(store.getState().rules.notices).toEqual([expect.objectContaining({ kind: 'nudge', text: NUDGE_MESSAGE })]);
    jest.advanceTimersByTime(20_000);
    expect(store.getState().rules.notices).toEqual([]);
  });

  it('replaces the nudge with the overtime notice, and clears both when the turn ends', async () => {
    const store = await joinedStore();
    store.getState().onCircleEvent({ type: 'turnNudged', to: 'me', remainingMs: 30_000 });
    store.getState().onCircleEvent({ type: 'turnOvertime', to: 'me' });
    expect(store.getState().rules.notices.map((n) => n.kind)).toEqual(['overtime']);
    store.getState().onCircleEvent({ type: 'floorReleased', from: 'me', reason: 'finished' });
    expect(store.getState().rules.notices).toEqual([]);
  });

  it('a facilitator mute: notice, and the local mic is paused to match', async () => {
    const services = fakeServices();
    const store = await joinedStore(services);
    store.getState().onCircleEvent({ type: 'participantMuted', target: 'me', by: 'f' });
    await Promise.resolve();
    expect(store.getState().rules.notices).toEqual([expect.objectContaining({ kind: 'muted', text: MUTED_MESSAGE, action: null })]);
    expect(store.getState().media.mic.on).toBe(false);
    expect(services.calls).toContainEqual(['setMicOn', false]);

    store.getState().onCircleEvent({ type: 'participantUnmuted', target: 'me' });
    expect(store.getState().rules.notices).toEqual([]);
  });

  it('an invitation to unmute never unmutes by itself', async () => {
    const services = fakeServices();
    const store = await joinedStore(services);
    await store.getState().toggleMic();
    services.calls.length = 0;
    store.getState().onCircleEvent({ type: 'unmuteRequested', target: 'me', by: 'f' });
    expect(store.getState().rules.notices).toEqual([expect.objectContaining({ text: UNMUTE_INVITE_MESSAGE, action: 'unmute' })]);
    expect(store.getState().media.mic.on).toBe(false);
    expect(callNames(services)).toEqual([]);
  });

  it('a stopped video turns the camera off locally', async () => {
    const services = fakeServices();
    const store = await joinedStore(services);
    store.getState().onCircleEvent({ type: 'videoStopped', target: 'me', by: 'f' });
    await Promise.resolve();
    expect(store.getState().media.camera.on).toBe(false);
    expect(services.calls).toContainEqual(['setCameraOn', false]);
    expect(store.getState().rules.notices[0]).toMatchObject({ kind: 'videoStopped', action: 'startCamera' });
  });

  it('floats reactions on the sender for a few seconds', async () => {
    jest.useFakeTimers();
    const store = await joinedStore();
    store.getState().onCircleEvent({ type: 'reaction', from: 'a', kind: 'heart' });
    expect(store.getState().rules.reactions).toEqual([expect.objectContaining({ from: 'a', kind: 'heart' })]);
    expect(store.getState().ui.announcement).toBe('Ada: Heart');
    jest.advanceTimersByTime(REACTION_TTL_MS);
    expect(store.getState().rules.reactions).toEqual([]);
  });

  it('announces who has the floor', async () => {
    const store = await joinedStore();
    store.getState().onCircleEvent({ type: 'floorGranted', to: 'a', reason: 'round' });
    expect(store.getState().ui.announcement).toBe('Ada has the floor');
    store.getState().onCircleEvent({ type: 'floorGranted', to: 'me', reason: 'queue' });
    expect(store.getState().ui.announcement).toMatch(/^You have the floor/);
  });

  it('being removed closes the circle and says why, without calling the server', async () => {
    const services = fakeServices();
    const store = await joinedStore(services);
    store.getState().onCircleEvent({ type: 'participantRemoved', target: 'me', by: 'f' });
    expect(store.getState().circle.phase).toBe('idle');
    expect(store.getState().ui.farewell).toBe(REMOVED_MESSAGE);
    expect(store.getState().media.status).toBe('idle');
    expect(callNames(services)).toEqual(expect.arrayContaining(['teardownSession', 'releaseLocalMedia']));
    expect(callNames(services)).not.toContain('leaveCircle');
  });

  it('someone else being removed is only announced', async () => {
    const store = await joinedStore();
    store.getState().onCircleEvent({ type: 'participantRemoved', target: 'a', by: 'me' });
    expect(store.getState().circle.phase).toBe('joined');
    expect(store.getState().ui.announcement).toBe('Ada is no longer in the circle');
  });

  it('the end of the session closes the circle with thanks; leaving the page clears it', async () => {
    const store = await joinedStore();
    store.getState().onCircleEvent({ type: 'sessionEnded', by: 'f' });
    expect(store.getState().ui.farewell).toBe(SESSION_ENDED_MESSAGE);
    store.getState().routeChanged({ name: 'welcome' });
    expect(store.getState().ui.farewell).toBeNull();
  });

  it('ignores events outside a circle and clears notices on leaving', async () => {
    const store = await joinedStore();
    store.getState().onCircleEvent({ type: 'turnNudged', to: 'me', remainingMs: 30_000 });
    await store.getState().leave();
    expect(store.getState().rules.notices).toEqual([]);
    store.getState().onCircleEvent({ type: 'turnNudged', to: 'me', remainingMs: 30_000 });
    expect(store.getState().rules.notices).toEqual([]);
  });
});
