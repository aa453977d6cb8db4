/*
 * Join latency in real browsers: per round, a fresh circle; a first person joins in headless
 * Chromium and sends their (fake) camera; a second person opens the circle's page, sees the
 * pre-join screen with a live preview for a moment, and clicks Join. Timed, from that click,
 * in the second person's page: joinCircle sent / acked, device loaded, transports connected,
 * first consumer, first remote frame rendered. Real server (`server/dist`, `client/dist`: run
 * `npm run build` first), real pages. Prints figures only (no pass/fail). See bench/README.md.
 *
 *   npm run bench:join-browser
 *   npm run bench:join-browser -- --rounds 15 --prejoin-ms 1500
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../tests/helpers/browser';
import { startServerProcess } from '../tests/helpers/process';
import { installJoinProbe, readMarksScript, type ProbeMarks } from './lib/joinProbe';
import { ms, summarise, table } from './lib/summary';

const USAGE = `Usage: npx tsx bench/join-browser.ts [options]
  --rounds R       joins measured, each in a fresh circle (default 10)
  --prejoin-ms P   time the second person spends on the pre-join screen with a live preview
                   before clicking Join (default 1500)
  --timeout-ms T   give up on a join after this long (default 20000)
  --build DIR      measure another build: DIR/server/main.js and DIR/client (e.g. a copy of
                   server/dist and client/dist made before a change; default: this tree's)`;

function options(): { rounds: number; prejoinMs: number; timeoutMs: number; build: string | undefined } {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '10' },
      'prejoin-ms': { type: 'string', default: '1500' },
      'timeout-ms': { type: 'string', default: '20000' },
      build: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: 'rounds' | 'prejoin-ms' | 'timeout-ms', min: number): number => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) {
      console.error(`--${name} must be an integer >= ${min}\n\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  return { rounds: int('rounds', 1), prejoinMs: int('prejoin-ms', 0), timeoutMs: int('timeout-ms', 1000), build: values.build };
}

/** The steps printed, in order: [label, probe mark]. */
const STEPS: [string, string][] = [
  ['joinCircle sent', 'sent:joinCircle'],
  ['joinCircle acked', 'ack:joinCircle'],
  ['device loaded', 'deviceLoaded'],
  ['setRtpCapabilities acked', 'ack:setRtpCapabilities'],
  ['createTransport acked', 'ack:createTransport'],
  ['first consume acked', 'ack:consume'],
  ['first consumer track', 'firstConsumerTrack'],
  ['first video consumer track', 'firstVideoConsumerTrack'],
  ['recv transport connected', 'recvTransportConnected'],
  ['first resumeConsumer acked', 'ack:resumeConsumer'],
  ['first produce acked', 'ack:produce'],
  ['send transport connected', 'sendTransportConnected'],
  ['first video RTP (getStats poll)', 'firstVideoRtpSeen'],
  ['first frame decoded (getStats poll)', 'firstFrameDecodedSeen'],
  ['first remote videoWidth > 0', 'firstVideoWidth'],
  ['first remote frame rendered', 'firstFrameRendered'],
];

type Stamp = { at: number; flag: string };
// tsx (esbuild, keepNames) wraps named functions in `__name(…)`: give the page a no-op one.
const probeScript = `(() => { const __name = (f) => f; (${installJoinProbe.toString()})(); })()`;

async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.on('pageerror', (err) => console.error('  page error:', err.message));
  await page.addInitScript(probeScript);
  await page.goto(url);
  return page;
}

/** Waits until the page's own camera preview shows frames and the Join button is enabled. */
async function preJoinReady(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    () => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="tile"][data-self="true"] video');
      const join = Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Join');
      return !!v && v.videoWidth > 0 && !!join && !join.disabled;
    },
    undefined,
    { timeout: timeoutMs, polling: 20 },
  );
}

