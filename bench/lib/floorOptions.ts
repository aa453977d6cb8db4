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
  --full                  the issue's full size: 200 circles x 12 people, redis, redis-2 and
                          redis-4, one floor change per circle per second (200/s), 1 sender per
                          circle in saturation (explicit options still win)
  --semi-space LIST       comma-separated MB: run each topology once per V8 semi-space size
                          (--max-semi-space-size), side by side (default: production's flag
                          only, from server/node-flags.json)
  --deadline-s T          stop everything and exit 3 after T s in all (default 900)
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
  deadlineS: number;
  /** Semi-space sizes (MB) to compare; empty: production's flags only. */
  semiSpaceMb: number[];
}

/** What `--full` changes, unless given explicitly. */
const FULL: Record<string, string> = { circles: '200', people: '12', 'interval-ms': '1000', senders: '1', topology: 'redis,redis-2,redis-4' };

export function options(): Options {
  const { values } = parseArgs({
    options: {
      circles: { type: 'string' },
      people: { type: 'string' },
      'interval-ms': { type: 'string' },
      seconds: { type: 'string', default: '5' },
      'saturation-seconds': { type: 'string' },
      'warmup-ms': { type: 'string', default: '1000' },
      senders: { type: 'string' },
      topology: { type: 'string' },
      'no-saturation': { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      'deadline-s': { type: 'string', default: '900' },
      'semi-space': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const preset: Record<string, string> = values.full ? FULL : { circles: '20', people: '12', 'interval-ms': '100', topology: TOPOLOGY_NAMES.join(',') };
  const given = values as Record<string, string | boolean | undefined>;
  const pick = (name: string): string | undefined => (given[name] as string | undefined) ?? preset[name];
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
  const people = int('people', pick('people'), 3, 100);
  const seconds = int('seconds', values.seconds, 1);
  const topologies = pick('topology')!.split(',').map((t) => t.trim()).filter(Boolean);
  for (const t of topologies) if (!(t in TOPOLOGIES)) bad(`unknown topology "${t}"`);
  if (topologies.length === 0) bad('--topology lists nothing');
  return {
    circles: int('circles', pick('circles'), 1),
    people,
    intervalMs: int('interval-ms', pick('interval-ms'), 1),
    seconds,
    saturationSeconds: values['saturation-seconds'] === undefined ? seconds : int('saturation-seconds', values['saturation-seconds'], 1),
    warmupMs: int('warmup-ms', values['warmup-ms'], 0),
    senders: pick('senders') === undefined ? people : int('senders', pick('senders'), 1, people),
    topologies: topologies as TopologyName[],
    saturation: !values['no-saturation'],
    deadlineS: int('deadline-s', values['deadline-s'], 10),
    semiSpaceMb: (values['semi-space'] ?? '').split(',').filter((v) => v.trim() !== '').map((v) => int('semi-space', v.trim(), 1, 4096)),
  };
}

