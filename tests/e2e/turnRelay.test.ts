import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { startCoturn, type Coturn } from '../helpers/coturn';
import { mediaStats, type MediaStats } from '../helpers/e2e';
import { startServerProcess } from '../helpers/process';

jest.setTimeout(120_000);

interface IceRoute {
  direction: 'send' | 'recv';
  localCandidateType: string | null;
  relayProtocol: string | null;
}

let coturn: Coturn;
let browser: Browser;
let certDir: string;

beforeAll(async () => {
  // A self-signed certificate for TURN over TLS (what turns:…:443 is in production).
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-turn-cert-'));
  const cert = path.join(certDir, 'cert.pem');
  const key = path.join(certDir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  coturn = await startCoturn({ secret: 'e2e-turn-shared-secret-0001', tls: { cert, key } });
  // Chromium checks a turns: server's certificate; this one is self-signed.
  browser = await launchChromium(['--ignore-certificate-errors']);
});
afterAll(async () => {
  await browser?.close();
  await coturn?.stop();
  fs.rmSync(certDir, { recursive: true, force: true });
});

/** Joins through the UI with every transport forced through TURN (iceTransportPolicy: relay). */
async function joinRelayOnly(circleUrl: string, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (err) => console.error(`[${name}] page error:`, err.message));
  await page.addInitScript(() => window.localStorage.setItem('hearth.iceTransportPolicy', 'relay'));
  await page.goto(circleUrl);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.locator('[data-testid="tile"][data-self="true"]').waitFor({ timeout: 20_000 });
  return page;
}

const iceRoutes = (page: Page): Promise<IceRoute[]> =>
  page.evaluate(() => (window as unknown as { __hearth: { iceRoutes(): Promise<IceRoute[]> } }).__hearth.iceRoutes());

/** The one remote peer's inbound counters, once audio and video both arrive. */
async function inboundFlowing(page: Page): Promise<{ audioBytes: number; videoBytes: number }> {
  const deadline = Date.now() + 40_000;
  let last: MediaStats | undefined;
  while (Date.now() < deadline) {
    last = await mediaStats(page);
    const [first] = Object.values(last.inbound);
    if (first && first.audioBytes > 0 && first.videoBytes > 0) return first;
    await page.waitForTimeout(250);
  }
  throw new Error(`no inbound media through the relay: ${JSON.stringify(last)}\ncoturn:\n${coturn.output().slice(-3000)}`);
}

/** The TURN URI for each way a browser reaches the relay: UDP, TCP, and TLS (firewalls that allow only 443). */
const relayUris: Array<[string, (c: Coturn) => string]> = [
  ['udp', (c) => `turn:127.0.0.1:${c.port}?transport=udp`],
  ['tcp', (c) => `turn:127.0.0.1:${c.port}?transport=tcp`],
  ['tls', (c) => `turns:127.0.0.1:${c.tlsPort}?transport=tcp`],
];

it.each(relayUris)('relay-only browsers reach each other through a local coturn over %s, with the credentials handed out at join', async (protocol, uri) => {
  const server = await startServerProcess({ TURN_URLS: uri(coturn), TURN_SECRET: coturn.secret });
  try {
    const circleUrl = `${server.url}/c/turn-${protocol}-${Date.now().toString(36)}`;
    const ada = await joinRelayOnly(circleUrl, 'Ada');
    const bo = await joinRelayOnly(circleUrl, 'Bo');

    const before = await Promise.all([inboundFlowing(ada), inboundFlowing(bo)]);
    await ada.waitForTimeout(2000);
    const after = await Promise.all([inboundFlowing(ada), inboundFlowing(bo)]);
    for (const i of [0, 1]) {
      expect(after[i]!.audioBytes).toBeGreaterThan(before[i]!.audioBytes);
      expect(after[i]!.videoBytes).toBeGreaterThan(before[i]!.videoBytes);
    }

    // Every transport of both pages sends through a relay candidate, not a direct one.
    for (const page of [ada, bo]) {
      const routes = await iceRoutes(page);
      expect(routes.map((r) => r.direction).sort()).toEqual(['recv', 'send']);
      for (const route of routes) expect(route).toMatchObject({ localCandidateType: 'relay', relayProtocol: protocol });
    }
    await ada.context().close();
    await bo.context().close();
  } finally {
    await server.stop();
  }
  // coturn checked the HMAC credentials and relayed to the SFU on loopback.
  expect(coturn.output()).toMatch(/ALLOCATE processed, success/);
});

it('a credential signed with another secret is refused by coturn, and relay-only then carries nothing', async () => {
  const server = await startServerProcess({ TURN_URLS: `turn:127.0.0.1:${coturn.port}?transport=udp`, TURN_SECRET: 'not-the-secret-coturn-has' });
  try {
    const page = await joinRelayOnly(`${server.url}/c/turn-wrong-${Date.now().toString(36)}`, 'Cy');
    const refused = /Cannot find credentials of user <(\d+):[\w-]+>/;
    const deadline = Date.now() + 20_000;
    while (!refused.test(coturn.output()) && Date.now() < deadline) await page.waitForTimeout(100);
    const expiry = Number(refused.exec(coturn.output())?.[1]);
    // The username is the one Hearth issued: its expiry is a day (the default lifetime) ahead.
    expect(Math.abs(expiry - (Date.now() / 1000 + 86400))).toBeLessThan(120);
    for (const route of await iceRoutes(page)) expect(route.localCandidateType).toBeNull();
    await page.context().close();
  } finally {
    await server.stop();
  }
});
