/*
 * Failover benchmark: 2 nodes on one Redis, N circles x M people all homed on node A.
 * 1. SIGKILL node A: times until every client is back in its circle on node B (signalling:
 *    the clients roam as the browser does, tests/helpers/cluster.ts), and until each
 *    circle shows everyone present again with its queue intact.
 * 2. A fresh node C joins; SIGTERM node B (a rolling restart): the same timings, onto C.
 * Besides, `--browsers` Chromium pages (fake camera and mic) sit in one more circle, opened
 * through a load balancer in front of the nodes: per step, the time until each is back in
 * the circle and gets video from everyone again.
 * Figures only, no assertions. See bench/README.md.
 *
 *   npm run bench:failover
 *   npm run bench:failover -- --circles 20 --people 8
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { CircleView } from '@hearth/shared';
import { joinRoaming, type RoamingMember } from '../tests/helpers/cluster';
import type { ServerProcess } from '../tests/helpers/process';
import { startBalancer } from '../tests/helpers/balancer';
import { mediaBack, openBrowserCircle, type BrowserCircle, type MediaBack } from './lib/browserCircle';
import { startCluster, type Cluster } from './lib/cluster';
import { processCpuMs } from './lib/floorProc';
import { msCell, percentiles } from './lib/floorStats';
import { table } from './lib/summary';

const USAGE = `Usage: npx tsx bench/failover.ts [options]
  --circles N   circles, all homed on the node that is killed (default 10)
  --people M    people per circle, >= 2 (default 6)
  --browsers B  Chromium pages in one more circle, through a load balancer (default 2; 0: none)
  --timeout-s T give up waiting for clients after T s per step (default 30)
Needs built server and shared: npm run build -w shared && npm run build -w server.`;

function options() {
  const { values } = parseArgs({
    options: {
      circles: { type: 'string', default: '10' },
      people: { type: 'string', default: '6' },
      'timeout-s': { type: 'string', default: '30' },
      browsers: { type: 'string', default: '2' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, raw: string, min: number, max: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      console.error(`--${name} must be an integer in [${min}, ${max}]\n\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  return {
    circles: int('circles', values.circles, 1, 500),
    people: int('people', values.people, 2, 50),
    timeoutMs: int('timeout-s', values['timeout-s'], 5, 300) * 1000,
    browsers: int('browsers', values.browsers, 0, 6),
  };
}
type Options = ReturnType<typeof options>;

interface Circle {
  id: string;
  people: RoamingMember[];
  /** The queue (participant ids in order) before the node went away. */
  queue: string[];
}

const served = (v: CircleView): string[] => v.queue.map((e) => e.participantId);
const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref())]);

interface StepResult {
  title: string;
  /** Per client: ms from the signal to its successful rejoin (NaN: not within the timeout). */
  rejoinMs: number[];
  /** Per circle: ms until its facilitator saw everyone present with the old queue. */
  inPlaceMs: number[];
  /** Circles whose queue came back in the same order. */
  queuesKept: number;
  /** Clients now on the node expected. */
  onTarget: number;
  /** CPU ms the receiving node spent from the signal until every circle was back. */
  targetCpuMs: number;
  /** The receiving node's CPU in the 1 s before the signal (idle), ms. */
  targetIdleCpuMs: number;
  /** Per browser page: back in the circle, and video from everyone again. */
  media: MediaBack[];
}

