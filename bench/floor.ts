/*
 * Floor-change benchmark: many circles at once, each with a facilitator handing the floor
 * around in directed mode. Measures how long a floor change takes to reach every client of
 * the circle, and how many rules commands per second a node accepts when facilitators send
 * them back-to-back. Runs against real server processes (`node server/dist/main.js`): one
 * node with the embedded store, one node with Redis, two nodes sharing one Redis. Clients
 * only join and send rules commands (no media). Prints figures only. See bench/README.md.
 *
 *   npm run bench:floor
 *   npm run bench:floor -- --circles 20 --people 8 --interval-ms 100 --seconds 10
 *   npm run bench:floor -- --topology redis-2 --senders 1
 */
import os from 'node:os';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { ClientCircleCommand } from '@hearth/shared';
import { joinAs, sendOk, type Member } from '../tests/helpers/circle';
import type { ServerProcess } from '../tests/helpers/process';
import { bump, countsLine, NODE_LETTERS, startCluster, thrownCode, type Cluster } from './lib/cluster';
import { machineCpu, processCpuMs, type MachineCpu, type RedisCounters, type RedisProbe } from './lib/floorProc';
import { msCell, num, percentileCells, percentiles } from './lib/floorStats';
import { table } from './lib/summary';

const TOPOLOGIES = {
  embedded: { title: '1 node, embedded store', nodes: 1, redis: false },
  redis: { title: '1 node, Redis store', nodes: 1, redis: true },
  'redis-2': { title: '2 nodes sharing one Redis', nodes: 2, redis: true },
  'redis-4': { title: '4 nodes sharing one Redis', nodes: 4, redis: true },
} as const;
type TopologyName = keyof typeof TOPOLOGIES;
const TOPOLOGY_NAMES = Object.keys(TOPOLOGIES) as TopologyName[];

const USAGE = `Usage: npx tsx bench/floor.ts [options]
  --circles C             circles active at once (default 20; the issue's full size: 200)
  --people P              people per circle, facilitator included, >= 3 (default 12)
  --interval-ms I         latency phase: each facilitator gives the floor every I ms (default 100)
  --seconds D             length of each measured phase (default 5)
  --saturation-seconds S  length of the saturation phase (default: --seconds)
  --warmup-ms W           unmeasured start of each phase (default 1000)
  --senders N             saturation: people per circle sending back-to-back, promoted to
                          co-facilitators (default: --people; 1 = the facilitator only)
  --topology LIST         comma-separated, of ${TOPOLOGY_NAMES.join(', ')} (default: all)
  --no-saturation         skip the saturation phase
Environment: MEDIASOUP_WORKERS per node (default 1).
Needs built server and shared: npm run build -w shared && npm run build -w server.`;

interface Options {
  circles: number;
  people: number;
  intervalMs: number;
  seconds: number;
  saturationSeconds: number;
  warmupMs: number;
  senders: number;
  topologies: TopologyName[];
  saturation: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      circles: { type: 'string', default: '20' },
      people: { type: 'string', default: '12' },
      'interval-ms': { type: 'string', default: '100' },
      seconds: { type: 'string', default: '5' },
      'saturation-seconds': { type: 'string' },
      'warmup-ms': { type: 'string', default: '1000' },
      senders: { type: 'string' },
      topology: { type: 'string', default: TOPOLOGY_NAMES.join(',') },
      'no-saturation': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const bad = (msg: string): never => {
    console.error(`${msg}\n\n${USAGE}`);
    process.exit(2);
  };
  const int = (name: string, raw: string | undefined, min: number, max = Infinity): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) bad(`--${name} must be an integer in [${min}, ${max}]`);
    return n;
  };
  // A node takes at most 100 people per circle (MAX_PEERS_PER_CIRCLE).
  const people = int('people', values.people, 3, 100);
  const seconds = int('seconds', values.seconds, 1);
  const topologies = values.topology.split(',').map((t) => t.trim()).filter(Boolean);
  for (const t of topologies) if (!(t in TOPOLOGIES)) bad(`unknown topology "${t}"`);
  if (topologies.length === 0) bad('--topology lists nothing');
  return {
    circles: int('circles', values.circles, 1),
    people,
    intervalMs: int('interval-ms', values['interval-ms'], 1),
    seconds,
    saturationSeconds: values['saturation-seconds'] === undefined ? seconds : int('saturation-seconds', values['saturation-seconds'], 1),
    warmupMs: int('warmup-ms', values['warmup-ms'], 0),
    senders: values.senders === undefined ? people : int('senders', values.senders, 1, people),
    topologies: topologies as TopologyName[],
    saturation: !values['no-saturation'],
  };
}

