/*
 * The floor benchmark's two phases (bench/floor.ts): floor changes at a steady rate, then commands back-to-back.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ClientCircleCommand } from '@hearth/shared';
import { sendOk } from '../../tests/helpers/circle';
import type { ServerProcess } from '../../tests/helpers/process';
import { bump, thrownCode } from './cluster';
import { now, settled, sleep, type Circle } from './floorClients';
import type { Options } from './floorOptions';
import type { RedisProbe } from './floorProc';
import { lagLine, snapshot, usage, type Snapshot, type Usage } from './floorUsage';

// ---- phase 1: floor-change latency at a steady rate ----------------------------------

export interface Change {
  circle: number;
  t0: number;
  ackAt: number;
  version: number;
  holder: string | null;
}

export interface LatencyResult {
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

export async function latencyPhase(circles: Circle[], nodes: ServerProcess[], opt: Options, probe: RedisProbe | undefined): Promise<LatencyResult> {
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

export interface NodeCount {
  accepted: number;
  refused: number;
  rateLimited: number;
  errors: number;
  ackMs: number[];
}

export interface SaturationResult {
  senders: number;
  byNode: NodeCount[];
  errorCodes: Map<string, number>;
  usage: Usage;
  lag: string;
  drainMs: number;
  drained: boolean;
}

export async function saturationPhase(circles: Circle[], nodes: ServerProcess[], opt: Options, probe: RedisProbe | undefined): Promise<SaturationResult> {
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
  // The window is between the two snapshots, however late their timers fire (with thousands
  // of clients this process can be the busiest on the machine): the senders run until the
  // second one, taken the full length after the first, and only acks inside it count.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  let before: Snapshot | undefined;
  let after: Snapshot | undefined;
  const window = sleep(opt.warmupMs).then(async () => {
    before = await snapshot(nodes, clients, probe);
    lag.enable();
    await sleep(opt.saturationSeconds * 1000);
    after = await snapshot(nodes, clients, probe);
    lag.disable();
  });
  const acks: { node: number; t1: number; ms: number; code: string | undefined }[] = [];

  const n = opt.people;
  await Promise.all(
    circles.flatMap((circle) =>
      circle.clients.slice(0, opt.senders).map(async (me) => {
        for (let k = 0; !after; k++) {
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
          acks.push({ node: me.node, t1, ms: t1 - t0, code });
          // A rate-limited socket stays limited until its window ends: do not spin.
          if (code === 'RATE_LIMITED') await sleep(100);
        }
      }),
    ),
  );
  await window;
  for (const a of acks) {
    if (a.t1 < before!.at || a.t1 >= after!.at) continue;
    const count = byNode[a.node]!;
    if (a.code === undefined) {
      count.accepted++;
      count.ackMs.push(a.ms);
    } else if (a.code === 'NOT_ALLOWED') count.refused++;
    else if (a.code === 'RATE_LIMITED') count.rateLimited++;
    else {
      count.errors++;
      errorCodes.set(a.code, (errorCodes.get(a.code) ?? 0) + 1);
    }
  }
  const stopped = now();
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
