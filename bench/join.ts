/*
 * Join-latency benchmark: N real WebRTC peers (wrtc + mediasoup-client) join one circle
 * one after another on an in-process Hearth node; for every peer after the first it
 * measures how long it takes from starting the socket.io connection until remote video
 * arrives. Prints figures only (no pass/fail). See bench/README.md.
 *
 *   npm run bench:join -- --peers 8 --rounds 3
 *   MEDIASOUP_WORKERS=2 npx tsx bench/join.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { version as mediasoupVersion } from 'mediasoup';
import { version as mediasoupClientVersion } from 'mediasoup-client';
import { startTestServer, type TestServer } from '../tests/helpers/server';
import { installWrtcGlobals, SyntheticMedia } from './lib/media';
import { BenchPeer, type JoinMarks } from './lib/peer';
import { median, ms, summarise, table } from './lib/summary';

const USAGE = `Usage: npx tsx bench/join.ts [options]
  --peers N        peers joining the circle, one after another (default 8)
  --rounds R       repetitions, each with a fresh circle (default 3)
  --fps F          camera frame rate (default 15)
  --width W        camera width (default 320)
  --height H       camera height (default 240)
  --poll-ms P      getStats polling interval for the first-RTP mark (default 20)
  --settle-ms S    pause after each join has settled, before the next (default 500)
  --timeout-ms T   give up on a join after this long (default 20000)
Environment: MEDIASOUP_WORKERS (default 1).`;

function options(): {
  peers: number;
  rounds: number;
  fps: number;
  width: number;
  height: number;
  pollMs: number;
  settleMs: number;
  timeoutMs: number;
} {
  const { values } = parseArgs({
    options: {
      peers: { type: 'string', default: '8' },
      rounds: { type: 'string', default: '3' },
      fps: { type: 'string', default: '15' },
      width: { type: 'string', default: '320' },
      height: { type: 'string', default: '240' },
      'poll-ms': { type: 'string', default: '20' },
      'settle-ms': { type: 'string', default: '500' },
      'timeout-ms': { type: 'string', default: '20000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: keyof typeof values, min: number): number => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) {
      console.error(`--${name} must be an integer >= ${min}\n\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  const width = int('width', 16);
  const height = int('height', 16);
  if (width % 2 || height % 2) {
    console.error('--width and --height must be even (I420)');
    process.exit(2);
  }
  return {
    peers: int('peers', 2),
    rounds: int('rounds', 1),
    fps: int('fps', 1),
    width,
    height,
    pollMs: int('poll-ms', 1),
    settleMs: int('settle-ms', 0),
    timeoutMs: int('timeout-ms', 1000),
  };
}

/** One measured join. */
interface Sample {
  round: number;
  /** Peers already in the circle when this one joined. */
  present: number;
  marks: JoinMarks;
}

const sleep = (msec: number): Promise<void> => new Promise((r) => setTimeout(r, msec));

async function waitFor(what: string, cond: () => boolean, deadline: number): Promise<void> {
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function withDeadline<T>(what: string, p: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), Math.max(0, deadline - performance.now()));
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Milliseconds from `start` to a mark (NaN when it never happened). */
const since = (m: JoinMarks, key: keyof JoinMarks): number => (m[key] === undefined ? NaN : m[key] - m.start);
/** Milliseconds between two marks (NaN when either is missing). */
const between = (m: JoinMarks, from: keyof JoinMarks, to: keyof JoinMarks): number =>
  m[from] === undefined || m[to] === undefined ? NaN : m[to] - m[from];

/** Totals, each from the start of the socket.io connection. */
const TOTALS: [string, (m: JoinMarks) => number][] = [
  ['first video RTP', (m) => since(m, 'firstVideoRtp')],
  ['first video frame', (m) => since(m, 'firstVideoFrame')],
  ['video from everyone', (m) => since(m, 'allVideoFrames')],
  ['(first RTP seen by the poll)', (m) => since(m, 'firstVideoRtpSeen')],
];

/**
 * Milestones of a join in their usual order. A step is measured per join from the row
 * above; the steps add up to the first-video-RTP total (their medians need not).
 */
