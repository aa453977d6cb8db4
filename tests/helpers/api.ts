import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import pino from 'pino';
import request, { type Response } from 'supertest';
import { CSRF_HEADER, SIGN_IN_COOKIE, type CohortRole, type CreateCohortBody } from '@hearth/shared';
import type { SignInLimits } from '../../server/src/accounts/rateLimit';
import type { UserRecord } from '../../server/src/accounts/types';
import type { CohortRecord } from '../../server/src/cohorts/records/types';
import { apiRouter, createRecords, icalRouter, type Records } from '../../server/src/http/api';
import { createEmbeddedStore } from '../../server/src/store/embeddedStore';
import { createRedisStore } from '../../server/src/store/redisStore';
import type { Store } from '../../server/src/store/types';
import { startRedis, type TestRedis } from './redis';

/** Which store a suite runs against. */
export type StoreKind = 'redis' | 'embedded';

/** A settable clock: tests move time to expire invites and open join windows. */
export interface TestClock {
  now: number;
  (): number;
  advance(ms: number): void;
}

/** A clock starting at `start` (epoch ms) that only moves when told to. */
export function testClock(start = Date.parse('2030-01-06T12:00:00Z')): TestClock {
  const clock = (() => clock.now) as TestClock;
  clock.now = start;
  clock.advance = (ms) => void (clock.now += ms);
  return clock;
}

/** An express app with the API mounted the way the lead mounts it, over a real store. */
export interface ApiHarness {
  app: express.Express;
  store: Store;
  services: Records;
  clock: TestClock;
  kind: StoreKind;
  close(): Promise<void>;
}

let redis: TestRedis | undefined;
let redisUsers = 0;

/** Builds the app. Redis: one server per test file, shared by its harnesses. */
export async function startApi(
  kind: StoreKind,
  opts: { secureCookies?: boolean; signInLimits?: Partial<SignInLimits>; clock?: TestClock; attendanceRetentionMs?: number } = {},
): Promise<ApiHarness> {
  const clock = opts.clock ?? testClock();
  let store: Store;
  let cleanup = async () => undefined as void;
  if (kind === 'redis') {
    redis ??= await startRedis();
    redisUsers++;
    store = createRedisStore(redis.url);
    cleanup = async () => {
      if (--redisUsers === 0 && redis) await redis.stop().then(() => void (redis = undefined));
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-api-'));
    store = await createEmbeddedStore({ dataDir: dir });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const deps = {
    store,
    logger,
    clock,
    config: {
      secureCookies: opts.secureCookies ?? false,
      publicUrl: 'https://hearth.test',
      signInLimits: opts.signInLimits,
      attendanceRetentionMs: opts.attendanceRetentionMs,
    },
  };
  const services = createRecords(deps);
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use('/api', apiRouter(deps, services));
  app.use('/ical', icalRouter(deps, services));
  return {
    app,
    store,
    services,
    clock,
    kind,
    close: async () => {
      await store.close();
      await cleanup();
    },
  };
}

/** The `hearth_session` value set by a response, '' when it clears it, undefined when untouched. */
export function sessionCookieOf(res: Response): string | undefined {
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  // The last one wins, as in browsers (a stale cookie is cleared before a new one is set).
  const line = header?.filter((c) => c.startsWith(`${SIGN_IN_COOKIE}=`)).pop();
  return line === undefined ? undefined : decodeURIComponent(line.slice(SIGN_IN_COOKIE.length + 1).split(';')[0] ?? '');
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class ApiClient {
  cookie: string | undefined;
  csrf: string | undefined;

  constructor(
    private readonly app: express.Express,
    readonly user?: UserRecord,
  ) {}

  /** Sends a request; `opts.csrf: false` leaves the CSRF header out. */
  async send(method: Method, url: string, body?: unknown, opts: { csrf?: boolean; ip?: string } = {}): Promise<Response> {
    let req = request(this.app)[method](url);
    if (this.cookie) req = req.set('Cookie', `${SIGN_IN_COOKIE}=${this.cookie}`);
    if (method !== 'get' && this.csrf && opts.csrf !== false) req = req.set(CSRF_HEADER, this.csrf);
    if (opts.ip) req = req.set('X-Forwarded-For', opts.ip);
    const res = body === undefined ? await req : await req.send(body as object);
    const cookie = sessionCookieOf(res);
    if (cookie !== undefined) this.cookie = cookie || undefined;
    const token = (res.body as { csrfToken?: string; session?: { csrfToken?: string } } | undefined);
    if (token?.csrfToken) this.csrf = token.csrfToken;
    else if (token?.session?.csrfToken) this.csrf = token.session.csrfToken;
    return res;
  }

  get = (url: string) => this.send('get', url);
  post = (url: string, body?: unknown, opts?: { csrf?: boolean; ip?: string }) => this.send('post', url, body, opts);
  put = (url: string, body?: unknown) => this.send('put', url, body);
  patch = (url: string, body?: unknown) => this.send('patch', url, body);
  delete = (url: string, body?: unknown) => this.send('delete', url, body);
}

let seq = 0;
const runId = `${process.pid}-${Date.now().toString(36)}`;

/** A unique email per test run (Redis may be shared between runs). */
export function uniqueEmail(label: string): string {
  return `${label}-${runId}-${++seq}@example.test`.toLowerCase();
}

/** The password every seeded account uses. */
export const PASSWORD = 'correct horse battery staple';

/** Creates an account directly through the services (argon2 included). */
export function createUser(h: ApiHarness, label: string, extra: { isAdmin?: boolean; timeZone?: string } = {}): Promise<UserRecord> {
  return h.services.users.create({ email: uniqueEmail(label), name: label, password: PASSWORD, ...extra });
}

/** A client signed in as `user` without going through the sign-in route (fast; no rate limit). */
export async function clientFor(h: ApiHarness, user: UserRecord): Promise<ApiClient> {
  const client = new ApiClient(h.app, user);
  const { token, session } = await h.services.signIns.create(user.id);
  client.cookie = token;
  client.csrf = session.csrfToken;
  return client;
}

/** Creates a cohort owned by `admin`. */
export function createCohort(h: ApiHarness, admin: UserRecord, fields: Partial<CreateCohortBody> = {}): Promise<CohortRecord> {
  return h.services.cohorts.create(
    {
      name: 'Circle',
      timeZone: 'Europe/London',
      description: '',
      stage: 'Aspiring',
      capacity: 12,
      crisisResources: 'Samaritans: 116 123',
      lobbyEnabled: true,
      openBeforeMinutes: 10,
      graceMinutes: 15,
      agreement: 'Be kind.',
      ...fields,
    },
    admin.id,
  );
}

/** Adds `user` to a cohort directly. */
export async function addMember(h: ApiHarness, cohort: CohortRecord, user: UserRecord, role: CohortRole, displayName: string): Promise<void> {
  const joinedAt = new Date(h.clock()).toISOString();
  await h.services.members.add(cohort.id, { userId: user.id, role, displayName, joinedAt, acceptedAgreementVersion: null, acceptedAgreementAt: null }, cohort.capacity);
}

/** A monthly schedule: 2nd Tuesday, 19:00 London, from February 2030. */
export function monthlySpec(count = 8) {
  return {
    timeZone: 'Europe/London',
    startDate: '2030-02-01',
    time: '19:00',
    durationMinutes: 90,
    rule: { freq: 'monthly' as const, byWeekday: 'TU' as const, bySetPos: 2 as const },
    count,
  };
}

/** Asserts an API error reply. */
export function expectError(res: Response, status: number, code: string): void {
  if (res.status !== status || (res.body as { error?: { code?: string } }).error?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
}
