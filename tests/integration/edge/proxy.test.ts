import { SIGN_IN_COOKIE } from '@hearth/shared';
import { captureLogs } from '../../helpers/logs';
import { startTestServer, type TestServer } from '../../helpers/server';

jest.setTimeout(60_000);

const PASSWORD = 'correct horse battery staple';

/*
 * Behind the TLS-terminating proxy a deployment puts in front (README): the proxy
 * connects from loopback and forwards the client's address and scheme.
 */
async function signIn(server: TestServer, email: string, password: string, forwardedFor: string): Promise<Response> {
  return fetch(`${server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor, 'X-Forwarded-Proto': 'https', Origin: 'https://hearth.test' },
    body: JSON.stringify({ email, password }),
  });
}

describe('behind a TLS-terminating proxy (PUBLIC_URL https, TRUST_PROXY=loopback)', () => {
  let server: TestServer;
  let email: string;

  beforeAll(async () => {
    server = await startTestServer({ PUBLIC_URL: 'https://hearth.test', TRUST_PROXY: 'loopback', SIGN_IN_FAILURES_PER_ACCOUNT_IP: '2' });
    email = (await server.hearth.api.users.create({ email: 'proxied@example.test', name: 'P', password: PASSWORD })).email;
  });
  afterAll(async () => server?.close());

  it('sets the session cookie Secure, HttpOnly and SameSite=Lax', async () => {
    const res = await signIn(server, email, PASSWORD, '198.51.100.1');
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SIGN_IN_COOKIE}=`))!;
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });

  it('limits sign-in by the forwarded client address, not the proxy’s', async () => {
    for (let i = 0; i < 2; i++) expect((await signIn(server, email, 'wrong-wrong', '198.51.100.2')).status).toBe(401);
    expect((await signIn(server, email, PASSWORD, '198.51.100.2')).status).toBe(429);
    // Another client behind the same proxy is not locked out.
    expect((await signIn(server, email, PASSWORD, '198.51.100.3')).status).toBe(200);
  });
});

describe('without TRUST_PROXY', () => {
  it('ignores X-Forwarded-For, so forging it does not escape a lock', async () => {
    const server = await startTestServer({ SIGN_IN_FAILURES_PER_ACCOUNT_IP: '2' });
    try {
      const { email } = await server.hearth.api.users.create({ email: 'direct@example.test', name: 'D', password: PASSWORD });
      for (let i = 0; i < 2; i++) expect((await signIn(server, email, 'wrong-wrong', `198.51.100.${10 + i}`)).status).toBe(401);
      expect((await signIn(server, email, PASSWORD, '198.51.100.99')).status).toBe(429);
    } finally {
      await server.close();
    }
  });

  it('warns at start when PUBLIC_URL is https, since a proxy must then be in front', async () => {
    const logs = captureLogs('warn');
    const server = await startTestServer({ PUBLIC_URL: 'https://hearth.test' }, {}, { logger: logs.logger });
    await server.close();
    expect(logs.atLeast(40).map((l) => l.msg)).toEqual([expect.stringMatching(/PUBLIC_URL is https but TRUST_PROXY is not set/)]);
  });
});
