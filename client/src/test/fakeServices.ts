import { createCircleState, viewFor, type JoinedCircle, type PeerInfo } from '@hearth/shared';
import { createApiClient, type FetchLike } from '../net/api';
import { createHearthApi, type HearthApi } from '../net/endpoints';
import { createHearthStore, type HearthStore } from '../store/createStore';
import { RequestError, type RequestData, type RequestFn, type RequestName, type RequestPayload } from '../net/request';
import type { HearthServices, LocalMediaOutcome } from '../store/types';

/** A promise with its resolve/reject exposed, to control when a fake service finishes. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Records calls (a request as `[its name, its payload]`); every method can be overridden per test. */
export type FakeServices = HearthServices & { calls: Array<[string, ...unknown[]]> };

/** Fake answers to requests, by request name (what `services.request(name, payload)` resolves with). */
export type FakeRequests = { [E in Exclude<RequestName, keyof HearthServices>]?: (payload: RequestPayload<E>) => Promise<RequestData<E>> };

/** Every request a store action sends, answered at once. */
const answers: FakeRequests = {
  knockCircle: async () => ({ entryId: 'entry-1' }),
  cancelKnock: async () => null,
  admitFromLobby: async () => ({ admitted: 1 }),
  leaveCircle: async () => null,
  setConsumerPreferences: async () => null,
  setVisitPreferences: async (prefs) => ({ audioOnly: false, lowerHandWhenSpeaking: false, ...prefs }),
  circleCommand: async () => ({ version: 1 }),
  sendChat: async () => ({ id: 'chat-1' }),
};

/** Both devices available. */
export const allDevices: LocalMediaOutcome = { mic: true, camera: true, micProblem: null, cameraProblem: null };

/** Builds a join ack. */
export function joinedCircle(peers: PeerInfo[] = [], peerId = 'me'): JoinedCircle {
  return {
    peerId,
    circleId: 'circle1',
    routerRtpCapabilities: {},
    peers,
    rejoinToken: `token-of-${peerId}-0123456789`,
    circle: viewFor(createCircleState('circle1', 0), peerId),
  };
}

/** Fake services (and answers to requests) that succeed immediately unless overridden. */
export function fakeServices(overrides: Partial<HearthServices> & FakeRequests = {}): FakeServices {
  const calls: FakeServices['calls'] = [];
  const record =
    <A extends unknown[], R>(name: string, impl: (...args: A) => R) =>
    (...args: A): R => {
      calls.push([name, ...args]);
      return impl(...args);
    };
  const base: HearthServices = {
    acquireLocalMedia: async () => allDevices,
    releaseLocalMedia: () => undefined,
    joinCircle: async () => joinedCircle(),
    prepareMedia: () => undefined,
    startSession: async () => undefined,
    publishLocalTracks: async () => undefined,
    teardownSession: () => undefined,
    consume: () => undefined,
    closeConsumer: () => undefined,
    setMicOn: async () => undefined,
    setCameraOn: async () => undefined,
    recallAudioOnly: () => null,
    rememberAudioOnly: () => undefined,
    recallLowerHandWhenSpeaking: () => false,
    rememberLowerHandWhenSpeaking: () => undefined,
    saveDisplayName: () => undefined,
    rememberVisit: () => undefined,
    moveTo: () => undefined,
    forgetVisit: () => undefined,
    forgetLocalData: () => undefined,
    pushPath: () => undefined,
    replacePath: () => undefined,
    reconnect: () => undefined,
    reauthenticate: () => undefined,
    api: fakeApi(),
    request: (() => Promise.reject(new Error('replaced below'))) as unknown as RequestFn,
    ...overrides,
  };
  const answer = { ...answers, ...overrides } as Record<string, ((payload: unknown) => Promise<unknown>) | undefined>;
  const request = ((event: string, payload: unknown) => {
    calls.push([event, payload]);
    const reply = answer[event];
    return reply ? reply(payload) : Promise.reject(new RequestError('INTERNAL', `no fake answer for ${event}`, event));
  }) as RequestFn;
  // Functions are recorded; plain objects (the api) pass through as they are.
  const wrapped = Object.fromEntries(
    Object.entries(base).map(([name, fn]) => [name, typeof fn === 'function' ? record(name, fn as (...args: unknown[]) => unknown) : fn]),
  ) as unknown as HearthServices;
  wrapped.request = request;
  return Object.assign(wrapped, { calls });
}

/** A store on the circle page `/c/circle1`, connected, with the given fake services. */
export function storeOnCirclePage(services: FakeServices): HearthStore {
  const store = createHearthStore(() => services);
  store.getState().routeChanged({ name: 'circle', circleId: 'circle1' });
  store.getState().connectionChanged('connected');
  return store;
}

/** Names of the recorded calls, in order. */
export function callNames(services: FakeServices): string[] {
  return services.calls.map(([name]) => name);
}

/** A scripted HTTP reply for {@link fakeFetch}. */
export interface FakeReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A fake `fetch` that records requests and answers from `route(method, url, body)`. */
export function fakeFetch(route: (method: string, url: string, body: unknown) => FakeReply | Promise<FakeReply> = () => ({ status: 404 })) {
  const requests: Array<{ method: string; url: string; headers: Record<string, string>; body: unknown }> = [];
  const fetch: FetchLike = async (url, init) => {
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const method = init.method ?? 'GET';
    requests.push({ method, url, headers: { ...(init.headers as Record<string, string>) }, body });
    const reply = await route(method, url, body);
    const status = reply.status ?? 200;
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    const headers = new Map(Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return { ok: status >= 200 && status < 300, status, headers: { get: (k: string) => headers.get(k.toLowerCase()) ?? null } as Headers, text: async () => text };
  };
  return { fetch, requests };
}

/** The typed API over a fake fetch, with a fixed CSRF token source. */
export function fakeApi(fetch: FetchLike = fakeFetch().fetch, csrfToken: () => string | null = () => 'csrf-1'): HearthApi {
  return createHearthApi(createApiClient({ fetch, csrfToken }));
}