const sleep = (msec: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, msec)));
const now = (): number => performance.now();

/** One socket in a circle, with every `circleState` it received while recording. */
interface Client {
  member: Member;
  circle: number;
  /** 0 is the facilitator. */
  index: number;
  /** Which node it is connected to (the circle's home: joins elsewhere were MOVED there). */
  node: number;
  /** Highest view version received so far. */
  latest: number;
  /** Views received in total. */
  views: number;
  /** circleEvent notifications received in total. */
  events: number;
  recording: boolean;
  /** Arrivals while recording, in arrival order. */
  versions: number[];
  times: number[];
  holders: (string | null)[];
}

interface Circle {
  id: string;
  clients: Client[];
  facilitator: Client;
  /** Highest version acked for a command in this circle. */
  acked: number;
}

function watch(member: Member, circle: number, index: number, node: number): Client {
  const c: Client = {
    member, circle, index, node, latest: member.view.version, views: 0, events: 0, recording: false, versions: [], times: [], holders: [],
  };
  member.socket.on('circleEvent', () => {
    c.events++;
  });
  member.socket.on('circleState', (view) => {
    const t = now();
    c.views++;
    if (view.version > c.latest) c.latest = view.version;
    if (c.recording) {
      c.versions.push(view.version);
      c.times.push(t);
      c.holders.push(view.floor?.holderId ?? null);
    }
  });
  return c;
}

/** Waits until every client of every circle has seen the circle's highest acked version. */
async function settled(circles: Circle[], timeoutMs: number): Promise<boolean> {
  const deadline = now() + timeoutMs;
  while (!circles.every((c) => c.clients.every((x) => x.latest >= c.acked))) {
    if (now() > deadline) return false;
    await sleep(2);
  }
  return true;
}

/**
 * Circle i's facilitator joins first, through node i mod N (so that node becomes its home and
 * the homes spread evenly); everyone else enters through the nodes in turn and, when that is
 * not the home, follows MOVED there (`joinAs`), as the browser does. `moved` counts those.
 */
async function joinCircles(cluster: Cluster, opt: Options, tag: string): Promise<{ circles: Circle[]; moved: number }> {
  const stamp = Date.now().toString(36);
  const nodes = cluster.nodes;
  let moved = 0;
  const landed = (entry: number, m: Member): number => {
    const node = cluster.nodeOf(m.url);
    if (node < 0) throw new Error(`a join ended on ${m.url}, which is none of the nodes`);
    if (node !== entry) moved++;
    return node;
  };
  // At most 50 circles joining at once: 2400 sockets opening together only measure the backlog.
  const circles: Circle[] = [];
  for (let from = 0; from < opt.circles; from += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, opt.circles - from) }, async (_, k) => {
        const ci = from + k;
        const id = `floor-${tag}-${stamp}-${ci}`;
        const entry = ci % nodes.length;
        const fm = await joinAs(nodes[entry]!.url, id, 'Facilitator');
        const fac = watch(fm, ci, 0, landed(entry, fm));
        const circle: Circle = { id, clients: [fac], facilitator: fac, acked: 0 };
        circle.acked = await sendOk(fac.member, { type: 'setMode', mode: 'directed' });
        for (let j = 1; j < opt.people; j++) {
          const at = (ci + j) % nodes.length;
          const m = await joinAs(nodes[at]!.url, id, `Person ${j}`);
          circle.acked = Math.max(circle.acked, m.view.version);
          circle.clients.push(watch(m, ci, j, landed(at, m)));
        }
        return circle;
      }),
    );
    circles.push(...batch);
  }
  return { circles, moved };
}

