/**
 * Nodes for the cluster benchmarks (bench/floor.ts, bench/load.ts, bench/failover.ts): real
 * server processes (`node server/dist/main.js`) on one throwaway Redis, and a bounded
 * busy process to share their CPU with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { startServerProcess, type ServerProcess } from '../../tests/helpers/process';
import { startRedis, type TestRedis } from '../../tests/helpers/redis';
import { processCpuMs, RedisProbe } from './floorProc';

/** Node names in output: A, B, C, D … */
export const NODE_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/** Environment every benchmark node gets (on top of what `startServerProcess` sets). */
export function nodeEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    MEDIASOUP_WORKERS: process.env.MEDIASOUP_WORKERS ?? '1',
    LOG_LEVEL: 'warn',
    // Every simulated person connects from 127.0.0.1: lift the per-IP socket limits.
    SOCKETS_PER_IP: '100000',
    SOCKET_CONNECTS_PER_IP: '100000',
    ...extra,
  };
}

/** Nodes (and their Redis) started for one run. */
export interface Cluster {
  nodes: ServerProcess[];
  redis?: TestRedis;
  probe?: RedisProbe;
  /** Index in `nodes` of the node a URL points at (matched by port: MOVED names `localhost`), -1 if none. */
  nodeOf(url: string): number;
  /** Starts one more node on the same Redis (its index is `nodes.length - 1` afterwards). */
  addNode(env?: Record<string, string>): Promise<ServerProcess>;
  stop(): Promise<void>;
}

/** Starts `count` nodes, on a dedicated Redis when `redis` (else the embedded store, count 1). */
export async function startCluster(count: number, redis: boolean, extraEnv: Record<string, string> = {}, extraNodeArgs: string[] = []): Promise<Cluster> {
  const nodeArgs = [...cpuProfileArgs(), ...extraNodeArgs];
  const r = redis ? await startRedis({ dedicated: true }) : undefined;
  const probe = r ? new RedisProbe(r.url) : undefined;
  const nodes: ServerProcess[] = [];
  let started = 0;
  const env = nodeEnv({ ...extraEnv, ...(r ? { REDIS_URL: r.url } : {}) });
  const cluster: Cluster = {
    nodes,
    redis: r,
    probe,
    nodeOf: (url) => nodes.findIndex((n) => new URL(n.url).port === new URL(url).port),
    addNode: async (more = {}) => {
      const letter = NODE_LETTERS[started++] ?? String(started);
      const n = await startServerProcess({ ...env, NODE_ID: `bench-${letter}-${process.pid}`, ...more }, { nodeArgs });
      nodes.push(n);
      return n;
    },
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop().catch((e: unknown) => console.error(`stopping a node: ${(e as Error).message}`))));
      probe?.close();
      await r?.stop().catch((e: unknown) => console.error(`stopping redis: ${(e as Error).message}`));
    },
  };
  try {
    // One after another: names (A, B, …) follow the order in `nodes`.
    for (let i = 0; i < count; i++) await cluster.addNode();
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

/**
 * `BENCH_CPU_PROF=DIR`: every node writes a V8 CPU profile into DIR when it stops (open it in
 * Chrome DevTools, or summarise it with `npx tsx bench/lib/profileTop.ts FILE`).
 * `BENCH_NODE_ARGS="--flag …"`: more node flags for every node (after production's NODE_FLAGS).
 */
function cpuProfileArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return [...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []), ...extra];
}

/** CPU ms used so far by each node process (the node's own thread pool; its mediasoup worker is a separate process). */
export function nodesCpuMs(nodes: ServerProcess[]): number[] {
  return nodes.map((n) => processCpuMs(n.child.pid));
}

/**
 * A child process spinning on one core for `seconds`, then exiting by itself (and killed
 * at the latest when this process exits). Not pinned: the scheduler puts it wherever,
 * as another busy service on a production node would be.
 */
export function startBusyProcess(seconds: number): { child: ChildProcess; stop(): void } {
  const code = `const end = Date.now() + ${Math.round(seconds * 1000)}; let x = 0; while (Date.now() < end) { x = (x + Math.sqrt(x + 1)) % 1e9; }`;
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  return {
    child,
    stop: () => {
      process.removeListener('exit', kill);
      kill();
    },
  };
}

/** "3 INTERNAL, 2 ack timeout" (or "none"). */
export function countsLine(m: Map<string, number>): string {
  return m.size ? [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v} ${k}`).join(', ') : 'none';
}

/** Adds one to `code` in `m`. */
export function bump(m: Map<string, number>, code: string): void {
  m.set(code, (m.get(code) ?? 0) + 1);
}

/** The error code of a failed `request` (thrown: a timeout or a lost connection). */
export function thrownCode(err: unknown): string {
  const msg = (err as Error).message ?? String(err);
  return msg.includes('timed out') || msg.includes('timeout') ? 'ack timeout' : 'no ack (disconnected)';
}