/** The first person: joins and is sending video. */
async function firstPerson(browser: Browser, url: string, timeoutMs: number): Promise<Page> {
  const page = await openPage(browser, url);
  await page.getByLabel('Your name').fill('Ada');
  await preJoinReady(page, timeoutMs);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForFunction(
    async () => {
      const hook = (window as unknown as { __hearth?: { stats(): Promise<{ outbound: { videoBytes: number } }> } }).__hearth;
      return ((await hook?.stats())?.outbound.videoBytes ?? 0) > 0;
    },
    undefined,
    { timeout: timeoutMs, polling: 50 },
  );
  return page;
}

async function measureRound(browser: Browser, baseUrl: string, round: number, prejoinMs: number, timeoutMs: number): Promise<Record<string, Stamp>> {
  const url = `${baseUrl}/c/bench-${Date.now().toString(36)}-${round}`;
  const ada = await firstPerson(browser, url, timeoutMs);
  const bo = await openPage(browser, url);
  try {
    await bo.getByLabel('Your name').fill('Bo');
    await preJoinReady(bo, timeoutMs);
    await bo.waitForTimeout(prejoinMs);
    await bo.getByRole('button', { name: 'Join' }).click();
    await bo.waitForFunction(() => 'firstFrameRendered' in (window as unknown as { __joinProbe: { marks: object } }).__joinProbe.marks, undefined, {
      timeout: timeoutMs,
      polling: 50,
    });
    // Anything still to come within a moment (e.g. the send transport) is recorded too.
    await bo.waitForTimeout(300);
    const marks: ProbeMarks = await bo.evaluate(readMarksScript);
    const click = marks.click;
    if (click === undefined) throw new Error('the click was not seen');
    const out: Record<string, Stamp> = {};
    for (const [, key] of STEPS) {
      const at = marks[key];
      if (at !== undefined) out[key] = { at: at - click, flag: at < click ? 'before click' : '' };
    }
    return out;
  } finally {
    await bo.context().close();
    await ada.context().close();
  }
}

async function main(): Promise<void> {
  const opts = options();
  const cpus = os.cpus();
  console.log('Hearth browser join benchmark');
  console.log(`  node ${process.version}, ${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), ${os.platform()} ${os.release()}`);
  console.log(`  load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the start (other processes share the cores)`);
  console.log(`  ${opts.rounds} rounds; pre-join screen shown ${opts.prejoinMs} ms with a live preview before the click`);
  const build = opts.build ? path.resolve(opts.build) : undefined;
  if (build) console.log(`  build: ${build}`);
  const server = build ? await startServerProcess({ CLIENT_DIR: path.join(build, 'client') }, { main: path.join(build, 'server', 'main.js') }) : await startServerProcess();
  const browser = await launchChromium();
  console.log(`  Chromium ${browser.version()}, server ${server.url}`);
  const rounds: Record<string, Stamp>[] = [];
  let failed = 0;
  try {
    for (let r = 1; r <= opts.rounds; r++) {
      try {
        const stamps = await measureRound(browser, server.url, r, opts.prejoinMs, opts.timeoutMs);
        rounds.push(stamps);
        const f = stamps.firstFrameRendered?.at;
        console.log(`  round ${r}: first remote frame rendered ${ms(f ?? NaN)} ms after the click`);
      } catch (err) {
        failed++;
        console.log(`  round ${r}: FAILED ${(err as Error).message.split('\n')[0]}`);
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }

  console.log(`\n  load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
  console.log(`\n=== ms since the click on Join: ${rounds.length} joins${failed ? `, ${failed} failed` : ''} ===`);
  const rows: string[][] = [];
  for (const [label, key] of STEPS) {
    const values = rounds.map((r) => r[key]?.at).filter((v): v is number => v !== undefined);
    if (values.length === 0) {
      rows.push([label, '0', '-', '-', '-', '-', 'not seen']);
      continue;
    }
    const s = summarise(values);
    const before = rounds.filter((r) => r[key]?.flag).length;
    rows.push([label, String(s.count), ms(s.median), ms(s.p95), ms(s.min), ms(s.max), before ? `${before}× before click (pre-join)` : '']);
  }
  console.log(table(['step', 'n', 'median', 'p95', 'min', 'max', 'note'], rows));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