/** CPU of the machine, the node processes, the benchmark process and Redis; messages received per node. */
interface Snapshot {
  at: number;
  machine: MachineCpu;
  nodeCpuMs: number[];
  benchCpuMs: number;
  redis: RedisCounters | undefined;
  viewsByNode: number[];
  eventsByNode: number[];
}

async function snapshot(nodes: ServerProcess[], clients: Client[], probe: RedisProbe | undefined): Promise<Snapshot> {
  const at = now();
  const cpu = process.cpuUsage();
  const sumByNode = (f: (c: Client) => number): number[] =>
    nodes.map((_, n) => clients.filter((c) => c.node === n).reduce((a, c) => a + f(c), 0));
  return {
    at,
    machine: machineCpu(),
    nodeCpuMs: nodes.map((n) => processCpuMs(n.child.pid)),
    benchCpuMs: (cpu.user + cpu.system) / 1000,
    redis: probe ? await probe.counters().catch(() => undefined) : undefined,
    viewsByNode: sumByNode((c) => c.views),
    eventsByNode: sumByNode((c) => c.events),
  };
}

interface Usage {
  seconds: number;
  /** % of one core. */
  nodeCpu: number[];
  benchCpu: number;
  redisCpu: number;
  redisCommands: number;
  /** The whole machine, and the part of it outside the processes above (mediasoup workers, anything else running). */
  machineBusy: number;
  machineOther: number;
  steal: number;
  viewsByNode: number[];
  eventsByNode: number[];
}

function usage(a: Snapshot, b: Snapshot): Usage {
  const wall = b.at - a.at;
  const pct = (ms: number): number => (ms / wall) * 100;
  const nodeCpu = a.nodeCpuMs.map((v, i) => pct(b.nodeCpuMs[i]! - v));
  const benchCpu = pct(b.benchCpuMs - a.benchCpuMs);
  const redisCpu = a.redis && b.redis ? pct(b.redis.cpuMs - a.redis.cpuMs) : NaN;
  const machineBusy = pct(b.machine.busyMs - a.machine.busyMs);
  const known = nodeCpu.reduce((x, y) => x + y, 0) + benchCpu + (Number.isFinite(redisCpu) ? redisCpu : 0);
  return {
    seconds: wall / 1000,
    nodeCpu,
    benchCpu,
    redisCpu,
    redisCommands: a.redis && b.redis ? b.redis.commands - a.redis.commands : NaN,
    machineBusy,
    machineOther: Math.max(0, machineBusy - known),
    steal: pct(b.machine.stealMs - a.machine.stealMs),
    viewsByNode: a.viewsByNode.map((v, i) => b.viewsByNode[i]! - v),
    eventsByNode: a.eventsByNode.map((v, i) => b.eventsByNode[i]! - v),
  };
}

function usageLine(u: Usage, nodes: number): string {
  const parts = Array.from({ length: nodes }, (_, i) => `node ${NODE_LETTERS[i]} ${num(u.nodeCpu[i]!)}%`);
  if (Number.isFinite(u.redisCpu)) parts.push(`redis-server ${num(u.redisCpu)}%`);
  parts.push(`this process (all clients) ${num(u.benchCpu)}%`);
  const cores = os.cpus().length;
  const machine = Number.isFinite(u.machineBusy)
    ? `; whole machine ${num(u.machineBusy)}% of ${cores * 100}% (other processes ${num(u.machineOther)}%, steal ${num(u.steal)}%)`
    : '';
  return `CPU (100% = one core): ${parts.join(', ')}${machine}`;
}

/** The histogram holds whole sampling intervals: subtract the 10 ms resolution to get the lag. */
function lagLine(h: IntervalHistogram): string {
  const lag = (ns: number): string => `${Math.max(0, ns / 1e6 - 10).toFixed(1)} ms`;
  return `event-loop lag of this process: p50 ${lag(h.percentile(50))}, p99 ${lag(h.percentile(99))}, max ${lag(h.max)}`;
}

