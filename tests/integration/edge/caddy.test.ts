import https from 'node:https';
import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION, SIGN_IN_COOKIE } from '@hearth/shared';
import { PERMISSIONS_POLICY } from '../../../server/src/http/permissionsPolicy';
import { proxyPort, startCaddy, type TestProxy } from '../../helpers/caddy';
import { request, startTestServer, type TestServer, type TestSocket } from '../../helpers/server';

jest.setTimeout(60_000);

/*
 * The deployment the README describes: a TLS-terminating proxy (Caddy here) in front of
 * a node with PUBLIC_URL set to the proxy's https address and TRUST_PROXY to its address.
 */

const PASSWORD = 'correct horse battery staple';
let proxy: TestProxy;
let server: TestServer;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${proxy.url}${path}`,
      { method: 'POST', rejectUnauthorized: false, headers: { 'Content-Type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function open(origin: string, transport: 'websocket' | 'polling'): Promise<{ socket: TestSocket; connected: boolean }> {
  const socket = connect(proxy.url, {
    auth: { protocolVersion: PROTOCOL_VERSION },
    transports: [transport],
    reconnection: false,
    forceNew: true,
    rejectUnauthorized: false,
    extraHeaders: { Origin: origin },
  }) as TestSocket;
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket, connected: true }));
    socket.once('connect_error', () => resolve({ socket, connected: false }));
  });
}

beforeAll(async () => {
  const port = await proxyPort();
  server = await startTestServer({ PUBLIC_URL: `https://localhost:${port}`, TRUST_PROXY: 'loopback', SIGN_IN_FAILURES_PER_ACCOUNT_IP: '2' });
  proxy = await startCaddy(port, `127.0.0.1:${new URL(server.url).port}`);
  await server.hearth.api.users.create({ email: 'behind@example.test', name: 'Behind', password: PASSWORD });
});
afterAll(async () => {
  await proxy?.stop();
  await server?.close();
});

it('over https the session cookie is Secure, and the security headers come through', async () => {
  const res = await post('/api/auth/sign-in', { email: 'behind@example.test', password: PASSWORD });
  expect(res.status).toBe(200);
  const cookie = (res.headers['set-cookie'] as string[]).find((c) => c.startsWith(`${SIGN_IN_COOKIE}=`))!;
  expect(cookie).toMatch(/; Secure/i);
  expect(cookie).toMatch(/; HttpOnly/i);
  expect(cookie).toMatch(/; SameSite=Lax/i);
  expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  expect(res.headers['permissions-policy']).toBe(PERMISSIONS_POLICY);
});

it.each(['websocket', 'polling'] as const)('the socket opens through the proxy for the public origin only (%s)', async (transport) => {
  const good = await open(proxy.url, transport);
  try {
    expect(good.connected).toBe(true);
    expect(await request(good.socket, 'leaveCircle', {})).toEqual({ ok: true, data: null });
  } finally {
    good.socket.close();
  }
  for (const origin of ['https://evil.example', `http://localhost:${proxy.port}`]) {
    const forged = await open(origin, transport);
    forged.socket.close();
    expect({ origin, connected: forged.connected }).toEqual({ origin, connected: false });
  }
});

it('the proxy puts the real client address in X-Forwarded-For, so a forged one does not escape a lock', async () => {
  for (const forged of ['203.0.113.1', '203.0.113.2']) {
    const res = await post('/api/auth/sign-in', { email: 'behind@example.test', password: 'wrong-wrong' }, { 'X-Forwarded-For': forged });
    expect(res.status).toBe(401);
  }
  const locked = await post('/api/auth/sign-in', { email: 'behind@example.test', password: PASSWORD }, { 'X-Forwarded-For': '203.0.113.3' });
  expect(locked.status).toBe(429);
  expect(JSON.parse(locked.body)).toMatchObject({ error: { code: 'RATE_LIMITED' } });
});