async function step(
  title: string,
  circles: Circle[],
  victim: ServerProcess,
  signal: 'SIGKILL' | 'SIGTERM',
  target: ServerProcess,
  cluster: Cluster,
  opt: Options,
  browsers: BrowserCircle | undefined,
): Promise<StepResult> {
  const people = circles.flatMap((c) => c.people);
  const idleFrom = processCpuMs(target.child.pid);
  await new Promise((r) => setTimeout(r, 1000));
  const cpuFrom = processCpuMs(target.child.pid);
  const rejoins = people.map((p) => p.nextJoin());
  const t0 = Date.now();
  victim.child.kill(signal);
  const pages = browsers?.pages ?? [];
  const media = Promise.all(pages.map((page) => mediaBack(page, pages.length - 1, t0, opt.timeoutMs)));
  const rejoinMs = await Promise.all(rejoins.map((p) => withTimeout(p.then(() => Date.now() - t0), opt.timeoutMs).then((v) => v ?? NaN)));
  let queuesKept = 0;
  const inPlaceMs = await Promise.all(
    circles.map(async (c) => {
      const n = c.people.length;
      const v = await c.people[0]!.waitForView((x) => x.participants.length === n && x.participants.every((p) => p.presence === 'present'), opt.timeoutMs).catch(() => undefined);
      if (!v) return NaN;
      const at = Date.now() - t0;
      if (JSON.stringify(served(v)) === JSON.stringify(c.queue)) queuesKept++;
      return at;
    }),
  );
  const cpuTo = processCpuMs(target.child.pid);
  const t = cluster.nodes.indexOf(target);
  return {
    title,
    rejoinMs,
    inPlaceMs,
    queuesKept,
    onTarget: people.filter((p) => cluster.nodeOf(p.url) === t).length,
    targetCpuMs: cpuTo - cpuFrom,
    targetIdleCpuMs: cpuFrom - idleFrom,
    media: await media,
  };
}

function mediaRows(media: MediaBack[]): string[][] {
  if (media.length === 0) return [];
  const row = (label: string, values: number[]): string[] => {
    const q = percentiles(values);
    return [`${label} (of ${media.length})`, String(q.count), msCell(q.p50), msCell(q.p95), msCell(q.max)];
  };
  return [
    row('browser: noticed the loss', media.map((m) => m.noticedMs)),
    row('browser: back in the circle', media.map((m) => m.rejoinedMs)),
    row('browser: video from everyone again', media.map((m) => m.videoMs)),
  ];
}

function print(r: StepResult, opt: Options, targetName: string): void {
  const rj = percentiles(r.rejoinMs);
  const ip = percentiles(r.inPlaceMs);
  const clients = opt.circles * opt.people;
  console.log(`\n--- ${r.title} ---`);
  console.log(
    table(
      ['ms after the signal', 'count', 'p50', 'p95', 'max'],
      [
        [`client rejoined (of ${clients})`, String(rj.count), msCell(rj.p50), msCell(rj.p95), msCell(rj.max)],
        [`circle: everyone present again (of ${opt.circles})`, String(ip.count), msCell(ip.p50), msCell(ip.p95), msCell(ip.max)],
        ...mediaRows(r.media),
      ],
    ),
  );
  console.log(`clients on node ${targetName} now: ${r.onTarget} of ${clients}; circles whose queue came back in the same order: ${r.queuesKept} of ${opt.circles}`);
  console.log(`node ${targetName} CPU from the signal until everyone was back: ${r.targetCpuMs.toFixed(0)} ms (${(r.targetCpuMs / clients).toFixed(1)} ms per rejoin; idle: ${r.targetIdleCpuMs.toFixed(0)} ms/s)`);
}