// ---- phase 1: floor-change latency at a steady rate ----------------------------------

interface Change {
  circle: number;
  t0: number;
  ackAt: number;
  version: number;
  holder: string | null;
}

interface LatencyResult {
  ack: number[];
  first: number[];
  all: number[];
  /** Per node: until the last client on that node had it. */
  allByNode: number[][];
  sent: number;
  refused: Map<string, number>;
  missing: number;
  mismatched: number;
  skipped: number;
  drained: boolean;
  usage: Usage;
  lag: string;
  viewBytes: { facilitator: number; member: number };
}

async function latencyPhase(circles: Circle[], nodes: ServerProcess[], opt: Options, probe: RedisProbe | undefined): Promise<LatencyResult> {
  const clients = circles.flatMap((c) => c.clients);
  const viewBytes = {
    facilitator: JSON.stringify(circles[0]!.facilitator.member.view).length,
    member: JSON.stringify(circles[0]!.clients[1]!.member.view).length,
  };
  for (const c of clients) Object.assign(c, { recording: true, versions: [], times: [], holders: [] });
  const changes: Change[] = [];
  const refused = new Map<string, number>();
  const pending: Promise<void>[] = [];
  const start = now() + 20;
  const measureFrom = start + opt.warmupMs;
  const end = measureFrom + opt.seconds * 1000;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  let before: Snapshot | undefined;
  const beforeTaken = sleep(measureFrom - now()).then(async () => {
    before = await snapshot(nodes, clients, probe);
    lag.enable();
  });

  await Promise.all(
    circles.map(async (circle, ci) => {
      const members = circle.clients.slice(1);
      // Spread the circles over the interval so they do not all send in the same ms.
      const first = start + (ci * opt.intervalMs) / circles.length;
      for (let k = 0; ; k++) {
        const due = first + k * opt.intervalMs;
        if (due >= end) break;
        await sleep(due - now());
        // Round the other members: never the one who holds the floor, so never refused.
        const to = members[k % members.length]!.member.id;
        const command: ClientCircleCommand = { type: 'giveFloor', to };
        const t0 = now();
        pending.push(
          circle.facilitator.member.send(command).then(
            (ack) => {
              const ackAt = now();
              if (!ack.ok) {
                bump(refused, ack.error.code);
                return;
              }
              circle.acked = Math.max(circle.acked, ack.data.version);
              if (t0 >= measureFrom) changes.push({ circle: ci, t0, ackAt, version: ack.data.version, holder: to });
            },
            (err: unknown) => bump(refused, thrownCode(err)),
          ),
        );
      }
    }),
  );
  await beforeTaken;
  const after = await snapshot(nodes, clients, probe);
  lag.disable();
  await Promise.all(pending);
  const drained = await settled(circles, 10_000);
  for (const c of clients) c.recording = false;

  const result: LatencyResult = {
    ack: [], first: [], all: [], allByNode: nodes.map(() => []), sent: changes.length, refused,
    missing: 0, mismatched: 0, skipped: 0, drained, usage: usage(before!, after), lag: lagLine(lag), viewBytes,
  };
  for (const ch of changes) {
    let first = Infinity;
    let last = -Infinity;
    const lastByNode = nodes.map(() => -Infinity);
    let complete = true;
    for (const c of circles[ch.circle]!.clients) {
      const i = c.versions.findIndex((v) => v >= ch.version);
      if (i < 0) {
        result.missing++;
        complete = false;
        continue;
      }
      if (c.versions[i] === ch.version) {
        if (c.holders[i] !== ch.holder) result.mismatched++;
      } else result.skipped++;
      const t = c.times[i]!;
      first = Math.min(first, t);
      last = Math.max(last, t);
      lastByNode[c.node] = Math.max(lastByNode[c.node]!, t);
    }
    result.ack.push(ch.ackAt - ch.t0);
    result.first.push(first - ch.t0);
    if (complete) {
      result.all.push(last - ch.t0);
      lastByNode.forEach((t, n) => {
        if (Number.isFinite(t)) result.allByNode[n]!.push(t - ch.t0);
      });
    }
  }
  return result;
}

