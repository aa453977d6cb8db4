import type Redis from 'ioredis';
import { keys } from '../../../server/src/store/keys';
import { ApiClient, PASSWORD, createUser, expectError, startApi, type ApiHarness, type StoreKind } from '../../helpers/api';

jest.setTimeout(60_000);

const LIMITS = { perEmailIp: 3, emailIpLockSeconds: 120, perIp: 10, ipWindowSeconds: 600 };

describe.each<StoreKind>(['redis', 'embedded'])('sign-in limits: strict per email+IP, loose per IP (%s store)', (kind) => {
  let h: ApiHarness;
  let ipSeq = 0;
  /** A fresh client address per test, so tests do not share counters. */
  const freshIp = () => `10.77.${kind === 'redis' ? 1 : 2}.${++ipSeq}`;
  const signIn = (email: string, password: string, ip: string) => new ApiClient(h.app).post('/api/auth/sign-in', { email, password }, { ip });

  beforeAll(async () => {
    h = await startApi(kind, { signInLimits: LIMITS });
  });
  afterAll(async () => h?.close());

  test('a correct password still works from a busy IP: people at one venue do not lock each other out', async () => {
    const venue = freshIp();
    const people = await Promise.all(Array.from({ length: 8 }, (_, i) => createUser(h, `venue${i}`)));
    // Four of them mistype once, then everyone signs in, half of them at the same moment.
    for (const p of people.slice(0, 4)) expectError(await signIn(p.email, 'typo-typo-typo', venue), 401, 'UNAUTHENTICATED');
    for (const p of people.slice(0, 4)) expect((await signIn(p.email, PASSWORD, venue)).status).toBe(200);
    const together = await Promise.all(people.slice(4).map((p) => signIn(p.email, PASSWORD, venue)));
    expect(together.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    // The eight successes did not count: six more failures (10 in all) are allowed before the venue waits.
    for (let i = 0; i < 6; i++) expectError(await signIn(`stranger${i}-${kind}@example.test`, 'typo-typo-typo', venue), 401, 'UNAUTHENTICATED');
    expectError(await signIn(people[0]!.email, PASSWORD, venue), 429, 'RATE_LIMITED');
  });

  test('consecutive failures lock that email from that IP only, for the lock time', async () => {
    const [ada, bob] = [await createUser(h, 'ada'), await createUser(h, 'bob')];
    const ip = freshIp();
    for (let i = 0; i < LIMITS.perEmailIp; i++) expectError(await signIn(ada.email, 'guess-guess-guess', ip), 401, 'UNAUTHENTICATED');
    const locked = await signIn(ada.email, PASSWORD, ip);
    expectError(locked, 429, 'RATE_LIMITED');
    const retry = Number(locked.headers['retry-after']);
    expect(retry).toBeGreaterThan(LIMITS.emailIpLockSeconds - 10);
    expect(retry).toBeLessThanOrEqual(LIMITS.emailIpLockSeconds);
    // Someone else at the same address, and Ada elsewhere, are not locked.
    expect((await signIn(bob.email, PASSWORD, ip)).status).toBe(200);
    expect((await signIn(ada.email, PASSWORD, freshIp())).status).toBe(200);
  });

  test('a success resets the consecutive failures of that email+IP', async () => {
    const cy = await createUser(h, 'cy');
    const ip = freshIp();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < LIMITS.perEmailIp - 1; i++) expectError(await signIn(cy.email, 'nearly-right', ip), 401, 'UNAUTHENTICATED');
      expect((await signIn(cy.email, PASSWORD, ip)).status).toBe(200);
    }
  });

  test('failures across many emails from one IP reach its looser limit; then that IP waits', async () => {
    const ip = freshIp();
    const dee = await createUser(h, 'dee');
    for (let i = 0; i < LIMITS.perIp; i++) {
      expectError(await signIn(`spray${i}-${kind}@example.test`, 'Winter2030!', ip), 401, 'UNAUTHENTICATED');
    }
    const limited = await signIn(dee.email, PASSWORD, ip);
    expectError(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(LIMITS.ipWindowSeconds);
    expect((await signIn(dee.email, PASSWORD, freshIp())).status).toBe(200);
  });

  test('a parallel burst of guesses at one account gets exactly the pair’s budget', async () => {
    const eve = await createUser(h, 'eve-target');
    const ip = freshIp();
    const statuses = (await Promise.all(Array.from({ length: 8 }, () => signIn(eve.email, 'burst-burst', ip)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(LIMITS.perEmailIp);
    expect(statuses.filter((s) => s === 429)).toHaveLength(8 - LIMITS.perEmailIp);
  });

  if (kind === 'redis') {
    test('counters live in Redis under the limiter prefix, without the email in any key', async () => {
      const fay = await createUser(h, 'fay');
      const ip = freshIp();
      expectError(await signIn(fay.email, 'wrong-wrong', ip), 401, 'UNAUTHENTICATED');
      const redis = (h.store as unknown as { redis: Redis }).redis;
      const found = [...(await redis.keys(`${keys.signInLimiterPrefix('email-ip')}*`)), ...(await redis.keys(`${keys.signInLimiterPrefix('ip')}*`))];
      expect(found.some((k) => k.endsWith(`|${ip}`))).toBe(true);
      expect(found.some((k) => k.endsWith(ip) && k.startsWith(keys.signInLimiterPrefix('ip')))).toBe(true);
      expect(found.join(' ')).not.toContain(fay.email);
      for (const k of found) expect(await redis.pttl(k)).toBeGreaterThan(0);
    });
  }
});
