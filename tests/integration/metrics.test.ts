import { joinAs, sendOk, type Member } from '../helpers/circle';
import { parsePrometheusText, valueOf, type Family } from '../helpers/prometheus';
import { startRedis } from '../helpers/redis';
import { audioRtpParameters, videoRtpParameters } from '../helpers/rtp';
import { nextEvent, requestOk, startTestServer, type TestServer } from '../helpers/server';

jest.setTimeout(60_000);

type Metrics = Map<string, Family>;

let server: TestServer;
let people: Member[] = [];

beforeAll(async () => {
  server = await startTestServer({ MEDIASOUP_WORKERS: '2' });
});
afterEach(async () => {
  // Leaving (acked) rather than dropping: no disconnect is still being applied at the next scrape.
  for (const m of people) if (m.socket.connected) await requestOk(m.socket, 'leaveCircle', {}).catch(() => undefined);
  for (const m of people) m.socket.disconnect();
  people = [];
});
afterAll(async () => {
  await server.close();
});

/** Scrapes `/metrics` and parses it strictly; fails the test on anything but a 200 in Prometheus text. */
async function scrape(url = server.url, headers: Record<string, string> = {}): Promise<Metrics> {
  const res = await fetch(`${url}/metrics`, { headers });
  expect(res.status).toBe(200);
  const type = res.headers.get('content-type') ?? '';
  expect(type.split(';')[0]).toBe('text/plain');
  expect(type).toMatch(/;\s*version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

const gauge = (m: Metrics, name: string) => valueOf(m, name, name);
const commands = (m: Metrics, type: string, result: string) => valueOf(m, 'hearth_circle_commands_total', 'hearth_circle_commands_total', { type, result }) ?? 0;
const histogramCount = (m: Metrics, name: string) => valueOf(m, name, `${name}_count`)!;
const histogramSum = (m: Metrics, name: string) => valueOf(m, name, `${name}_sum`)!;

async function join(circleId: string, name: string, url = server.url): Promise<Member> {
  const m = await joinAs(url, circleId, name);
  people.push(m);
  return m;
}

describe('the exposition', () => {
  it('is Prometheus text with every Hearth metric typed, described and named hearth_*', async () => {
    const metrics = await scrape();
    expect([...metrics.keys()].filter((n) => !n.startsWith('hearth_'))).toEqual([]);
    const types = Object.fromEntries([...metrics.values()].map((f) => [f.name, f.type]));
    expect(types).toMatchObject({
      hearth_circles_hosted: 'gauge',
      hearth_peers: 'gauge',
      hearth_circle_leases_held: 'gauge',
      hearth_circle_commands_total: 'counter',
      hearth_circle_commands_forwarded_total: 'counter',
      hearth_circle_command_apply_seconds: 'histogram',
      hearth_circle_fanout_seconds: 'histogram',
      hearth_mediasoup_worker_cpu_seconds_total: 'counter',
      hearth_mediasoup_consumers: 'gauge',
      hearth_redis_errors_total: 'counter',
      // The process metrics, under the same prefix.
      hearth_process_cpu_seconds_total: 'counter',
      hearth_nodejs_heap_size_used_bytes: 'gauge',
    });
    for (const direction of ['sent', 'received']) {
      expect(valueOf(metrics, 'hearth_circle_commands_forwarded_total', 'hearth_circle_commands_forwarded_total', { direction })).toBe(0);
    }
    // The embedded store has no Redis to lose.
    expect(valueOf(metrics, 'hearth_redis_errors_total', 'hearth_redis_errors_total', { kind: 'connection' })).toBe(0);
  });

  it('the strict reader rejects what Prometheus would reject', () => {
    const help = '# HELP x_total An x.\n# TYPE x_total counter\n';
    expect(parsePrometheusText(`${help}x_total{a="1"} 3\n`).get('x_total')!.samples).toEqual([{ name: 'x_total', labels: { a: '1' }, value: 3 }]);
    expect(() => parsePrometheusText('# TYPE x_total counter\nx_total 1\n')).toThrow(/no HELP/);
    expect(() => parsePrometheusText('# HELP x An x.\nx 1\n')).toThrow(/not in the family/);
    expect(() => parsePrometheusText(`${help}x_total{a=1} 3\n`)).toThrow(/not quoted/);
    expect(() => parsePrometheusText(`${help}x_total 1 2 3\n`)).toThrow(/bad value/);
    expect(() => parsePrometheusText(`${help}x_total three\n`)).toThrow(/bad value/);
    expect(() => parsePrometheusText(`${help}x_total 1\nx_total 2\n`)).toThrow(/twice/);
    expect(() => parsePrometheusText(`${help}x_total 1`)).toThrow(/newline/);
    const histogram = '# HELP h An h.\n# TYPE h histogram\n';
    expect(() => parsePrometheusText(`${histogram}h_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n`)).toThrow(/cumulative/);
    expect(() => parsePrometheusText(`${histogram}h_bucket{le="1"} 1\nh_sum 1\nh_count 1\n`)).toThrow(/\+Inf/);
  });
});

describe('rules commands', () => {
  it('are counted by type and result, and every one is timed; changes time their fan-out', async () => {
    const before = await scrape();
    const fran = await join('metrics-commands', 'Fran');
    const ash = await join('metrics-commands', 'Ash');
    await sendOk(fran, { type: 'setMode', mode: 'queue' });
    await sendOk(ash, { type: 'raiseHand' });
    const refused = await ash.send({ type: 'setMode', mode: 'open' });
    if (refused.ok) throw new Error('a participant could change the mode');
    const after = await scrape();

    const delta = (type: string, result: string) => commands(after, type, result) - commands(before, type, result);
    expect(delta('join', 'ok')).toBe(2);
    expect(delta('setMode', 'ok')).toBe(1);
    expect(delta('raiseHand', 'ok')).toBe(1);
    // Labelled with the code the sender was answered with.
    expect(delta('setMode', refused.error.code)).toBe(1);

    const counted = (m: Metrics) => m.get('hearth_circle_commands_total')!.samples.reduce((n, s) => n + s.value, 0);
    const applyName = 'hearth_circle_command_apply_seconds';
    expect(counted(after) - counted(before)).toBe(5);
    expect(histogramCount(after, applyName) - histogramCount(before, applyName)).toBe(5);
    expect(histogramSum(after, applyName)).toBeGreaterThan(histogramSum(before, applyName));
    // Two joins, the mode and the hand changed the circle; the refusal changed nothing.
    const fanout = 'hearth_circle_fanout_seconds';
    expect(histogramCount(after, fanout) - histogramCount(before, fanout)).toBe(4);
    expect(histogramSum(after, fanout)).toBeGreaterThan(histogramSum(before, fanout));
  });
});

describe('what the node hosts', () => {
  it('circles, peers and leases follow joins and leaves', async () => {
    const hosted = (m: Metrics) => [gauge(m, 'hearth_circles_hosted'), gauge(m, 'hearth_peers'), gauge(m, 'hearth_circle_leases_held')];
    // A lease is taken with the circle's first join and given up at the renewal after its
    // room closed (within a second): wait for that, bounded.
    const settled = async (expected: number[]) => {
      let now = hosted(await scrape());
      for (let i = 0; i < 60 && JSON.stringify(now) !== JSON.stringify(expected); i++) {
        await new Promise((r) => setTimeout(r, 50));
        now = hosted(await scrape());
      }
      expect(now).toEqual(expected);
    };
    await settled([0, 0, 0]);
    const a = await join('metrics-hosted-1', 'A');
    expect(hosted(await scrape())).toEqual([1, 1, 1]);
    await join('metrics-hosted-1', 'B');
    expect(hosted(await scrape())).toEqual([1, 2, 1]);
    const c = await join('metrics-hosted-2', 'C');
    expect(hosted(await scrape())).toEqual([2, 3, 2]);
    await requestOk(c.socket, 'leaveCircle', {});
    await settled([1, 2, 1]);
    // A dropped connection: the person is reconnecting elsewhere, no longer a peer here.
    a.socket.disconnect();
    await settled([1, 1, 1]);
  });

  it('counts consumers as they are created and closed', async () => {
    const a = await join('metrics-media', 'A');
    const b = await joinAs(server.url, 'metrics-media', 'B');
    people.push(b);
    const send = await requestOk(a.socket, 'createTransport', { direction: 'send' });
    const { producerId: mic } = await requestOk(a.socket, 'produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters() });
    const { producerId: cam } = await requestOk(a.socket, 'produce', { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: videoRtpParameters() });
    expect(gauge(await scrape(), 'hearth_mediasoup_consumers')).toBe(0);
    await requestOk(b.socket, 'createTransport', { direction: 'recv' });
    const caps = server.hearth.circles.roomOf(b.id).router.rtpCapabilities;
    await requestOk(b.socket, 'setRtpCapabilities', { rtpCapabilities: caps });
    await requestOk(b.socket, 'consume', { producerId: mic });
    await requestOk(b.socket, 'consume', { producerId: cam });
    expect(gauge(await scrape(), 'hearth_mediasoup_consumers')).toBe(2);
    const closed = nextEvent(b.socket, 'consumerClosed');
    await requestOk(a.socket, 'closeProducer', { producerId: cam });
    await closed;
    expect(gauge(await scrape(), 'hearth_mediasoup_consumers')).toBe(1);
  });

  it("reports each live worker's CPU time, by pid, and drops a dead worker's", async () => {
    const cpu = (m: Metrics) =>
      Object.fromEntries(m.get('hearth_mediasoup_worker_cpu_seconds_total')!.samples.map((s) => [s.labels.pid!, s.value]));
    const pids = () => server.hearth.pool.workers().map((w) => String(w.pid)).sort();
    const first = cpu(await scrape());
    expect(Object.keys(first).sort()).toEqual(pids());
    expect(Object.keys(first)).toHaveLength(2);
    for (const seconds of Object.values(first)) expect(seconds).toBeGreaterThan(0);
    const second = cpu(await scrape());
    for (const pid of Object.keys(first)) expect(second[pid]).toBeGreaterThanOrEqual(first[pid]!);

    const [dead] = server.hearth.pool.workers();
    const replaced = new Promise<void>((resolve) => server.hearth.pool.once('workerStarted', () => resolve()));
    process.kill(dead!.pid, 'SIGKILL');
    await replaced;
    const after = cpu(await scrape());
    expect(Object.keys(after).sort()).toEqual(pids());
    expect(Object.keys(after)).toHaveLength(2);
    expect(after[String(dead!.pid)]).toBeUndefined();
  });
});

describe('several nodes in one process', () => {
  it('each node reports its own figures', async () => {
    const other = await startTestServer();
    try {
      const before = commands(await scrape(other.url), 'join', 'ok');
      await join('metrics-own-node', 'A', other.url);
      const there = await scrape(other.url);
      const here = await scrape();
      expect([gauge(there, 'hearth_circles_hosted'), gauge(there, 'hearth_peers')]).toEqual([1, 1]);
      expect([gauge(here, 'hearth_circles_hosted'), gauge(here, 'hearth_peers')]).toEqual([0, 0]);
      expect(commands(there, 'join', 'ok') - before).toBe(1);
    } finally {
      for (const m of people) m.socket.disconnect();
      people = [];
      await other.close();
    }
  });
});

describe('who may scrape', () => {
  it('without METRICS_TOKEN: loopback only, and never through a proxy', async () => {
    for (const header of ['X-Forwarded-For', 'Forwarded', 'X-Real-IP']) {
      const res = await fetch(`${server.url}/metrics`, { headers: { [header]: header === 'Forwarded' ? 'for=203.0.113.9' : '203.0.113.9' } });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: { code: 'NOT_ALLOWED', message: expect.stringMatching(/METRICS_TOKEN/) } });
    }
  });

  it('with METRICS_TOKEN: only with the token, from anywhere', async () => {
    const token = 'metrics-test-token-0123456789';
    const guarded = await startTestServer({ METRICS_TOKEN: token });
    try {
      const refused: Record<string, string>[] = [{}, { Authorization: 'Bearer wrong-token-0123456789' }, { Authorization: token }, { Authorization: `Basic ${token}` }];
      for (const headers of refused) {
        const res = await fetch(`${guarded.url}/metrics`, { headers });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
        expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
      }
      const metrics = await scrape(guarded.url, { Authorization: `Bearer ${token}`, 'X-Forwarded-For': '203.0.113.9' });
      expect(gauge(metrics, 'hearth_circles_hosted')).toBe(0);
    } finally {
      await guarded.close();
    }
  });
});

describe('Redis errors', () => {
  it('are counted when Redis goes away: connection errors and commands answered UNAVAILABLE', async () => {
    const redis = await startRedis({ dedicated: true });
    const node = await startTestServer({ REDIS_URL: redis.url });
    try {
      const errors = (m: Metrics, kind: string) => valueOf(m, 'hearth_redis_errors_total', 'hearth_redis_errors_total', { kind });
      const member = await joinAs(node.url, 'metrics-redis', 'A');
      const before = await scrape(node.url);
      expect([errors(before, 'connection'), errors(before, 'unavailable')]).toEqual([0, 0]);
      await redis.stop();
      const ack = await member.send({ type: 'setMode', mode: 'queue' });
      expect(ack.ok || ack.error.code).toBe('UNAVAILABLE');
      let after = await scrape(node.url);
      // The clients report the lost connection on their own schedule (each reconnect attempt).
      for (let i = 0; i < 100 && errors(after, 'connection') === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
        after = await scrape(node.url);
      }
      expect(errors(after, 'connection')).toBeGreaterThan(0);
      expect(errors(after, 'unavailable')).toBeGreaterThan(0);
      expect(commands(after, 'setMode', 'UNAVAILABLE')).toBe(1);
      member.socket.disconnect();
    } finally {
      await node.close().catch(() => undefined);
      await redis.stop();
    }
  });
});