// ---- phase 2: commands per second, back-to-back ------------------------------------

interface NodeCount {
  accepted: number;
  refused: number;
  rateLimited: number;
  errors: number;
  ackMs: number[];
}

interface SaturationResult {
  senders: number;
  byNode: NodeCount[];
  errorCodes: Map<string, number>;
  usage: Usage;
  lag: string;
  drainMs: number;
  drained: boolean;
}

async function saturationPhase(circles: Circle[], nodes: ServerProcess[], opt: Options, probe: RedisProbe | undefined): Promise<SaturationResult> {
  const clients = circles.flatMap((c) => c.clients);
  // Only facilitators may give the floor; more senders than the facilitator are promoted.
  await Promise.all(
    circles.map(async (circle) => {
      for (const c of circle.clients.slice(1, opt.senders)) {
        if (c.member.view.you?.role === 'facilitator') continue;
        circle.acked = Math.max(circle.acked, await sendOk(circle.facilitator.member, { type: 'promote', target: c.member.id }));
      }
    }),
  );
  await settled(circles, 10_000);
  // Let the rate limiter's window see the promotions as old news.
  await sleep(200);

  const byNode: NodeCount[] = nodes.map(() => ({ accepted: 0, refused: 0, rateLimited: 0, errors: 0, ackMs: [] }));
  const errorCodes = new Map<string, number>();
  const start = now();
  const measureFrom = start + opt.warmupMs;
  const end = measureFrom + opt.saturationSeconds * 1000;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  let before: Snapshot | undefined;
  const beforeTaken = sleep(measureFrom - now()).then(async () => {
    before = await snapshot(nodes, clients, probe);
    lag.enable();
  });
  let after: Snapshot | undefined;
  const afterTaken = sleep(end - now()).then(async () => {
    after = await snapshot(nodes, clients, probe);
    lag.disable();
  });

  const n = opt.people;
  await Promise.all(
    circles.flatMap((circle) =>
      circle.clients.slice(0, opt.senders).map(async (me) => {
        for (let k = 0; now() < end; k++) {
          // Round everyone else, starting after oneself: refused only when the target
          // already holds the floor (another sender just gave it to them).
          const to = circle.clients[(me.index + 1 + (k % (n - 1))) % n]!.member.id;
          const t0 = now();
          let code: string | undefined;
          try {
            const ack = await me.member.send({ type: 'giveFloor', to });
            if (ack.ok) circle.acked = Math.max(circle.acked, ack.data.version);
            else code = ack.error.code;
          } catch (err) {
            code = thrownCode(err);
          }
          const t1 = now();
          if (t1 >= measureFrom && t1 < end) {
            const count = byNode[me.node]!;
            if (code === undefined) {
              count.accepted++;
              count.ackMs.push(t1 - t0);
            } else if (code === 'NOT_ALLOWED') count.refused++;
            else if (code === 'RATE_LIMITED') count.rateLimited++;
            else {
              count.errors++;
              errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
            }
          }
          // A rate-limited socket stays limited until its window ends: do not spin.
          if (code === 'RATE_LIMITED') await sleep(100);
        }
      }),
    ),
  );
  const stopped = now();
  await Promise.all([beforeTaken, afterTaken]);
  const drained = await settled(circles, 30_000);
  return {
    senders: circles.length * opt.senders,
    byNode,
    errorCodes,
    usage: usage(before!, after!),
    lag: lagLine(lag),
    drainMs: now() - stopped,
    drained,
  };
}

// ---- a topology ---------------------------------------------------------------------

interface TopologyResult {
  name: TopologyName;
  latency?: LatencyResult;
  saturation?: SaturationResult;
  error?: string;
}

