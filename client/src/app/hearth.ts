import { recallAudioOnly, recallLowerHandWhenSpeaking, rememberAudioOnly, rememberLowerHandWhenSpeaking } from '../lib/linkMemory';
import { parseRoute } from '../lib/route';
import { UPLINK_POLICY, uplinkTracker, type UplinkSample } from '../lib/uplinkPolicy';
import { forgetDisplayName, saveDisplayName } from '../lib/storage';
import { forgetVisit, recallVisit, rememberVisit } from '../lib/visitMemory';
import { PreparedDevice } from '../media/device';
import { LocalMedia } from '../media/localMedia';
import { MediaSession } from '../media/session';
import type { FrameSize, HearthStats, IceRoute } from '../media/stats';
import { TrackRegistry } from '../media/tracks';
import { createApiClient } from '../net/api';
import { bindSocket } from '../net/bindSocket';
import { createHearthApi, type HearthApi } from '../net/endpoints';
import { createRequest, type RequestFn } from '../net/request';
import { nodeRoute, type ManagerTarget } from '../net/nodeRoute';
import { createSocket, socketAckTransport } from '../net/socket';
import { createHearthStore, type HearthStore } from '../store/createStore';
import { snapshot } from '../store/selectors';
import type { HearthServices } from '../store/types';

/** The running client: one store, one socket, one media session. */
export interface Hearth {
  store: HearthStore;
  tracks: TrackRegistry;
  request: RequestFn;
  api: HearthApi;
}

/** Test hook read by the end-to-end tests (tests/e2e, through tests/helpers/e2e.ts). */
export interface HearthTestHook {
  stats(): Promise<HearthStats>;
  /** The ICE route of each open transport (relay through TURN or direct). */
  iceRoutes(): Promise<IceRoute[]>;
  /** Each remote peer's video frame size as decoded now (which simulcast layer arrives). */
  videoFrames(): Promise<Record<string, FrameSize | null>>;
  state(): ReturnType<typeof snapshot>;
  /** The browser's estimate of our uplink and whether camera video is sent (what the uplink watch reads). */
  uplink(): Promise<UplinkSample>;
  /** Local camera and microphone tracks still capturing (0 once they are released). */
  liveLocalTracks(): number;
}

declare global {
  interface Window {
    __hearth?: HearthTestHook;
  }
}

/**
 * Wires everything together once, at startup: creates the store with real services,
 * opens the socket, follows the browser history, and exposes `window.__hearth`.
 */
export function startHearth(): Hearth {
  const tracks = new TrackRegistry();
  const socket = createSocket();
  // Follows MOVED to a circle's home, and back to the entry when that node is gone.
  const route = nodeRoute(socket.io as unknown as ManagerTarget);
  const request = createRequest(socketAckTransport(socket));
  const local = new LocalMedia(tracks);
  // The CSRF token is read per call: it lives in the store and changes on every sign-in.
  const api = createHearthApi(
    createApiClient({ fetch: (input, init) => window.fetch(input, init), csrfToken: () => store.getState().account.csrfToken }),
  );

  // Services are read lazily by the store, so they may close over the store itself.
  const store = createHearthStore(() => services);
  const device = new PreparedDevice(request);
  const media = new MediaSession(request, local, tracks, {
    consumerAdded: (rec) => store.getState().consumerAdded(rec),
    error: (message, code) => store.getState().pushError(message, code),
    lost: () => {
      const { circle } = store.getState();
      if (circle.circleId) store.getState().onMediaReset(circle.circleId, 'the media connection was lost');
    },
  }, device);

  const services: HearthServices = {
    acquireLocalMedia: () => local.acquire(),
    releaseLocalMedia: () => local.release(),
    joinCircle: (circleId, displayName, rejoinToken, extras) =>
      request('joinCircle', { circleId, displayName, ...(rejoinToken ? { rejoinToken } : {}), ...extras, ...device.joinOffer() }),
    prepareMedia: () => void device.prepare(),
    startSession: (joined) => media.start(joined),
    publishLocalTracks: () => media.publish(),
    teardownSession: () => media.teardown(),
    consume: (producerId) => media.consume(producerId),
    closeConsumer: (consumerId) => media.closeConsumer(consumerId),
    setMicOn: (on) => media.setMicOn(on),
    setCameraOn: (on) => media.setCameraOn(on),
    recallAudioOnly,
    rememberAudioOnly,
    recallLowerHandWhenSpeaking,
    rememberLowerHandWhenSpeaking,
    saveDisplayName,
    rememberVisit,
    forgetVisit,
    forgetLocalData: forgetDisplayName,
    pushPath: (path) => {
      if (window.location.pathname + window.location.search !== path) window.history.pushState(null, '', path);
    },
    replacePath: (path) => {
      if (window.location.pathname + window.location.search !== path) window.history.replaceState(null, '', path);
    },
    reconnect: () => {
      if (!socket.connected) socket.connect();
    },
    moveTo: (url) => {
      route.moveTo(url, window.location.href);
      socket.disconnect();
      socket.connect();
    },
    reauthenticate: () => bound.reauthenticate(),
    request,
    api,
  };

  // Stepped out: the camera's video is not sent (the veil alone would still upload it).
  store.subscribe((s) => {
    const away = s.circle.view?.you?.presence === 'steppedOut';
    if (away !== media.isCameraSuspended) media.setCameraSuspended(away).catch((err: unknown) => console.warn('camera suspend failed', err));
  });

  // Our uplink, as the browser estimates it, while in a circle (see uplinkPolicy).
  const uplink = uplinkTracker();
  window.setInterval(() => {
    const { circle, link } = store.getState();
    if (circle.phase !== 'joined') {
      uplink.reset();
      if (link.uplinkWeak) store.getState().uplinkChanged(false);
      return;
    }
    media
      .uplinkSample()
      .then((sample) => {
        const weak = uplink.observe(sample);
        if (weak !== null && store.getState().circle.phase === 'joined') store.getState().uplinkChanged(weak);
      })
      .catch(() => undefined);
  }, UPLINK_POLICY.sampleMs);

  // The camera can stop by itself (unplugged, permission revoked): same as "Stop camera".
  local.onCameraEnded(() => {
    if (store.getState().media.camera.on) void store.getState().toggleCamera();
  });

  store.getState().routeChanged(parseRoute(window.location.pathname + window.location.search));
  // Reloaded inside a circle: back in by itself, in the same place (before the socket connects).
  const remembered = recallVisit();
  if (remembered) store.getState().resumeVisit(remembered);
  window.addEventListener('popstate', () => store.getState().routeChanged(parseRoute(window.location.pathname + window.location.search)));
  const bound = bindSocket(socket, store);
  // Who is signed in decides what `/` shows; the pages wait for the answer.
  void store.getState().loadSession();

  window.__hearth = {
    stats: () => media.stats(store.getState().circle.peerOrder),
    iceRoutes: () => media.iceRoutes(),
    videoFrames: () => media.videoFrames(),
    uplink: () => media.uplinkSample(),
    state: () => snapshot(store.getState()),
    liveLocalTracks: () => [local.micTrack, local.cameraTrack].filter((t) => t?.readyState === 'live').length,
  };

  return { store, tracks, request, api };
}
