/*
 * CPU and message counts around a phase of the floor benchmark (bench/floor.ts).
 */
import os from 'node:os';
import type { IntervalHistogram } from 'node:perf_hooks';
import type { ServerProcess } from '../../tests/helpers/process';
import { NODE_LETTERS } from './cluster';
import type { Client } from './floorClients';
import { now } from './floorClients';
import { machineCpu, processCpuMs, processRssMb, type MachineCpu, type RedisCounters, type RedisProbe } from './floorProc';
import { num } from './floorStats';

/** CPU of the machine, the node processes, the benchmark process and Redis; messages received per node. */
export interface Snapshot {
  at: number;
  machine: MachineCpu;
  nodeCpuMs: number[];
  /** Resident memory of each node (MB). */
  nodeRssMb: number[];
  benchCpuMs: number;
  redis: RedisCounters | undefined;
  viewsByNode: number[];
  eventsByNode: number[];
}

export async function snapshot(nodes: ServerProcess[], clients: Client[], probe: RedisProbe | undefined): Promise<Snapshot> {
  const at = now();
  const cpu = process.cpuUsage();
  const sumByNode = (f: (c: Client) => number): number[] =>
    nodes.map((_, n) => clients.filter((c) => c.node === n).reduce((a, c) => a + f(c), 0));
  return {
    at,
    machine: machineCpu(),
    nodeCpuMs: nodes.map((n) => processCpuMs(n.child.pid)),
    nodeRssMb: nodes.map((n) => processRssMb(n.child.pid)),
    benchCpuMs: (cpu.user + cpu.system) / 1000,
    redis: probe ? await probe.counters().catch(() => undefined) : undefined,
    viewsByNode: sumByNode((c) => c.views),
    eventsByNode: sumByNode((c) => c.events),
  };
}

export interface Usage {
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
  /** Resident memory of each node (MB) at the end of the phase. */
  nodeRssMb: number[];
}

export function usage(a: Snapshot, b: Snapshot): Usage {
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
    nodeRssMb: b.nodeRssMb,
  };
}

export function usageLine(u: Usage, nodes: number): string {
  const parts = Array.from({ length: nodes }, (_, i) => `node ${NODE_LETTERS[i]} ${num(u.nodeCpu[i]!)}%`);
  if (Number.isFinite(u.redisCpu)) parts.push(`redis-server ${num(u.redisCpu)}%`);
  parts.push(`this process (all clients) ${num(u.benchCpu)}%`);
  const cores = os.cpus().length;
  const machine = Number.isFinite(u.machineBusy)
    ? `; whole machine ${num(u.machineBusy)}% of ${cores * 100}% (other processes ${num(u.machineOther)}%, steal ${num(u.steal)}%)`
    : '';
  const rss = u.nodeRssMb.map((mb, i) => `${NODE_LETTERS[i]} ${num(mb)} MB`).join(', ');
  return `CPU (100% = one core): ${parts.join(', ')}${machine}; node memory (RSS) ${rss}`;
}

/** The histogram holds whole sampling intervals: subtract the 10 ms resolution to get the lag. */
export function lagLine(h: IntervalHistogram): string {
  const lag = (ns: number): string => `${Math.max(0, ns / 1e6 - 10).toFixed(1)} ms`;
  return `event-loop lag of this process: p50 ${lag(h.percentile(50))}, p99 ${lag(h.percentile(99))}, max ${lag(h.max)}`;
}