const TIMELINE: [string, keyof JoinMarks][] = [
  ['socket.io connected', 'connected'],
  ['joinCircle acked', 'joined'],
  ['recv transport created', 'recvTransport'],
  ['first consumer created', 'firstConsumer'],
  ['recv transport connected', 'recvConnected'],
  ['first video consumer resumed', 'firstVideoResumed'],
  ['first video RTP', 'firstVideoRtp'],
];

function report(title: string, samples: Sample[], failures: number): void {
  console.log(`\n=== ${title}: ${samples.length} joins measured${failures ? `, ${failures} failed/timed out` : ''} ===`);
  const rows = TOTALS.map(([name, f]) => {
    const s = summarise(samples.map((x) => f(x.marks)));
    return [name, String(s.count), ms(s.median), ms(s.p95), ms(s.min), ms(s.max)];
  });
  console.log(table(['ms since io() call', 'count', 'median', 'p95', 'min', 'max'], rows));
  console.log('');
  const timelineRows = TIMELINE.map(([name, key], i) => {
    const prev: keyof JoinMarks = i === 0 ? 'start' : TIMELINE[i - 1]![1];
    return [
      name,
      ms(median(samples.map((x) => since(x.marks, key)))),
      ms(median(samples.map((x) => between(x.marks, prev, key)))),
    ];
  });
  console.log(table(['milestone (median ms)', 'since io()', 'step'], timelineRows));
}

function reportByPresent(samples: Sample[], peers: number): void {
  console.log('\n=== by peers already present (median ms since io() over rounds) ===');
  const columns: [string, (m: JoinMarks) => number][] = [
    ['1st consumer', (m) => since(m, 'firstConsumer')],
    ['1st video resumed', (m) => since(m, 'firstVideoResumed')],
    ...TOTALS,
  ];
  const rows: string[][] = [];
  for (let present = 1; present < peers; present++) {
    const xs = samples.filter((s) => s.present === present);
    if (!xs.length) continue;
    rows.push([String(present), String(xs.length), ...columns.map(([, f]) => ms(median(xs.map((x) => f(x.marks)))))]);
  }
  console.log(table(['present', 'n', ...columns.map(([name]) => name.replace(/^\((.*)\)$/, '$1'))], rows));
}

/** CPU time (ms) the mediasoup workers have used so far. */
async function workerCpuMs(server: TestServer): Promise<number> {
  const usages = await Promise.all(server.hearth.pool.workers().map((w) => w.getResourceUsage().catch(() => null)));
  return usages.reduce((a, u) => a + (u ? u.ru_utime + u.ru_stime : 0), 0);
}