async function main(): Promise<void> {
  const opt = options();
  const cpus = os.cpus();
  console.log('Hearth failover benchmark (signalling, and media in browsers)');
  console.log(`  node ${process.version}, ${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), ${os.platform()} ${os.release()}`);
  console.log(`  2 nodes (server/dist/main.js, LOG_LEVEL=warn) + 1 Redis; ${opt.circles} circles x ${opt.people} people, all homed on node A, queue mode, everyone but the facilitator's hand raised`);
  console.log('  clients: socket.io, the roaming logic of tests/helpers/cluster.ts (own node first, then the others, 250 ms apart; follows MOVED; rejoins with its token)');
  if (opt.browsers > 0) console.log(`  browsers: ${opt.browsers} Chromium pages (fake camera and mic) in one more circle, opened through a load balancer in front of the nodes (first node that accepts)`);
  // The deployment's one URL for the browsers; the nodes accept pages from its origin.
  const lb = await startBalancer();
  const cluster = await startCluster(2, true, { ALLOWED_ORIGINS: lb.url });
  const [a, b] = cluster.nodes as [ServerProcess, ServerProcess];
  lb.upstreams.push(a.url, b.url);
  let browsers: BrowserCircle | undefined;
  // The roaming clients read this list when they roam: nodes are added and removed as they come and go.
  const urls = [a.url, b.url];
  const circles: Circle[] = [];
  const results: StepResult[] = [];
  try {
    const stamp = Date.now().toString(36);
    const t = Date.now();
    for (let from = 0; from < opt.circles; from += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, opt.circles - from) }, async (_, k) => {
          const id = `failover-${stamp}-${from + k}`;
          const people: RoamingMember[] = [];
          for (let j = 0; j < opt.people; j++) people.push(await joinRoaming(urls, id, j === 0 ? 'Facilitator' : `Person ${j}`, 0));
          const ack = await people[0]!.send({ type: 'setMode', mode: 'queue' });
          if (!ack.ok) throw new Error(`setMode: ${ack.error.code}`);
          for (const p of people.slice(1)) {
            const r = await p.send({ type: 'raiseHand' });
            if (!r.ok) throw new Error(`raiseHand: ${r.error.code}`);
          }
          const v = await people[0]!.waitForView((x) => x.queue.length + (x.floor?.holderId ? 1 : 0) >= opt.people - 1 || x.queue.length >= opt.people - 2);
          return { id, people, queue: served(v) };
        }),
      );
      circles.push(...batch);
    }
    const onA = circles.flatMap((c) => c.people).filter((p) => cluster.nodeOf(p.url) === 0).length;
    console.log(`\n${opt.circles * opt.people} clients joined in ${((Date.now() - t) / 1000).toFixed(1)} s; on node A: ${onA}`);
    if (opt.browsers > 0) {
      browsers = await openBrowserCircle(lb.url, `failover-${stamp}-browsers`, opt.browsers);
      console.log(`${opt.browsers} browser pages joined through the balancer, each getting video from the others`);
    }

    const killed = await step('SIGKILL node A (the home of every circle): clients move to node B', circles, a, 'SIGKILL', b, cluster, opt, browsers);
    print(killed, opt, 'B');
    results.push(killed);

    // A rolling restart next: a fresh node C takes B's place in the list, then B is told to stop.
    const c = await cluster.addNode();
    urls.splice(0, urls.length, b.url, c.url);
    lb.upstreams.splice(0, lb.upstreams.length, b.url, c.url);
    for (const circle of circles) {
      const v = circle.people[0]!.view;
      circle.queue = served(v);
    }
    const drained = await step('SIGTERM node B (rolling restart; node C has joined): clients move to node C', circles, b, 'SIGTERM', c, cluster, opt, browsers);
    print(drained, opt, 'C');
    results.push(drained);
  } finally {
    for (const p of circles.flatMap((x) => x.people)) p.close();
    await browsers?.close();
    await cluster.stop();
    await lb.close();
  }
  console.log(`\n=== summary: ${opt.circles} circles x ${opt.people} people (target: failover < 10 s) ===`);
  console.log(
    table(
      ['step', 'rejoined', 'rejoin p50', 'rejoin max', 'circles back', 'in place p50', 'in place max', 'queues kept', 'browsers: video again, max'],
      results.map((r) => {
        const rj = percentiles(r.rejoinMs);
        const ip = percentiles(r.inPlaceMs);
        const video = percentiles(r.media.map((m) => m.videoMs));
        const media = r.media.length === 0 ? '-' : `${video.count}/${r.media.length}, ${msCell(video.max)}`;
        return [r.title.split(' (')[0]!, `${rj.count}/${r.rejoinMs.length}`, msCell(rj.p50), msCell(rj.max), `${ip.count}/${r.inPlaceMs.length}`, msCell(ip.p50), msCell(ip.max), `${r.queuesKept}/${r.inPlaceMs.length}`, media];
      }),
    ),
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
