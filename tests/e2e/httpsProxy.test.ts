import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION, SIGN_IN_COOKIE, type ClientToServerEvents, type ServerToClientEvents } from '@hearth/shared';
import type { Socket } from 'socket.io-client';
import { PERMISSIONS_POLICY } from '../../server/src/http/permissionsPolicy';
import { launchChromium } from '../helpers/browser';
import { startCaddy, type TestCaddy } from '../helpers/caddyDeployment';
import { ADMIN, mediaStats } from '../helpers/e2e';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/process';

jest.setTimeout(120_000);

// Not localhost: browsers allow camera and mic there over plain http, so it would prove nothing.
const DOMAIN = 'hearth.test';
const root = path.resolve(__dirname, '..', '..');

let dataDir: string;
let server: ServerProcess;
let caddy: TestCaddy;
let origin: string;
let agent: https.Agent;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-https-'));
  execFileSync(process.execPath, [path.join(root, 'server/dist/cli/createAdmin.js'), '--email', ADMIN.email, '--name', ADMIN.name], {
    env: { ...process.env, DATA_DIR: dataDir, HEARTH_ADMIN_PASSWORD: ADMIN.password },
    stdio: 'ignore',
  });
  const httpsPort = await freePort();
  origin = `https://${DOMAIN}:${httpsPort}`;
  // What docker-compose.yml sets from HEARTH_DOMAIN: the https PUBLIC_URL (so Secure cookies) and one trusted proxy hop.
  server = await startServerProcess({ DATA_DIR: dataDir, PUBLIC_URL: origin, TRUST_PROXY: '1' });
  caddy = await startCaddy(DOMAIN, Number(new URL(server.url).port), { httpsPort });
  // hearth.test is 127.0.0.1, and Caddy's CA is the one trusted: real certificate checks, no DNS.
  const lookup = ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) =>
    opts?.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)) as unknown as LookupFunction;
  agent = new https.Agent({ ca: caddy.ca, lookup });
});
afterAll(async () => {
  agent?.destroy();
  await caddy?.stop();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function viaCaddy(method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(
      `${origin}${pathname}`,
      { method, agent, headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.once('error', reject);
    req.end(payload);
  });
}

it('serves the client over https with Hearth’s security headers', async () => {
  const res = await viaCaddy('GET', '/');
  expect(res.status).toBe(200);
  expect(res.body).toContain('<div id="root">');
  expect(res.headers.server).toBe('Caddy');
  expect(res.headers['permissions-policy']).toBe(PERMISSIONS_POLICY);
  expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
});

it('signs in through the proxy with a Secure, HttpOnly session cookie that then works', async () => {
  const res = await viaCaddy('POST', '/api/auth/sign-in', { email: ADMIN.email, password: ADMIN.password });
  expect(res.status).toBe(200);
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${SIGN_IN_COOKIE}=`));
  expect(cookie).toBeDefined();
  const attributes = cookie!.split(';').map((a) => a.trim().toLowerCase());
  expect(attributes).toEqual(expect.arrayContaining(['secure', 'httponly']));
  const session = await viaCaddy('GET', '/api/session', undefined, { cookie: cookie!.split(';')[0]! });
  expect(session.status).toBe(200);
  // Links Hearth makes point at the https site (PUBLIC_URL).
  expect(JSON.parse(session.body)).toMatchObject({ me: { email: ADMIN.email, icalUrl: expect.stringMatching(new RegExp(`^${origin}/ical/u/`)) } });
});

it('upgrades socket.io to a WebSocket through the proxy and joins a circle over it', async () => {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(origin, {
    auth: { protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    agent: agent as unknown as string,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    expect(socket.io.engine.transport.name).toBe('websocket');
    const ack = await socket.timeout(10_000).emitWithAck('joinCircle', { circleId: `https-${Date.now().toString(36)}`, displayName: 'Ada' });
    expect(ack).toMatchObject({ ok: true, data: { peers: [] } });
  } finally {
    socket.disconnect();
  }
});

describe('in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    // The certificate comes from Caddy's test CA, which Chromium does not know.
    browser = await launchChromium(['--ignore-certificate-errors', `--host-resolver-rules=MAP ${DOMAIN} 127.0.0.1`]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function join(url: string, name: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(url);
    await page.getByLabel('Your name').fill(name);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.locator('[data-testid="tile"][data-self="true"][data-camera-off="false"]').waitFor({ timeout: 20_000 });
    return page;
  }

  it('two people on the https site get camera and mic and see and hear each other', async () => {
    const url = `${origin}/c/https-${Date.now().toString(36)}`;
    const ada = await join(url, 'Ada');
    const bo = await join(url, 'Bo');
    expect(await ada.evaluate(() => window.isSecureContext && window.location.protocol)).toBe('https:');
    for (const page of [ada, bo]) {
      await page.waitForFunction(
        async () => {
          const s = await (window as unknown as { __hearth: { stats(): Promise<{ inbound: Record<string, { audioBytes: number; videoBytes: number }> }> } }).__hearth.stats();
          const [peer] = Object.values(s.inbound);
          return !!peer && peer.audioBytes > 0 && peer.videoBytes > 0;
        },
        undefined,
        { timeout: 30_000, polling: 250 },
      );
    }
    const first = await mediaStats(bo);
    await bo.waitForTimeout(1500);
    const later = await mediaStats(bo);
    expect(Object.values(later.inbound)[0]!.videoBytes).toBeGreaterThan(Object.values(first.inbound)[0]!.videoBytes);
  });
});