async function runTopology(name: TopologyName, opt: Options, tag: number): Promise<TopologyResult> {
  const topo = TOPOLOGIES[name];
  console.log(`\n=== ${topo.title} (${name}) ===`);
  let cluster: Cluster | undefined;
  let circles: Circle[] = [];
  const result: TopologyResult = { name };
  try {
    cluster = await startCluster(topo.nodes, topo.redis, { MAX_PEERS_PER_CIRCLE: String(Math.max(20, opt.people)) });
    const { nodes, probe } = cluster;
    if (probe) console.log(`redis-server ${await probe.version()} at ${cluster.redis!.url} (persistence off)`);
    console.log(`${nodes.length} node process(es): ${nodes.map((n, i) => `${NODE_LETTERS[i]} pid ${n.child.pid} ${n.url}`).join(', ')}`);

    const t = now();
    const joined = await joinCircles(cluster, opt, `${name}-${tag}`);
    circles = joined.circles;
    if (!(await settled(circles, 10_000))) console.log('note: not every client saw the last join within 10 s');
    const homes = nodes.map((_, n) => circles.filter((c) => c.facilitator.node === n).length);
    const split = nodes.length > 1 ? ` of them ${joined.moved} entered through another node and followed MOVED to the home;` : '';
    console.log(
      `${circles.length * opt.people} clients joined ${circles.length} circles in ${((now() - t) / 1000).toFixed(1)} s;${split} circles homed per node: ${homes.map((h, i) => `${NODE_LETTERS[i]} ${h}`).join(', ')}`,
    );

    const lat = await latencyPhase(circles, nodes, opt, probe);
    result.latency = lat;
    printLatency(lat, nodes.length, opt);

    if (opt.saturation) {
      const sat = await saturationPhase(circles, nodes, opt, probe);
      result.saturation = sat;
      printSaturation(sat, nodes.length, opt);
    }
  } catch (err) {
    result.error = (err as Error).message;
    console.log(`FAILED: ${(err as Error).stack ?? String(err)}`);
    for (const [i, n] of (cluster?.nodes ?? []).entries()) {
      const out = n.output().trim();
      if (out) console.log(`--- node ${NODE_LETTERS[i]} output (tail) ---\n${out.slice(-3000)}`);
    }
  } finally {
    for (const c of circles.flatMap((x) => x.clients)) c.member.socket.disconnect();
    await cluster?.stop();
  }
  return result;
}

// ---- output -----------------------------------------------------------------------------

/** Node CPU ms per command: each node's CPU over the commands its circles applied, and in all. */
function cpuPerCommandLine(u: Usage, applied: number[]): string {
  const ms = u.nodeCpu.map((pct) => (pct / 100) * u.seconds * 1000);
  const cell = (cpu: number, n: number): string => (n > 0 && Number.isFinite(cpu) ? `${(cpu / n).toFixed(2)} ms` : '-');
  const total = cell(ms.reduce((a, b) => a + b, 0), applied.reduce((a, b) => a + b, 0));
  const parts = ms.length > 1 ? ` (${ms.map((c, i) => `node ${NODE_LETTERS[i]} ${cell(c, applied[i]!)}`).join(', ')})` : '';
  return `node CPU per applied command (fan-out included): ${total}${parts}`;
}

