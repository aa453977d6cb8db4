import { CSRF_HEADER } from '@hearth/shared';
import { fakeFetch } from '../test/fakeServices';
import { ApiError, createApiClient } from './api';
import { describeWait, friendlyMessage, humaniseServerMessage } from './apiMessages';
import { createHearthApi } from './endpoints';

const client = (f: ReturnType<typeof fakeFetch>, token: string | null = 'tok') => createApiClient({ fetch: f.fetch, csrfToken: () => token });

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('createApiClient', () => {
  it('sends JSON with the CSRF header on writes, and parses the reply', async () => {
    const f = fakeFetch(() => ({ status: 201, body: { id: 'c1' } }));
    const reply = await client(f)('POST', '/cohorts', { name: 'A' });
    expect(reply).toEqual({ id: 'c1' });
    expect(f.requests[0]).toMatchObject({ method: 'POST', url: '/api/cohorts', body: { name: 'A' } });
    expect(f.requests[0]!.headers[CSRF_HEADER]).toBe('tok');
    expect(f.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('never sends the CSRF token on GET, nor a body', async () => {
    const f = fakeFetch(() => ({ body: [] }));
    await client(f)('GET', '/cohorts');
    expect(f.requests[0]!.headers[CSRF_HEADER]).toBeUndefined();
    expect(f.requests[0]!.body).toBeUndefined();
  });

  it('reads the token at call time (it changes on sign-in)', async () => {
    let token: string | null = null;
    const f = fakeFetch(() => ({ status: 204 }));
    const call = createApiClient({ fetch: f.fetch, csrfToken: () => token });
    await call('POST', '/auth/sign-out');
    token = 'fresh';
    await call('POST', '/auth/sign-out');
    expect(f.requests.map((r) => r.headers[CSRF_HEADER])).toEqual([undefined, 'fresh']);
  });

  it('resolves undefined for 204', async () => {
    const f = fakeFetch(() => ({ status: 204 }));
    await expect(client(f)('DELETE', '/cohorts/c/members/u')).resolves.toBeUndefined();
  });

  it('turns { error: { code, message } } into a typed ApiError', async () => {
    const f = fakeFetch(() => ({ status: 410, body: { error: { code: 'GONE', message: 'this invite has been used' } } }));
    const err = await failure(client(f)('POST', '/invites/x/accept', {}));
    expect(err).toMatchObject({ code: 'GONE', status: 410, message: 'this invite has been used' });
  });

  it('keeps Retry-After for rate limits', async () => {
    const f = fakeFetch(() => ({ status: 429, body: { error: { code: 'RATE_LIMITED', message: 'slow down' } }, headers: { 'Retry-After': '120' } }));
    const err = await failure(client(f)('POST', '/auth/sign-in', {}));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfterSeconds).toBe(120);
  });

  it('maps unknown codes and non-JSON errors by status', async () => {
    const odd = fakeFetch(() => ({ status: 403, body: { error: { code: 'WHAT', message: 'no' } } }));
    expect((await failure(client(odd)('GET', '/x'))).code).toBe('NOT_ALLOWED');
    const gateway = fakeFetch(() => ({ status: 502 }));
    expect(await failure(client(gateway)('GET', '/x'))).toMatchObject({ code: 'UNAVAILABLE', status: 502 });
  });

  it('reports a network failure as UNAVAILABLE with status 0', async () => {
    const err = await failure(
      createApiClient({
        fetch: () => Promise.reject(new TypeError('Failed to fetch')),
        csrfToken: () => null,
      })('GET', '/session'),
    );
    expect(err).toMatchObject({ code: 'UNAVAILABLE', status: 0 });
  });

  it('refuses a 200 that is not JSON', async () => {
    const f = fakeFetch(() => ({ status: 200 }));
    const broken = createApiClient({
      fetch: async (url, init) => ({ ...(await f.fetch(url, init)), text: async () => '<html>' }),
      csrfToken: () => null,
    });
    expect((await failure(broken('GET', '/home'))).code).toBe('INTERNAL');
  });
});

describe('typed endpoints', () => {
  it('build paths with encoded ids', async () => {
    const f = fakeFetch(() => ({ body: {} }));
    const api = createHearthApi(client(f));
    await api.patchSession('c 1', 's/2', { theme: 'Hope' });
    await api.previewSchedule('c1', { timeZone: 'Europe/London', startDate: '2026-01-01', time: '19:00', durationMinutes: 90, rule: { freq: 'weekly', byWeekday: 'TU' }, count: 2 }, ['Asia/Tokyo']);
    expect(f.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['PATCH /api/cohorts/c%201/sessions/s%2F2', 'POST /api/cohorts/c1/schedule/preview']);
    expect(f.requests[1]!.body).toMatchObject({ zones: ['Asia/Tokyo'] });
  });
});

describe('friendly messages', () => {
  it('prefer the caller’s wording, then the code’s, then the humanised server message', () => {
    const unauth = new ApiError('UNAUTHENTICATED', 'email or password is incorrect', 401);
    expect(friendlyMessage(unauth, { UNAUTHENTICATED: 'Wrong details.' })).toBe('Wrong details.');
    expect(friendlyMessage(unauth)).toBe('Please sign in again to continue.');
    expect(friendlyMessage(new ApiError('CONFLICT', 'you are already in this cohort', 409))).toBe('You are already in this cohort.');
    expect(friendlyMessage(new Error('boom'))).toMatch(/Something went wrong/);
  });

  it('explain how long to wait when rate limited', () => {
    expect(friendlyMessage(new ApiError('RATE_LIMITED', 'x', 429, 600))).toBe('Too many attempts. Please wait about 10 minutes, then try again.');
    expect(describeWait(30)).toBe('a few seconds');
    expect(describeWait(61)).toBe('about 2 minutes');
    expect(describeWait(7200)).toBe('about 2 hours');
  });

  it('turn schema paths into field names', () => {
    expect(humaniseServerMessage('body.account.password: at least 10 characters; body.displayName: a name is required')).toBe(
      'Password: at least 10 characters. Display name: a name is required.',
    );
  });
});