function packageVersion(name: string): string {
  try {
    let dir = path.dirname(require.resolve(name));
    while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

async function main(): Promise<void> {
  const opt = options();
  installWrtcGlobals();
  const workers = process.env.MEDIASOUP_WORKERS ?? '1';
  const server: TestServer = await startTestServer({
    MEDIASOUP_WORKERS: workers,
    MAX_PEERS_PER_CIRCLE: String(Math.min(100, Math.max(20, opt.peers))),
  });
  const media = new SyntheticMedia({ width: opt.width, height: opt.height, fps: opt.fps });

  const cpus = os.cpus();
  console.log('Hearth join benchmark');
  console.log(
    `  node ${process.version}, ${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), ${os.platform()} ${os.release()}`,
  );
  console.log(
    `  mediasoup ${mediasoupVersion} with ${server.config.workers} worker(s), mediasoup-client ${mediasoupClientVersion} (Chrome111 handler), @roamhq/wrtc ${packageVersion('@roamhq/wrtc')}`,
  );
  console.log(
    `  ${opt.peers} peers x ${opt.rounds} rounds; each sends VP8 ${opt.width}x${opt.height}@${opt.fps}fps (single encoding) + Opus (10 ms frames); stats poll ${opt.pollMs} ms; settle ${opt.settleMs} ms`,
  );

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpuStart = process.cpuUsage();
  const workerCpuStart = await workerCpuMs(server);
  const wallStart = performance.now();

  const all: Sample[] = [];
  let failedTotal = 0;
  let rateLimitedTotal = 0;
  const consumeErrors: string[] = [];
  for (let round = 1; round <= opt.rounds; round++) {
    const circleId = `bench-${round}-${Date.now().toString(36)}`;
    const peers: BenchPeer[] = [];
    const samples: Sample[] = [];
    let failed = 0;
    console.log(`\n--- round ${round}: circle ${circleId} ---`);
    for (let i = 0; i < opt.peers; i++) {
      const present = peers.length;
      const measure = present > 0;
      const peer = new BenchPeer({ url: server.url, circleId, displayName: `Peer ${i + 1}`, media, measure, pollMs: opt.pollMs });
      peers.push(peer);
      const deadline = performance.now() + opt.timeoutMs;
      try {
        await withDeadline(`peer ${i + 1} join`, peer.join(), deadline);
        // Settled: the joiner saw every camera, and everyone consumes everyone.
        if (measure) {
          await waitFor('first video RTP', () => peer.marks.firstVideoRtp !== undefined, deadline);
          await waitFor('video from everyone', () => peer.marks.allVideoFrames !== undefined, deadline);
        }
        await waitFor('full mesh of consumers', () => peers.every((p) => p.consumerCount === 2 * present), deadline);
        if (measure) {
          samples.push({ round, present, marks: { ...peer.marks } });
          const m = peer.marks;
          console.log(
            `  peer ${i + 1} (${present} present): first RTP ${ms(since(m, 'firstVideoRtp'))} ms (${peer.rtpPacketsAtDetection} pkts when seen), first frame ${ms(since(m, 'firstVideoFrame'))} ms, everyone ${ms(since(m, 'allVideoFrames'))} ms${peer.rateLimited ? ` [${peer.rateLimited} RATE_LIMITED retries]` : ''}`,
          );
        } else {
          console.log(`  peer ${i + 1} joined and produced in ${ms(since(peer.marks, 'produced'))} ms`);
        }
        peer.stopMeasuring();
      } catch (err) {
        failed++;
        console.log(`  peer ${i + 1}: FAILED ${(err as Error).message}; it leaves`);
        rateLimitedTotal += peer.rateLimited;
        peer.close();
        peers.pop();
      }
      await sleep(opt.settleMs);
    }
    for (const p of peers) {
      rateLimitedTotal += p.rateLimited;
      consumeErrors.push(...p.failures.map((e) => e.message));
      p.close();
    }
    report(`round ${round}`, samples, failed);
    all.push(...samples);
    failedTotal += failed;
    // Let the server process the leaves before the next circle starts.
    await sleep(500);
  }

  const wall = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  const workerCpu = (await workerCpuMs(server)) - workerCpuStart;
  loopDelay.disable();

  report(`overall (${opt.rounds} rounds)`, all, failedTotal);
  reportByPresent(all, opt.peers);
  const pct = (cpuMs: number): string => `${((cpuMs / wall) * 100).toFixed(0)}%`;
  console.log(
    `\nCPU over ${(wall / 1000).toFixed(1)} s (100% = one core of ${cpus.length}): this process (wrtc peers + Hearth's Node side) ${pct((cpu.user + cpu.system) / 1000)}, mediasoup worker(s) ${pct(workerCpu)}`,
  );
  // The histogram holds whole sampling intervals: subtract the 10 ms resolution to get the lag.
  const lag = (ns: number): string => `${Math.max(0, ns / 1e6 - 10).toFixed(1)} ms`;
  console.log(
    `event-loop lag of this process: p50 ${lag(loopDelay.percentile(50))}, p99 ${lag(loopDelay.percentile(99))}, max ${lag(loopDelay.max)}`,
  );
  if (rateLimitedTotal) console.log(`\nnote: ${rateLimitedTotal} request(s) answered RATE_LIMITED and retried after 100 ms`);
  if (consumeErrors.length) console.log(`\nnote: ${consumeErrors.length} background consume error(s), e.g. ${consumeErrors[0]}`);

  media.close();
  // Wait (briefly) for the worker processes to exit too, so none outlives the benchmark.
  const workersExited = Promise.all(
    server.hearth.pool
      .workers()
      .map((w) => (w.subprocessClosed ? Promise.resolve() : new Promise<void>((r) => w.once('subprocessclose', () => r())))),
  );
  await withDeadline('server close', server.close().then(() => workersExited), performance.now() + 5000).catch(
    (err: unknown) => console.error(`server close: ${(err as Error).message}`),
  );
}

main().then(
  // wrtc keeps native handles alive after everything is closed: exit explicitly.
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