function printLatency(r: LatencyResult, nodeCount: number, opt: Options): void {
  const perSec = (opt.circles * 1000) / opt.intervalMs;
  console.log(
    `\nfloor-change latency: ${opt.circles} facilitators each send giveFloor every ${opt.intervalMs} ms (${num(perSec)} changes/s in all) for ${opt.seconds} s; ms from send`,
  );
  const rows = [
    ['ack to the facilitator', ...percentileCells(r.ack)],
    ['first client has the view', ...percentileCells(r.first)],
    [`EVERY client (${opt.people}) has it`, ...percentileCells(r.all)],
  ];
  if (nodeCount > 1) {
    r.allByNode.forEach((xs, i) => {
      rows.push([`  circles homed on node ${NODE_LETTERS[i]}`, ...percentileCells(xs)]);
    });
  }
  console.log(table(['', 'count', 'p50', 'p95', 'p99', 'max'], rows));
  const notes = [];
  if (r.missing) notes.push(`${r.missing} (change, client) pairs never saw the change`);
  if (r.mismatched) notes.push(`${r.mismatched} views with the change's version showed another holder`);
  if (r.skipped) notes.push(`${r.skipped} times a client's first view at or past the change was a later version`);
  if (r.refused.size) notes.push(`not accepted (errors by code): ${countsLine(r.refused)}`);
  if (!r.drained) notes.push('clients had not all caught up 10 s after the last ack');
  console.log(notes.length ? `notes: ${notes.join('; ')}` : 'every client saw every change, with the right holder');
  const views = r.usage.viewsByNode.reduce((a, b) => a + b, 0);
  const events = r.usage.eventsByNode.reduce((a, b) => a + b, 0);
  console.log(
    `clients received ${num(views / r.usage.seconds)} circleState views/s (~${r.viewBytes.member} bytes of JSON each, ~${r.viewBytes.facilitator} for a facilitator) and ${num(events / r.usage.seconds)} circleEvents/s`,
  );
  console.log(usageLine(r.usage, nodeCount));
  console.log(cpuPerCommandLine(r.usage, r.allByNode.map((xs) => xs.length)));
  if (Number.isFinite(r.usage.redisCommands) && r.sent) {
    console.log(`redis commands per floor change: ${num(r.usage.redisCommands / (r.usage.seconds * perSec), 1)}`);
  }
  console.log(r.lag);
}

function printSaturation(r: SaturationResult, nodeCount: number, opt: Options): void {
  const secs = r.usage.seconds;
  console.log(
    `\nsaturation: ${r.senders} senders (${opt.senders} per circle${opt.senders > 1 ? ', promoted to co-facilitators' : ''}) send giveFloor back-to-back (next on the ack) for ${opt.saturationSeconds} s`,
  );
  const row = (label: string, cs: NodeCount[], views: number, events: number, cpu: number): string[] => {
    const sum = (f: (c: NodeCount) => number): number => cs.reduce((a, c) => a + f(c), 0);
    const ack = percentiles(cs.flatMap((c) => c.ackMs));
    return [
      label,
      num(sum((c) => c.accepted) / secs),
      num(sum((c) => c.refused) / secs),
      num(sum((c) => c.rateLimited) / secs),
      String(sum((c) => c.errors)),
      msCell(ack.p50),
      msCell(ack.p99),
      num(views / secs),
      num(events / secs),
      Number.isFinite(cpu) ? `${num(cpu)}%` : '-',
    ];
  };
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const u = r.usage;
  const rows = r.byNode.map((c, i) => row(`node ${NODE_LETTERS[i]}`, [c], u.viewsByNode[i]!, u.eventsByNode[i]!, u.nodeCpu[i]!));
  if (nodeCount > 1) rows.push(row('total', r.byNode, sum(u.viewsByNode), sum(u.eventsByNode), sum(u.nodeCpu)));
  console.log(
    table(['received by', 'accepted/s', 'refused/s', 'rate-limited/s', 'errors', 'ack p50', 'ack p99', 'views/s', 'events/s', 'node CPU'], rows),
  );
  console.log(
    '(refused = NOT_ALLOWED: the target already held the floor; views/events = circleState/circleEvent received by the clients on that node)',
  );
  const accepted = r.byNode.reduce((a, c) => a + c.accepted, 0);
  const byCode = new Map(r.errorCodes);
  const refused = r.byNode.reduce((a, c) => a + c.refused, 0);
  const limited = r.byNode.reduce((a, c) => a + c.rateLimited, 0);
  if (refused) byCode.set('NOT_ALLOWED', refused);
  if (limited) byCode.set('RATE_LIMITED', limited);
  console.log(`not accepted, by code: ${countsLine(byCode)}`);
  console.log(usageLine(r.usage, nodeCount));
  console.log(cpuPerCommandLine(r.usage, r.byNode.map((c) => c.accepted + c.refused)));
  if (Number.isFinite(r.usage.redisCommands) && accepted) {
    const attempted = r.byNode.reduce((a, c) => a + c.accepted + c.refused, 0);
    console.log(`redis commands per accepted-or-refused command: ${num(r.usage.redisCommands / attempted, 1)}`);
  }
  console.log(`${r.lag}`);
  console.log(`all clients caught up ${num(r.drainMs)} ms after the last ack${r.drained ? '' : ' (NOT within 30 s)'}`);
}

