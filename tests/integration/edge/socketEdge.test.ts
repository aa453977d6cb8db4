import http from 'node:http';
import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION, SIGN_IN_COOKIE } from '@hearth/shared';
import { request, startTestServer, type TestServer, type TestSocket } from '../../helpers/server';

jest.setTimeout(60_000);

const PUBLIC_URL = 'https://hearth.test';
const EXTRA_ORIGIN = 'https://app.hearth.test';

type Transport = 'websocket' | 'polling';

/** Opens a socket the way a browser page at `origin` would (undefined: no Origin header, as a program). */
function open(url: string, headers: Record<string, string>, transport: Transport = 'websocket'): TestSocket {
  return connect(url, {
    auth: { protocolVersion: PROTOCOL_VERSION },
    transports: [transport],
    reconnection: false,
    forceNew: true,
    extraHeaders: headers,
  }) as TestSocket;
}

/** Resolves true when the socket connects, false when the server refuses it. */
function outcome(socket: TestSocket): Promise<boolean> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', () => resolve(false));
  });
}

/** A raw polling handshake, to see the HTTP answer a refused browser gets. */
function rawHandshake(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/socket.io/?EIO=4&transport=polling`, { headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

const opened: TestSocket[] = [];
const track = (s: TestSocket): TestSocket => {
  opened.push(s);
  return s;
};
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

describe('the socket accepts pages from PUBLIC_URL and ALLOWED_ORIGINS only', () => {
  let server: TestServer;
  let cookie: string;
  let userId: string;

  beforeAll(async () => {
    server = await startTestServer({ PUBLIC_URL, ALLOWED_ORIGINS: `${EXTRA_ORIGIN}, http://localhost:5173` });
    const user = await server.hearth.api.users.create({ email: 'member@example.test', name: 'Member', password: 'correct horse battery staple' });
    const { token } = await server.hearth.api.signIns.create(user.id);
    cookie = `${SIGN_IN_COOKIE}=${token}`;
    userId = user.id;
  });
  afterAll(async () => server?.close());

  it.each<Transport>(['websocket', 'polling'])('refuses a forged Origin carrying a member’s cookie (%s)', async (transport) => {
    for (const origin of ['http://evil.example', 'https://evil.hearth.test', 'http://hearth.test', 'https://hearth.test:8443', 'null']) {
      const socket = track(open(server.url, { Origin: origin, Cookie: cookie }, transport));
      expect({ origin, connected: await outcome(socket) }).toEqual({ origin, connected: false });
    }
    // Not one of them became a session on the server.
    expect(server.hearth.io.engine.clientsCount).toBe(0);
    expect(await server.hearth.io.fetchSockets()).toHaveLength(0);
  });

  it('answers a refused handshake 403 with the reason, before any session exists', async () => {
    const res = await rawHandshake(server.url, { Origin: 'http://evil.example', Cookie: cookie });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ message: expect.stringMatching(/origin may not open a socket/) });
  });

  it.each<Transport>(['websocket', 'polling'])('accepts its own origin and the listed ones, with the member signed in (%s)', async (transport) => {
    for (const origin of [PUBLIC_URL, EXTRA_ORIGIN, 'http://localhost:5173']) {
      const socket = track(open(server.url, { Origin: origin, Cookie: cookie }, transport));
      expect({ origin, connected: await outcome(socket) }).toEqual({ origin, connected: true });
      expect(await request(socket, 'leaveCircle', {})).toEqual({ ok: true, data: null });
      // The handshake's cookie signed the member in.
      expect(server.hearth.io.sockets.sockets.get(socket.id!)?.data.userId).toBe(userId);
    }
  });

  it('lets a client without Origin through (no browser page sends none cross-origin)', async () => {
    const socket = track(open(server.url, { Cookie: cookie }));
    expect(await outcome(socket)).toBe(true);
  });
});

/** Waits until the server's connection of `socket` has closed (its slot is back once that event has run). */
async function closeAndWait(server: TestServer, socket: TestSocket): Promise<void> {
  const serverSide = server.hearth.io.sockets.sockets.get(socket.id!);
  if (!serverSide) throw new Error('no server-side socket');
  const gone = new Promise<void>((resolve) => serverSide.conn.once('close', () => setImmediate(resolve)));
  socket.close();
  await gone;
}

describe('per-IP socket limits', () => {
  it('holds one IP to SOCKETS_PER_IP open sockets; a closed one frees its place', async () => {
    const server = await startTestServer({ SOCKETS_PER_IP: '3', SOCKET_CONNECTS_PER_IP: '100' });
    try {
      const first = [0, 1, 2].map(() => track(open(server.url, {})));
      expect(await Promise.all(first.map(outcome))).toEqual([true, true, true]);
      expect(await outcome(track(open(server.url, {})))).toBe(false);
      const raw = await rawHandshake(server.url, {});
      expect(raw.status).toBe(403);
      expect(raw.body).toMatch(/too many sockets from one address \(at most 3\)/);
      await closeAndWait(server, first[0]!);
      expect(await outcome(track(open(server.url, {})))).toBe(true);
      expect(server.hearth.io.engine.clientsCount).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('holds one IP to SOCKET_CONNECTS_PER_IP new sockets per window, open or not', async () => {
    const server = await startTestServer({ SOCKETS_PER_IP: '100', SOCKET_CONNECTS_PER_IP: '5', SOCKET_CONNECTS_WINDOW_SECONDS: '600' });
    try {
      for (let i = 0; i < 5; i++) {
        const s = track(open(server.url, {}));
        expect(await outcome(s)).toBe(true);
        await closeAndWait(server, s);
      }
      expect(await outcome(track(open(server.url, {})))).toBe(false);
      expect((await rawHandshake(server.url, {})).body).toMatch(/too many new connections/);
      expect(server.hearth.io.engine.clientsCount).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('behind a trusted proxy, counts each forwarded client IP on its own', async () => {
    const server = await startTestServer({ SOCKETS_PER_IP: '2', SOCKET_CONNECTS_PER_IP: '100', TRUST_PROXY: 'loopback' });
    try {
      const a = (n: number) => track(open(server.url, { 'X-Forwarded-For': `203.0.113.${n}` }));
      expect(await Promise.all([a(1), a(1)].map(outcome))).toEqual([true, true]);
      expect(await outcome(a(1))).toBe(false);
      expect(await outcome(a(2))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('without TRUST_PROXY, a forged X-Forwarded-For does not buy more sockets', async () => {
    const server = await startTestServer({ SOCKETS_PER_IP: '2', SOCKET_CONNECTS_PER_IP: '100' });
    try {
      const as = (n: number) => track(open(server.url, { 'X-Forwarded-For': `203.0.113.${n}` }));
      expect(await Promise.all([as(1), as(2)].map(outcome))).toEqual([true, true]);
      expect(await outcome(as(3))).toBe(false);
    } finally {
      await server.close();
    }
  });
});
