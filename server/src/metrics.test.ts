import { HearthMetrics, type ObservedNode, type ObservedWorker } from './metrics';

const peer = (consumers: number) => ({ consumers: { size: consumers } });
const room = (...consumers: number[]) => ({ peers: new Map(consumers.map((n, i) => [`p${i}`, peer(n)])) });

function node(rooms: ReturnType<typeof room>[], workers: ObservedWorker[], connections = 0): ObservedNode {
  return { rooms: { size: rooms.length, all: () => rooms }, connections: { size: connections }, workers: () => workers };
}

const worker = (pid: number, utimeMs: number, stimeMs: number): ObservedWorker => ({
  pid,
  getResourceUsage: async () => ({ ru_utime: utimeMs, ru_stime: stimeMs }),
});

async function read(metrics: HearthMetrics, name: string): Promise<{ labels: object; value: number }[]> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  return (await metric.get()).values.map((v) => ({ labels: v.labels, value: v.value }));
}

describe('HearthMetrics', () => {
  it('reads zeros until it observes a node', async () => {
    const metrics = new HearthMetrics();
    for (const name of ['hearth_circles_hosted', 'hearth_peers', 'hearth_circle_leases_held', 'hearth_mediasoup_consumers']) {
      expect(await read(metrics, name)).toEqual([{ labels: {}, value: 0 }]);
    }
    expect(await read(metrics, 'hearth_mediasoup_worker_cpu_seconds_total')).toEqual([]);
  });

  it('sums consumers over every peer of every room', async () => {
    const metrics = new HearthMetrics();
    metrics.observe(node([room(2, 0, 3), room(1)], [], 4));
    expect(await read(metrics, 'hearth_mediasoup_consumers')).toEqual([{ labels: {}, value: 6 }]);
    expect(await read(metrics, 'hearth_peers')).toEqual([{ labels: {}, value: 4 }]);
  });

  it('counts leases as circles hosted until told how', async () => {
    const metrics = new HearthMetrics();
    metrics.observe(node([room(), room()], []));
    expect(await read(metrics, 'hearth_circle_leases_held')).toEqual([{ labels: {}, value: 2 }]);
    let leases = 5;
    metrics.setLeasesHeld(() => leases);
    expect(await read(metrics, 'hearth_circle_leases_held')).toEqual([{ labels: {}, value: 5 }]);
    leases = 0;
    expect(await read(metrics, 'hearth_circle_leases_held')).toEqual([{ labels: {}, value: 0 }]);
  });

  it("gives each worker's user + system CPU in seconds, leaving out one that cannot answer", async () => {
    const metrics = new HearthMetrics();
    const dying: ObservedWorker = { pid: 13, getResourceUsage: () => Promise.reject(new Error('Channel closed')) };
    metrics.observe(node([], [worker(11, 1200, 300), dying, worker(12, 5, 0)]));
    expect(await read(metrics, 'hearth_mediasoup_worker_cpu_seconds_total')).toEqual([
      { labels: { pid: '11' }, value: 1.5 },
      { labels: { pid: '12' }, value: 0.005 },
    ]);
  });

  it('counts forwarded commands and Redis errors by their label', async () => {
    const metrics = new HearthMetrics();
    metrics.incForwarded('sent');
    metrics.incForwarded('sent');
    metrics.incForwarded('received');
    metrics.redisError('unavailable');
    expect(await read(metrics, 'hearth_circle_commands_forwarded_total')).toEqual([
      { labels: { direction: 'sent' }, value: 2 },
      { labels: { direction: 'received' }, value: 1 },
    ]);
    expect(await read(metrics, 'hearth_redis_errors_total')).toEqual([
      { labels: { kind: 'connection' }, value: 0 },
      { labels: { kind: 'unavailable' }, value: 1 },
    ]);
  });

  it('keeps nodes apart: each has its own registry', async () => {
    const a = new HearthMetrics();
    const b = new HearthMetrics();
    a.commandApplied('raiseHand', 'ok', 0.002);
    expect(await read(a, 'hearth_circle_commands_total')).toEqual([{ labels: { type: 'raiseHand', result: 'ok' }, value: 1 }]);
    expect(await read(b, 'hearth_circle_commands_total')).toEqual([]);
    expect(a.registry).not.toBe(b.registry);
  });
});
