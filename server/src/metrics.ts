import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ErrorCode } from '@hearth/shared';

/** Every Hearth metric name starts with this (the process metrics too). */
export const METRIC_PREFIX = 'hearth_';

/** Which way a command crossed nodes: sent to its circle's home, or received there from another node. */
export type ForwardDirection = 'sent' | 'received';

/** Why a store call failed: the connection reported an error, or an operation was answered UNAVAILABLE. */
export type RedisErrorKind = 'connection' | 'unavailable';

/** A mediasoup worker as the metrics see it (`types.Worker` fits). */
export interface ObservedWorker {
  readonly pid: number;
  getResourceUsage(): Promise<{ ru_utime: number; ru_stime: number }>;
}

/** What a scrape reads from this node: the rooms it hosts, its connections, its workers. */
export interface ObservedNode {
  rooms: { readonly size: number; all(): { readonly peers: ReadonlyMap<string, { readonly consumers: { readonly size: number } }> }[] };
  connections: { readonly size: number };
  workers(): readonly ObservedWorker[];
}

/** What command application reports (see CircleCommands). */
export interface CommandMetrics {
  /** A rules command was applied (`result` 'ok') or refused (`result` its error code), taking `seconds`. */
  commandApplied(type: string, result: 'ok' | ErrorCode, seconds: number): void;
  /** The aftermath of a change (views, events, media policy, clock) took `seconds`. */
  fannedOut(seconds: number): void;
}

// Commands are one store round trip (embedded: microseconds; Redis: about a millisecond, more
// under contention); the targets are an ack p99 < 50 ms and a floor change p99 < 15 ms.
const APPLY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const FANOUT_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

let processRegistry: Registry | undefined;

/**
 * The Node.js process metrics (CPU, memory, event loop, GC), collected once per process:
 * they describe the process, not a node, and each collection leaves a GC observer and an
 * event-loop monitor running for good, so nodes started in one process (tests, benchmarks)
 * must not each add their own.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: METRIC_PREFIX });
  }
  return processRegistry;
}

/**
 * One Hearth node's Prometheus metrics, in a registry of its own (never prom-client's global
 * one: several nodes may run in one process). Counters and histograms move as things happen;
 * gauges are read from the node when scraped.
 */
export class HearthMetrics implements CommandMetrics {
  /** This node's metrics (the process metrics are added by {@link render}). */
  readonly registry = new Registry();
  private node: ObservedNode | undefined;
  private leasesHeld: (() => number) | undefined;
  private readonly commands: Counter<'type' | 'result'>;
  private readonly applyTime: Histogram;
  private readonly fanoutTime: Histogram;
  private readonly forwarded: Counter<'direction'>;
  private readonly redisErrors: Counter<'kind'>;

  constructor() {
    const registers = [this.registry];
    // Inside `collect`, `this` is the metric being collected: these reach the node.
    const node = () => this.node;
    const leasesHeld = () => this.leasesHeld?.();
    this.commands = new Counter({
      name: `${METRIC_PREFIX}circle_commands_total`,
      help: 'Rules commands applied on this node, by command type and result (ok or the error code).',
      labelNames: ['type', 'result'],
      registers,
    });
    this.applyTime = new Histogram({
      name: `${METRIC_PREFIX}circle_command_apply_seconds`,
      help: 'Time to apply one rules command to the circle state in the store, refusals included.',
      buckets: APPLY_BUCKETS,
      registers,
    });
    this.fanoutTime = new Histogram({
      name: `${METRIC_PREFIX}circle_fanout_seconds`,
      help: 'Time from an applied change to everyone told and the media rules enforced on this node.',
      buckets: FANOUT_BUCKETS,
      registers,
    });
    this.forwarded = new Counter({
      name: `${METRIC_PREFIX}circle_commands_forwarded_total`,
      help: "Commands forwarded between nodes: sent to a circle's home node, or received here from another node.",
      labelNames: ['direction'],
      registers,
    });
    this.redisErrors = new Counter({
      name: `${METRIC_PREFIX}redis_errors_total`,
      help: 'Redis errors: connection errors reported by a client, and store operations answered UNAVAILABLE.',
      labelNames: ['kind'],
      registers,
    });
    // Present from the start at 0, so a rate is defined before the first event.
    for (const direction of ['sent', 'received'] as const) this.forwarded.labels(direction).inc(0);
    for (const kind of ['connection', 'unavailable'] as const) this.redisErrors.labels(kind).inc(0);

    new Gauge({
      name: `${METRIC_PREFIX}circles_hosted`,
      help: 'Circles whose media router runs on this node.',
      registers,
      collect() {
        this.set(node()?.rooms.size ?? 0);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}peers`,
      help: 'People in a circle through this node (connections that joined one).',
      registers,
      collect() {
        this.set(node()?.connections.size ?? 0);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}circle_leases_held`,
      help: 'Circles this node is the home of.',
      registers,
      collect() {
        this.set(leasesHeld() ?? node()?.rooms.size ?? 0);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}mediasoup_consumers`,
      help: 'mediasoup consumers (one per media track forwarded to one person) in the rooms on this node.',
      registers,
      collect() {
        let consumers = 0;
        for (const room of node()?.rooms.all() ?? []) for (const peer of room.peers.values()) consumers += peer.consumers.size;
        this.set(consumers);
      },
    });
    new Counter({
      name: `${METRIC_PREFIX}mediasoup_worker_cpu_seconds_total`,
      help: 'CPU time (user + system) used by each live mediasoup worker since it started.',
      labelNames: ['pid'],
      registers,
      // A counter (it only grows for one pid), rebuilt on each scrape: a dead worker's pid goes.
      async collect() {
        const workers = node()?.workers() ?? [];
        const usage = await Promise.all(workers.map((w) => w.getResourceUsage().catch(() => null)));
        this.reset();
        workers.forEach((worker, i) => {
          const u = usage[i];
          // A worker that died during the scrape has no figure: leave it out.
          if (u) this.labels(String(worker.pid)).inc((u.ru_utime + u.ru_stime) / 1000);
        });
      },
    });
  }

  /** Reads the gauges from `node` from now on (set once the node's parts exist). */
  observe(node: ObservedNode): void {
    this.node = node;
  }

  /** Where the leases-held gauge reads from; until set, it counts the circles hosted. */
  setLeasesHeld(count: () => number): void {
    this.leasesHeld = count;
  }

  /** Counts the command under its type and result and times its application. */
  commandApplied(type: string, result: 'ok' | ErrorCode, seconds: number): void {
    this.commands.labels(type, result).inc();
    this.applyTime.observe(seconds);
  }

  /** Times one fan-out. */
  fannedOut(seconds: number): void {
    this.fanoutTime.observe(seconds);
  }

  /** A command was forwarded to its circle's home (`sent`) or arrived here from another node (`received`). */
  incForwarded(direction: ForwardDirection): void {
    this.forwarded.labels(direction).inc();
  }

  /** Counts one Redis error (hand this to the Redis store as its `onError`). */
  redisError(kind: RedisErrorKind): void {
    this.redisErrors.labels(kind).inc();
  }

  /** The content type of {@link render}'s text (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Everything in Prometheus text format: the process metrics, then this node's. */
  async render(): Promise<string> {
    const [process, node] = await Promise.all([processMetrics().metrics(), this.registry.metrics()]);
    return `${process.trimEnd()}\n${node.trimEnd()}\n`;
  }
}
