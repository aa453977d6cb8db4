import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConsoleMessage } from 'playwright-core';
import { joinThroughUi, useServerAndBrowser } from '../helpers/e2e';

jest.setTimeout(120_000);

const ctx = useServerAndBrowser();

/** Another site: a page of its own origin, which will try to reach Hearth's socket. */
let evil: http.Server;
let evilUrl: string;
beforeAll(async () => {
  evil = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise((resolve) => evil?.close(resolve)));

/** In the page: opens a raw engine.io WebSocket to `target` and reports what happened. */
function tryWebSocket(target: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${target.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    ws.onmessage = (m) => {
      ws.close();
      resolve(`open: ${String(m.data).slice(0, 1)}`);
    };
    ws.onerror = () => resolve('refused');
  });
}

it('another site’s page cannot open Hearth’s socket; Hearth’s own page can, with camera and mic', async () => {
  const page = await (await ctx.browser.newContext()).newPage();
  await page.goto(evilUrl);
  expect(await page.evaluate(tryWebSocket, ctx.server.url)).toBe('refused');
  // A cross-origin polling handshake is refused too (and unreadable anyway without CORS).
  const polling = await page.evaluate(async (target) => {
    try {
      const res = await fetch(`${target}/socket.io/?EIO=4&transport=polling`, { credentials: 'include' });
      return `status ${res.status}`;
    } catch {
      return 'blocked';
    }
  }, ctx.server.url);
  expect(polling).toBe('blocked');
  expect(ctx.server.output()).not.toMatch(/"level":50/);

  // Hearth's own page (the server's address): the engine handshake opens, and joining works.
  await page.goto(ctx.server.url);
  expect(await page.evaluate(tryWebSocket, ctx.server.url)).toBe('open: 0');
  const circle = await joinThroughUi(ctx.browser, `${ctx.server.url}/c/edge-${Date.now().toString(36)}`, 'Ada');
  await circle.locator('[data-testid="tile"][data-self="true"]').waitFor();
});

it('the browser applies the Permissions-Policy without complaint: camera and mic here, no geolocation or capture', async () => {
  const page = await (await ctx.browser.newContext()).newPage();
  const warnings: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (/error with permissions-policy|unrecognized feature/i.test(m.text())) warnings.push(m.text());
  });
  await page.goto(ctx.server.url);
  const allowed = await page.evaluate(() => {
    const policy = (document as unknown as { featurePolicy?: { allowsFeature(f: string): boolean } }).featurePolicy;
    return policy ? Object.fromEntries(['camera', 'microphone', 'geolocation', 'display-capture', 'payment', 'usb'].map((f) => [f, policy.allowsFeature(f)])) : null;
  });
  expect(allowed).toEqual({ camera: true, microphone: true, geolocation: false, 'display-capture': false, payment: false, usb: false });
  const geolocation = await page.evaluate(
    () =>
      new Promise<string>((resolve) =>
        navigator.geolocation.getCurrentPosition(
          () => resolve('granted'),
          (e) => resolve(`denied ${e.code}`),
        ),
      ),
  );
  expect(geolocation).toBe('denied 1');
  expect(warnings).toEqual([]);
});
