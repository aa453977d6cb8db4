/*
 * The floor benchmark's clients (bench/floor.ts): circles joined through the nodes, each socket's views recorded.
 */
import { performance } from 'node:perf_hooks';
import { joinAs, sendOk, type Member } from '../../tests/helpers/circle';
import type { Cluster } from './cluster';
import type { Options } from './floorOptions';

export const sleep = (msec: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, msec)));
export const now = (): number => performance.now();

/** One socket in a circle, with every `circleState` it received while recording. */
export interface Client {
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

export interface Circle {
  id: string;
  clients: Client[];
  facilitator: Client;
  /** Highest version acked for a command in this circle. */
  acked: number;
}

export function watch(member: Member, circle: number, index: number, node: number): Client {
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
export async function settled(circles: Circle[], timeoutMs: number): Promise<boolean> {
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
export async function joinCircles(cluster: Cluster, opt: Options, tag: string): Promise<{ circles: Circle[]; moved: number }> {
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