function printSummary(results: TopologyResult[], opt: Options): void {
  console.log(`\n=== summary: ${opt.circles} circles x ${opt.people} people ===`);
  const rows = results.map((r) => {
    if (r.error) return [r.name, 'failed', '', '', '', '', '', '', '', '', ''];
    const lat = r.latency!;
    const all = percentiles(lat.all);
    const ack = percentiles(lat.ack);
    const sat = r.saturation;
    const secs = sat?.usage.seconds ?? NaN;
    const perNode = sat ? sat.byNode.map((c) => num(c.accepted / secs)).join(' + ') : '-';
    const total = sat ? num(sat.byNode.reduce((a, c) => a + c.accepted, 0) / secs) : '-';
    const satAck = percentiles(sat?.byNode.flatMap((c) => c.ackMs) ?? []);
    const cpuMs = (u: Usage): number => u.nodeCpu.reduce((a, b) => a + b, 0) * u.seconds * 10;
    const cpuLat = cpuMs(lat.usage) / lat.all.length;
    const cpuSat = sat ? cpuMs(sat.usage) / sat.byNode.reduce((a, c) => a + c.accepted + c.refused, 0) : NaN;
    const errors = sat ? sat.byNode.reduce((a, c) => a + c.errors + c.rateLimited, 0) : 0;
    const errs = [...lat.refused.values()].reduce((a, b) => a + b, 0) + errors;
    return [
      r.name, String(all.count), `${msCell(ack.p50)} / ${msCell(ack.p99)}`, `${msCell(all.p50)} / ${msCell(all.p99)}`, num(cpuLat, 2),
      perNode, total, `${msCell(satAck.p50)} / ${msCell(satAck.p99)}`, num(cpuSat, 2), String(errs),
    ];
  });
  console.log(
    table(
      ['topology', 'changes', 'ack p50 / p99', 'every client p50 / p99', 'CPU ms/cmd', 'saturation cmds/s per node', 'total', 'sat. ack p50 / p99', 'sat. CPU ms/cmd', 'errors'],
      rows,
    ),
  );
  console.log('(latency phase: ack and floor change to every client, node CPU per change; saturation: accepted/s per node, ack, node CPU per command; errors: anything but NOT_ALLOWED, both phases)');
}

async function main(): Promise<void> {
  const opt = options();
  const cpus = os.cpus();
  console.log('Hearth floor-change benchmark');
  console.log(`  node ${process.version}, ${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), ${os.platform()} ${os.release()}`);
  console.log(
    `  ${opt.circles} circles x ${opt.people} people = ${opt.circles * opt.people} clients (circle i's facilitator joins first through node i mod N and so makes it the home; the others enter through the nodes in turn and follow MOVED to the home); directed mode`,
  );
  console.log(
    `  latency: each facilitator gives the floor to the next member every ${opt.intervalMs} ms for ${opt.seconds} s (+${opt.warmupMs} ms warm-up)`,
  );
  if (opt.saturation) {
    console.log(
      `  saturation: ${opt.senders} sender(s) per circle back-to-back for ${opt.saturationSeconds} s (+${opt.warmupMs} ms warm-up)`,
    );
  }
  console.log(
    `  nodes: node server/dist/main.js, MEDIASOUP_WORKERS=${process.env.MEDIASOUP_WORKERS ?? '1'}, LOG_LEVEL=warn, production rate limit (40 requests/s per socket, bursts to 400 per 10 s)`,
  );
  console.log(`  topologies: ${opt.topologies.join(', ')}; clients: socket.io-client (websocket) in this process`);

  const results: TopologyResult[] = [];
  for (const [i, name] of opt.topologies.entries()) results.push(await runTopology(name, opt, i));
  printSummary(results, opt);
  if (results.some((r) => r.error)) throw new Error('some topologies failed (see above)');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
