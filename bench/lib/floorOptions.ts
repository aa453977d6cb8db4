/*
 * Options of the floor benchmark (bench/floor.ts): topologies, command line.
 */
import { parseArgs } from 'node:util';

export const TOPOLOGIES = {
  embedded: { title: '1 node, embedded store', nodes: 1, redis: false },
  redis: { title: '1 node, Redis store', nodes: 1, redis: true },
  'redis-2': { title: '2 nodes sharing one Redis', nodes: 2, redis: true },
  'redis-4': { title: '4 nodes sharing one Redis', nodes: 4, redis: true },
} as const;
export type TopologyName = keyof typeof TOPOLOGIES;
export const TOPOLOGY_NAMES = Object.keys(TOPOLOGIES) as TopologyName[];

export const USAGE = `Usage: npx tsx bench/floor.ts [options]
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

export interface Options {
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

export function options(): Options {
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

