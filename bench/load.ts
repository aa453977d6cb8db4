/*
 * The load case of issue 11: 200 signalling clients in 20 circles, each raising or lowering
 * a hand once a second, on 1 node and on 2 nodes sharing one Redis, on a quiet machine and
 * while a busy process shares the nodes' CPU. Prints errors by code, ack p50/p99 and node
 * CPU per command next to the issue's figures from before the single-writer homes. Figures
 * only, no assertions. See bench/README.md.
 *
 *   npm run bench:load
 *   npm run bench:load -- --seconds 60            # the issue's length
 *   npm run bench:load -- --topology redis-2 --conditions busy
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { joinAs, type Member } from '../tests/helpers/circle';
import { bump, countsLine, NODE_LETTERS, nodesCpuMs, startBusyProcess, startCluster, thrownCode, type Cluster } from './lib/cluster';
import { machineCpu, processCpuMs, processCpuTimes } from './lib/floorProc';
import { msCell, num, percentiles } from './lib/floorStats';
import { table } from './lib/summary';

const TOPOLOGIES = {
  embedded: { nodes: 1, redis: false },
  redis: { nodes: 1, redis: true },
  'redis-2': { nodes: 2, redis: true },
  'redis-4': { nodes: 4, redis: true },
} as const;
type TopologyName = keyof typeof TOPOLOGIES;
const CONDITIONS = ['quiet', 'busy'] as const;
type Condition = (typeof CONDITIONS)[number];

/** The figures (before: every command a GET + WATCH/MULTI compare-and-set of the whole state). */
const BEFORE: Partial<Record<`${TopologyName}/${Condition}`, { errors: string; p50: string; p99: string; cpu: string }>> = {
  'redis/quiet': { errors: '0', p50: '4.7', p99: '65', cpu: '~4' },
  'redis-2/quiet': { errors: '0', p50: '-', p99: '153', cpu: '-' },
  'redis/busy': { errors: '3.5% (331 INTERNAL, 25 ack timeout, 2 refused)', p50: '~420', p99: '8600', cpu: '-' },
};

const USAGE = `Usage: npx tsx bench/load.ts [options]
  --circles C       circles (default 20)
  --people P        people per circle (default 10; C x P = 200 clients)
  --seconds D       measured load, per run (default 20; the issue's: 60)
  --warmup-ms W     unmeasured start of each run (default 2000)
  --rate R          commands per client per second (default 1)
  --topology LIST   of ${Object.keys(TOPOLOGIES).join(', ')} (default redis,redis-2)
  --conditions LIST of quiet, busy (default quiet,busy): busy = one child process spinning on a core meanwhile
Needs built server and shared: npm run build -w shared && npm run build -w server.`;

