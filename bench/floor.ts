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
 *   npm run bench:floor -- --full                        # 200 circles x 12 people on 1, 2 and 4 nodes
 */
import os from 'node:os';
import { NODE_FLAGS } from '../tests/helpers/process';
import { NODE_LETTERS, startCluster, type Cluster } from './lib/cluster';
import { joinCircles, now, settled, type Circle } from './lib/floorClients';
import { options, TOPOLOGIES, type Options, type TopologyName } from './lib/floorOptions';
import { latencyPhase, saturationPhase } from './lib/floorPhases';
import { printLatency, printSaturation, printSummary, type TopologyResult } from './lib/floorReport';

/** The cluster running now, stopped by the deadline if it comes. */
let running: Cluster | undefined;

/** Past `--deadline-s` in all: stop the nodes and Redis (at most 15 s) and exit 3. */
function armDeadline(seconds: number): void {
  setTimeout(() => {
    console.error(`\ndeadline of ${seconds} s passed: stopping`);
    const stopped = running?.stop() ?? Promise.resolve();
    void Promise.race([stopped, new Promise((r) => setTimeout(r, 15_000))]).finally(() => process.exit(3));
  }, seconds * 1000).unref();
}

async function runTopology(name: TopologyName, opt: Options, tag: number, semiSpaceMb?: number): Promise<TopologyResult> {
  const topo = TOPOLOGIES[name];
  const label: TopologyResult['name'] = semiSpaceMb === undefined ? name : `${name}@${semiSpaceMb}MB`;
  const young = semiSpaceMb === undefined ? `node flags ${NODE_FLAGS.join(' ')}` : `--max-semi-space-size=${semiSpaceMb}`;
  console.log(`\n=== ${topo.title} (${label}; ${young}) ===`);
  let cluster: Cluster | undefined;
  let circles: Circle[] = [];
  const result: TopologyResult = { name: label };
  try {
    const nodeArgs = semiSpaceMb === undefined ? [] : [`--max-semi-space-size=${semiSpaceMb}`];
    cluster = await startCluster(topo.nodes, topo.redis, { MAX_PEERS_PER_CIRCLE: String(Math.max(20, opt.people)) }, nodeArgs);
    running = cluster;
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
    running = undefined;
  }
  return result;
}


async function main(): Promise<void> {
  const opt = options();
  armDeadline(opt.deadlineS);
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
  const sizes = opt.semiSpaceMb.length > 0 ? opt.semiSpaceMb : [undefined];
  let tag = 0;
  for (const name of opt.topologies) for (const mb of sizes) results.push(await runTopology(name, opt, tag++, mb));
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
