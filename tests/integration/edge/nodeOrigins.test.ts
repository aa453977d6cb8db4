import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION } from '@hearth/shared';
import { startRedis, type TestRedis } from '../../helpers/redis';
import { startTestServer, type TestServer, type TestSocket } from '../../helpers/server';

jest.setTimeout(60_000);

/*
 * The nodes of one deployment (one Redis) accept each other's pages: a page served by node B
 * follows MOVED to the circle's home on node A, so A takes sockets from B's origin (B's
 * NODE_URL), and B's pages may connect there (CSP connect-src). Other origins stay refused.
 */

const PUBLIC_URL = 'https://hearth.test';
const NODE_A = 'https://a.hearth.test';
const NODE_B = 'https://b.hearth.test';

/** Resolves true when a socket opened as a page at `origin` would connects, false when refused. */
function connects(url: string, origin: string): Promise<boolean> {
  const socket: TestSocket = connect(url, {
    auth: { protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { Origin: origin },
  });
  return new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', () => resolve(false));
  }).finally(() => socket.close());
}

describe('the nodes of one deployment accept each other’s origins', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer | undefined;

  beforeAll(async () => {
    redis = await startRedis({ dedicated: true });
    a = await startTestServer({ REDIS_URL: redis.url, PUBLIC_URL, NODE_URL: NODE_A });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  it('refuses a node’s origin before that node is part of the deployment, and accepts it once it is', async () => {
    expect(await connects(a.url, PUBLIC_URL)).toBe(true);
    expect(await connects(a.url, NODE_B)).toBe(false);
    b = await startTestServer({ REDIS_URL: redis.url, PUBLIC_URL, NODE_URL: NODE_B });
    // A looks an unknown origin up again at most once a second.
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await connects(a.url, NODE_B)).toBe(true);
    expect(await connects(b.url, NODE_A)).toBe(true);
    expect(await connects(a.url, 'https://c.hearth.test')).toBe(false);
    expect(await connects(a.url, 'https://evil.example')).toBe(false);
  });

  it('lets its pages connect to the other nodes (CSP connect-src), and nowhere else', async () => {
    b ??= await startTestServer({ REDIS_URL: redis.url, PUBLIC_URL, NODE_URL: NODE_B });
    await b.hearth.circles.nodes.sweep();
    const csp = (await fetch(`${b.url}/`)).headers.get('content-security-policy') ?? '';
    const connectSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('connect-src'))?.split(/\s+/).slice(1);
    expect(connectSrc).toEqual(expect.arrayContaining(["'self'", NODE_A, 'wss://a.hearth.test', NODE_B]));
    expect(connectSrc?.every((s) => s === "'self'" || s.includes('hearth.test'))).toBe(true);
  });
});