function options() {
  const { values } = parseArgs({
    options: {
      circles: { type: 'string', default: '20' },
      people: { type: 'string', default: '10' },
      seconds: { type: 'string', default: '20' },
      'warmup-ms': { type: 'string', default: '2000' },
      rate: { type: 'string', default: '1' },
      topology: { type: 'string', default: 'redis,redis-2' },
      conditions: { type: 'string', default: 'quiet,busy' },
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
  const int = (name: string, raw: string, min: number, max: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) bad(`--${name} must be an integer in [${min}, ${max}]`);
    return n;
  };
  const list = <T extends string>(name: string, raw: string, allowed: readonly T[]): T[] => {
    const xs = raw.split(',').map((x) => x.trim()).filter(Boolean);
    for (const x of xs) if (!allowed.includes(x as T)) bad(`--${name}: unknown "${x}"`);
    if (!xs.length) bad(`--${name} lists nothing`);
    return xs as T[];
  };
  return {
    circles: int('circles', values.circles, 1, 1000),
    people: int('people', values.people, 1, 100),
    seconds: int('seconds', values.seconds, 1, 600),
    warmupMs: int('warmup-ms', values['warmup-ms'], 0, 60_000),
    rate: int('rate', values.rate, 1, 20),
    topologies: list('topology', values.topology, Object.keys(TOPOLOGIES) as TopologyName[]),
    conditions: list('conditions', values.conditions, CONDITIONS),
  };
}
type Options = ReturnType<typeof options>;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const now = (): number => performance.now();

interface RunResult {
  name: string;
  key: `${TopologyName}/${Condition}`;
  sent: number;
  ok: number;
  errors: Map<string, number>;
  ackMs: number[];
  /** Node CPU over the measured window, % of one core, per node. */
  nodeCpu: number[];
  /** The part of nodeCpu spent in the kernel (system calls: socket reads and writes), % of a core. */
  nodeSysCpu: number[];
  /** The same with no load, measured just before (timers, lease renewals, heartbeats). */
  idleCpu: number[];
  /** Commands acked OK per node (the circles' homes). */
  okByNode: number[];
  seconds: number;
  machineBusy: number;
  busyCpu: number;
}

async function joinAll(cluster: Cluster, opt: Options, tag: string): Promise<{ member: Member; node: number }[]> {
  const stamp = Date.now().toString(36);
  const circles = await Promise.all(
    Array.from({ length: opt.circles }, async (_, ci) => {
      const out: { member: Member; node: number }[] = [];
      for (let j = 0; j < opt.people; j++) {
        // The first joiner's entry node becomes the home: homes spread over the nodes.
        const member = await joinAs(cluster.nodes[(ci + j) % cluster.nodes.length]!.url, `load-${tag}-${stamp}-${ci}`, `Person ${j}`);
        out.push({ member, node: cluster.nodeOf(member.url) });
      }
      return out;
    }),
  );
  return circles.flat();
}

async function run(name: TopologyName, condition: Condition, opt: Options, tag: number): Promise<RunResult> {
  const topo = TOPOLOGIES[name];
  const cluster = await startCluster(topo.nodes, topo.redis);
  let clients: { member: Member; node: number }[] = [];
  let busy: ReturnType<typeof startBusyProcess> | undefined;
  try {
    clients = await joinAll(cluster, opt, `${name}-${condition}-${tag}`);
    // Idle baseline: what the nodes burn with these clients connected and nothing sent.
    const idleFrom = nodesCpuMs(cluster.nodes);
    const idleT = now();
    await sleep(1000);
    const idleCpu = nodesCpuMs(cluster.nodes).map((v, i) => ((v - idleFrom[i]!) / (now() - idleT)) * 100);

    const totalMs = opt.warmupMs + opt.seconds * 1000;
    if (condition === 'busy') busy = startBusyProcess(totalMs / 1000 + 3);
    const busyPid = busy?.child.pid;
    const start = now() + 50;
    const measureFrom = start + opt.warmupMs;
    const end = measureFrom + opt.seconds * 1000;
    const errors = new Map<string, number>();
    const ackMs: number[] = [];
    const okByNode = cluster.nodes.map(() => 0);
    let sent = 0;
    let ok = 0;
    let before: { cpu: number[]; sys: number[]; at: number; machine: number; busy: number } | undefined;
    let after: typeof before;
    const take = () => ({
      cpu: nodesCpuMs(cluster.nodes),
      sys: cluster.nodes.map((n) => processCpuTimes(n.child.pid).systemMs),
      at: now(),
      machine: machineCpu().busyMs,
      busy: processCpuMs(busyPid),
    });
    const marks = [sleep(measureFrom - now()).then(() => (before = take())), sleep(end - now()).then(() => (after = take()))];
    const pending: Promise<void>[] = [];
    const period = 1000 / opt.rate;
    await Promise.all(
      clients.map(async (c, i) => {
        // Spread the clients over the period.
        const first = start + (i * period) / clients.length;
        for (let k = 0; ; k++) {
          const due = first + k * period;
          if (due >= end) break;
          await sleep(due - now());
          // On schedule, not on the ack (open loop): a slow node gets the next one anyway.
          const t0 = now();
          const measured = t0 >= measureFrom;
          if (measured) sent++;
          pending.push(
            c.member.send({ type: k % 2 === 0 ? 'raiseHand' : 'lowerHand' }).then(
              (ack) => {
                if (!measured) return;
                if (ack.ok) {
                  ok++;
                  okByNode[c.node]!++;
                  ackMs.push(now() - t0);
                } else bump(errors, ack.error.code);
              },
              (err: unknown) => {
                if (measured) bump(errors, thrownCode(err));
              },
            ),
          );
        }
      }),
    );
    await Promise.all(marks);
    await Promise.all(pending);
    const wall = after!.at - before!.at;
    return {
      name: `${name}, ${condition}`,
      key: `${name}/${condition}`,
      sent,
      ok,
      errors,
      ackMs,
      nodeCpu: after!.cpu.map((v, i) => ((v - before!.cpu[i]!) / wall) * 100),
      nodeSysCpu: after!.sys.map((v, i) => ((v - before!.sys[i]!) / wall) * 100),
      idleCpu,
      okByNode,
      seconds: wall / 1000,
      machineBusy: ((after!.machine - before!.machine) / wall) * 100,
      busyCpu: ((after!.busy - before!.busy) / wall) * 100,
    };
  } finally {
    busy?.stop();
    for (const c of clients) c.member.socket.disconnect();
    await cluster.stop();
  }
}

function print(r: RunResult): void {
  const a = percentiles(r.ackMs);
  console.log(`\n--- ${r.name} ---`);
  console.log(`commands sent ${r.sent} in ${r.seconds.toFixed(1)} s (${num(r.sent / r.seconds)}/s), accepted ${r.ok}; errors by code: ${countsLine(r.errors)}`);
  console.log(`ack ms: p50 ${msCell(a.p50)}, p95 ${msCell(a.p95)}, p99 ${msCell(a.p99)}, max ${msCell(a.max)}`);
  const perNode = r.nodeCpu.map((cpu, i) => {
    const ms = (cpu / 100) * r.seconds * 1000;
    const net = ((cpu - r.idleCpu[i]!) / 100) * r.seconds * 1000;
    const n = r.okByNode[i]!;
    return `node ${NODE_LETTERS[i]}: ${n} commands (${num(n / r.seconds)}/s), CPU ${num(cpu)}% (${num(r.nodeSysCpu[i]!)}% in the kernel; idle ${num(r.idleCpu[i]!)}%), ${n ? (ms / n).toFixed(2) : '-'} ms per command (${n ? (net / n).toFixed(2) : '-'} above idle)`;
  });
  for (const line of perNode) console.log(line);
  const busy = Number.isFinite(r.busyCpu) && r.name.endsWith('busy') ? `, the busy process ${num(r.busyCpu)}%` : '';
  console.log(`whole machine ${num(r.machineBusy)}% of ${os.cpus().length * 100}%${busy}`);
}

function cpuPerCommand(r: RunResult): number {
  const ms = r.nodeCpu.reduce((x, y) => x + y, 0) * r.seconds * 10;
  return ms / r.ok;
}

async function main(): Promise<void> {
  const opt = options();
  const cpus = os.cpus();
  console.log('Hearth load benchmark (issue 11: hands raised and lowered once a second)');
  console.log(`  node ${process.version}, ${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), ${os.platform()} ${os.release()}`);
  console.log(
    `  ${opt.circles} circles x ${opt.people} people = ${opt.circles * opt.people} clients, each raiseHand/lowerHand alternately ${opt.rate}/s (on schedule, not waiting for the ack), ${opt.seconds} s measured after ${opt.warmupMs} ms warm-up`,
  );
  console.log(`  runs: ${opt.topologies.join(', ')} x ${opt.conditions.join(', ')}; each run on fresh nodes (server/dist/main.js, LOG_LEVEL=warn, MEDIASOUP_WORKERS=1) and a fresh Redis`);
  const results: RunResult[] = [];
  let tag = 0;
  for (const t of opt.topologies) {
    for (const c of opt.conditions) {
      const r = await run(t, c, opt, tag++);
      print(r);
      results.push(r);
    }
  }
  console.log(`\n=== summary: ${opt.circles * opt.people} clients x ${opt.rate} command/s, ${opt.seconds} s; now vs the issue's figures (60 s runs) ===`);
  console.log(
    table(
      ['run', 'commands', 'errors now', 'errors before', 'ack p50 now', 'before', 'ack p99 now', 'before', 'CPU ms/cmd now', 'before'],
      results.map((r) => {
        const a = percentiles(r.ackMs);
        const b = BEFORE[r.key];
        const failed = r.sent - r.ok;
        return [
          r.name, String(r.sent), `${failed} (${num((failed / r.sent) * 100, 2)}%)`, b?.errors ?? '-', msCell(a.p50), b?.p50 ?? '-', msCell(a.p99), b?.p99 ?? '-',
          cpuPerCommand(r).toFixed(2), b?.cpu ?? '-',
        ];
      }),
    ),
  );
  console.log('(CPU ms/cmd: node process CPU in the window over commands accepted, idle included; ack ms from the emit)');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
