/*
 * Media capacity: how many all-video circles of 8 one mediasoup worker, and the whole
 * machine, forward with < 1 % loss and < 90 % worker CPU, with and without layer selection;
 * and a circle of 20 spread over two workers with pipeToRouter. Prints figures only.
 *
 *   npx tsx bench/media-load.ts                       # circles 2 4 8 12 16 24, 1 and 2 workers, both modes
 *   npx tsx bench/media-load.ts --circles 2,4,8 --workers 1 --modes layers --seconds 8
 *   npx tsx bench/media-load.ts --pipe                # only the circle of 20
 *
 * See bench/README.md for the model (what is real, what is synthetic) and how to read it.
 */
import os from 'node:os';
import { createWorker, types } from 'mediasoup';
import { mediaCodecs } from '../server/src/media/codecs';
import { Generator, LISTEN, SOCKET_BUFFER, type Sender } from './lib/generator';
import { cameraPacketsPerSecond, cpuMsOf, dropsOn, framePayloadSizes, MIC_PACKETS_PER_SECOND, srtpKeys, startSink, udpDropsByPort, CAMERA_FPS, type RtpSink } from './lib/rtpLoad';

type Mode = 'layers' | 'top';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] && !process.argv[i + 1]!.startsWith('--') ? process.argv[i + 1]! : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);
if (flag('help')) {
  console.log('options: --circles 2,4,8,12,16,24 --size 8 --workers 1,2 --modes layers,top --seconds 6 --warmup 3 --pipe (circle of 20 only) --no-pipe');
  process.exit(0);
}
const opts = {
  circles: arg('circles', '2,4,8,12,16,24').split(',').map(Number),
  size: Number(arg('size', '8')),
  workers: arg('workers', `1,${Math.max(2, os.cpus().length)}`).split(',').map(Number),
  modes: arg('modes', 'layers,top').split(',') as Mode[],
  seconds: Number(arg('seconds', '6')),
  warmup: Number(arg('warmup', '3')),
  onlyPipe: flag('pipe'),
  pipe: !flag('no-pipe'),
};

const PLAIN = { listenInfo: { ...LISTEN, recvBufferSize: SOCKET_BUFFER, sendBufferSize: SOCKET_BUFFER }, rtcpMux: true, enableSrtp: true, srtpCryptoSuite: 'AEAD_AES_256_GCM' as const };

/**
 * What a receiver can take, without transport-cc and REMB: no bandwidth estimation on a
 * PlainTransport (nobody answers it), so the layers are the ones asked for.
 */
function receiverCapabilities(router: types.Router): types.RtpCapabilities {
  const caps = router.rtpCapabilities;
  return {
    codecs: caps.codecs?.map((c) => ({ ...c, rtcpFeedback: c.rtcpFeedback?.filter((f) => f.type !== 'transport-cc' && f.type !== 'goog-remb') })),
    headerExtensions: caps.headerExtensions?.filter((h) => !h.uri.includes('transport-wide-cc') && !h.uri.includes('abs-send-time')),
  };
}

/** One circle on the SFU: everyone sends through their home router, receives everyone else there. */
interface Circle {
  consumers: number;
  /** The SFU's ports receiving the senders' media. */
  ingressPorts: number[];
  /** RTP packets per second the receivers should get, by the traffic model. */
  expectedPps: number;
  receivers: number;
  transports: types.Transport[];
  genTransports: types.Transport[];
  senders: Sender[];
  close(): void;
}

async function buildCircle(gen: Generator, sink: RtpSink, homes: types.Router[], mode: Mode): Promise<Circle> {
  const transports: types.Transport[] = [];
  const genTransports: types.Transport[] = [];
  const people: Array<{ home: types.Router; audio: types.Producer; video: types.Producer; sender: Sender }> = [];
  const ingressPorts: number[] = [];
  for (const home of homes) {
    const sender = await gen.addSender();
    const out = await gen.router.createPlainTransport({ ...PLAIN, comedia: false });
    const inbound = await home.createPlainTransport({ ...PLAIN, comedia: true });
    genTransports.push(out);
    transports.push(inbound);
    ingressPorts.push(inbound.tuple.localPort);
    await out.connect({ ip: '127.0.0.1', port: inbound.tuple.localPort, srtpParameters: inbound.srtpParameters });
    await inbound.connect({ srtpParameters: out.srtpParameters });
    // A pipe consumer forwards all three simulcast streams, as a browser's encoder sends them.
    const a = await out.consume({ producerId: sender.audio.id, rtpCapabilities: gen.router.rtpCapabilities, pipe: true });
    const v = await out.consume({ producerId: sender.video.id, rtpCapabilities: gen.router.rtpCapabilities, pipe: true });
    const audio = await inbound.produce({ kind: 'audio', rtpParameters: a.rtpParameters });
    const video = await inbound.produce({ kind: 'video', rtpParameters: v.rtpParameters });
    people.push({ home, audio, video, sender });
  }
  // Producers on another router (a circle spread over workers) are piped there once.
  const piped = new Set<string>();
  const onRouter = async (producer: types.Producer, from: types.Router, to: types.Router) => {
    if (from === to || piped.has(`${producer.id}:${to.id}`)) return;
    piped.add(`${producer.id}:${to.id}`);
    await from.pipeToRouter({ producerId: producer.id, router: to });
  };
  let consumers = 0;
  let expectedPps = 0;
  for (const [r, receiver] of people.entries()) {
    const recv = await receiver.home.createPlainTransport({ ...PLAIN, comedia: false });
    transports.push(recv);
    await recv.connect({ ip: '127.0.0.1', port: sink.port, srtpParameters: srtpKeys() });
    const caps = receiverCapabilities(receiver.home);
    for (const [p, other] of people.entries()) {
      if (p === r) continue;
      await onRouter(other.audio, other.home, receiver.home);
      await onRouter(other.video, other.home, receiver.home);
      await recv.consume({ producerId: other.audio.id, rtpCapabilities: caps });
      // Tiles at 1280×800 in a circle of 8 are ~175 px (layer 0); the floor holder's (person 0) ~320 px (layer 1).
      const preferredLayers = mode === 'layers' ? { spatialLayer: p === 0 ? 1 : 0 } : undefined;
      await recv.consume({ producerId: other.video.id, rtpCapabilities: caps, preferredLayers });
      consumers += 2;
      expectedPps += MIC_PACKETS_PER_SECOND + framePayloadSizes(preferredLayers?.spatialLayer ?? 2).length * CAMERA_FPS;
    }
  }
  return {
    consumers,
    ingressPorts,
    expectedPps,
    receivers: people.length,
    transports,
    genTransports,
    senders: people.map((p) => p.sender),
    close: () => {
      for (const t of [...transports, ...genTransports]) t.close();
      for (const s of people.map((p) => p.sender)) s.input.close();
    },
  };
}

interface Reading {
  circles: number;
  consumers: number;
  consumersPerWorker: number;
  forwardedPps: number;
  /** Forwarded ÷ what the model says should arrive (the generator or the SFU falling short). */
  deliveredPct: number;
  lossPct: number;
  workerCpuPct: number[];
  usPerPacket: number;
  downloadKbps: number;
  genNodePct: number;
  genWorkerPct: number;
  sinkPct: number;
  /** Where datagrams were dropped: at the SFU's ingress, the generator's input, the sink. */
  drops: { sfuIn: number; genIn: number; sink: number };
  /** Camera frames the generator skipped, running late (%). */
  genLatePct: number;
}

async function measure(sfu: types.Worker[], gen: Generator, sink: RtpSink, circles: Circle[]): Promise<Reading> {
  await new Promise((r) => setTimeout(r, opts.warmup * 1000));
  const sfuIn = circles.flatMap((c) => c.ingressPorts);
  const genIn = gen.senders.map((s) => s.port);
  const cpu = () => {
    const drops = udpDropsByPort();
    return {
      workers: sfu.map((w) => cpuMsOf(w.pid)),
      gen: cpuMsOf(gen.worker.pid),
      node: process.cpuUsage(),
      sink: sink.latest(),
      drops: { sfuIn: dropsOn(drops, sfuIn), genIn: dropsOn(drops, genIn), sink: dropsOn(drops, [sink.port]) },
      late: { skipped: gen.skipped, due: gen.due },
      at: performance.now(),
    };
  };
  const a = cpu();
  await new Promise((r) => setTimeout(r, opts.seconds * 1000));
  const b = cpu();
  const seconds = (b.at - a.at) / 1000;
  const packets = b.sink.packets - a.sink.packets;
  const expected = b.sink.expected - a.sink.expected;
  const workerMs = b.workers.map((v, i) => v - a.workers[i]!);
  const nodeMs = (b.node.user - a.node.user + b.node.system - a.node.system) / 1000;
  const consumers = circles.reduce((n, c) => n + c.consumers, 0);
  const receivers = circles.reduce((n, c) => n + c.receivers, 0);
  return {
    circles: circles.length,
    consumers,
    consumersPerWorker: consumers / sfu.length,
    forwardedPps: packets / seconds,
    deliveredPct: (packets / seconds / circles.reduce((n, c) => n + c.expectedPps, 0)) * 100,
    lossPct: expected > 0 ? Math.max(0, (1 - packets / expected) * 100) : NaN,
    workerCpuPct: workerMs.map((ms) => ms / seconds / 10),
    usPerPacket: packets > 0 ? (workerMs.reduce((x, y) => x + y, 0) * 1000) / packets : NaN,
    downloadKbps: receivers > 0 ? ((b.sink.bytes - a.sink.bytes) * 8) / seconds / 1000 / receivers : NaN,
    genNodePct: nodeMs / seconds / 10,
    genWorkerPct: (b.gen - a.gen) / seconds / 10,
    sinkPct: (b.sink.cpuMs - a.sink.cpuMs) / seconds / 10,
    drops: { sfuIn: b.drops.sfuIn - a.drops.sfuIn, genIn: b.drops.genIn - a.drops.genIn, sink: b.drops.sink - a.drops.sink },
    genLatePct: b.late.due > a.late.due ? ((b.late.skipped - a.late.skipped) / (b.late.due - a.late.due)) * 100 : 0,
  };
}

/** Rejects when `promise` takes longer than `ms` (a machine too busy to set up the next step). */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const ok = (r: Reading) => r.lossPct < 1 && r.deliveredPct > 99 && r.workerCpuPct.every((c) => c < 90);

function printHeader(): void {
  console.log(
    `${pad('circles', 7)} ${pad('consumers', 9)} ${pad('/worker', 7)} ${pad('fwd pkt/s', 9)} ${pad('deliv %', 7)} ${pad('loss %', 6)} ${pad('worker CPU %', 16)} ${pad('µs/pkt', 6)} ${pad('kbit/s/person', 13)} ${pad('gen node %', 10)} ${pad('gen wkr %', 9)} ${pad('sink %', 6)} ${pad('drops in/gen/sink', 17)} ${pad('late %', 6)}  ok`,
  );
}
function printRow(r: Reading, label = String(r.circles)): void {
  console.log(
    `${pad(label, 7)} ${pad(r.consumers, 9)} ${pad(r.consumersPerWorker.toFixed(0), 7)} ${pad(r.forwardedPps.toFixed(0), 9)} ${pad(r.deliveredPct.toFixed(1), 7)} ${pad(r.lossPct.toFixed(2), 6)} ${pad(r.workerCpuPct.map((c) => c.toFixed(0)).join(' / '), 16)} ${pad(r.usPerPacket.toFixed(1), 6)} ${pad(r.downloadKbps.toFixed(0), 13)} ${pad(r.genNodePct.toFixed(0), 10)} ${pad(r.genWorkerPct.toFixed(0), 9)} ${pad(r.sinkPct.toFixed(0), 6)} ${pad(`${r.drops.sfuIn}/${r.drops.genIn}/${r.drops.sink}`, 17)} ${pad(r.genLatePct.toFixed(1), 6)}  ${ok(r) ? 'yes' : 'NO'}`,
  );
}

async function sfuWorkers(n: number): Promise<{ workers: types.Worker[]; routers: () => Promise<types.Router[]> }> {
  const workers = await Promise.all(Array.from({ length: n }, () => createWorker({ logLevel: 'error', rtcMinPort: 40000, rtcMaxPort: 59999 })));
  return { workers, routers: () => Promise.all(workers.map((w) => w.createRouter({ mediaCodecs }))) };
}

async function ramp(workerCount: number, mode: Mode, sink: RtpSink): Promise<void> {
  const gen = await Generator.start();
  gen.run();
  const { workers } = await sfuWorkers(workerCount);
  const circles: Circle[] = [];
  console.log(`\n${workerCount} SFU worker(s), ${mode === 'layers' ? 'layer selection on (tiles pick layer 0, the floor holder 1)' : 'no layer selection (everyone gets the top layer)'}, circles of ${opts.size}:`);
  printHeader();
  try {
    for (const target of opts.circles) {
      while (circles.length < target) {
        const worker = workers[circles.length % workers.length]!;
        const router = await worker.createRouter({ mediaCodecs });
        circles.push(await withTimeout(buildCircle(gen, sink, Array.from({ length: opts.size }, () => router), mode), 120_000, `building circle ${circles.length + 1}`));
      }
      const reading = await measure(workers, gen, sink, circles);
      printRow(reading);
      if (!ok(reading)) break;
    }
  } catch (err) {
    console.log(`  stopped: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    for (const c of circles) c.close();
    for (const w of workers) w.close();
    gen.close();
  }
}

async function pipeScenario(sink: RtpSink): Promise<void> {
  console.log('\nOne circle of 20, everyone\'s camera on, layer selection on:');
  printHeader();
  for (const spread of [1, 2]) {
    const gen = await Generator.start();
    gen.run();
    const { workers, routers } = await sfuWorkers(spread);
    const rs = await routers();
    // Spread: the first half's home is worker 1, the second half's worker 2; the rest is piped.
    const homes = Array.from({ length: 20 }, (_, i) => rs[Math.floor((i * rs.length) / 20)]!);
    const circle = await buildCircle(gen, sink, homes, 'layers');
    try {
      printRow(await measure(workers, gen, sink, [circle]), spread === 1 ? '1 wkr' : '2 piped');
    } finally {
      circle.close();
      for (const w of workers) w.close();
      gen.close();
    }
  }
}

async function main(): Promise<void> {
  console.log(`media-load: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.versions.node}`);
  console.log(`each person sends Opus ${MIC_PACKETS_PER_SECOND} pkt/s and VP8 simulcast 100/300/900 kbit/s at ${CAMERA_FPS} fps (${cameraPacketsPerSecond()} pkt/s), SRTP AEAD_AES_256_GCM both ways`);
  const sink = await startSink();
  try {
    if (!opts.onlyPipe) for (const w of opts.workers) for (const mode of opts.modes) await ramp(w, mode, sink);
    if (opts.pipe) await pipeScenario(sink);
  } finally {
    sink.stop();
  }
  console.log('\nfwd pkt/s: RTP packets arriving at the receivers; deliv: that ÷ what the model says should arrive; loss: sequence gaps at the receivers;');
  console.log('µs/pkt: SFU worker CPU (all workers) per forwarded packet, ingress included; gen node/wkr: the load generator (this Node process');
  console.log('and its own mediasoup worker); sink: the C receiver; drops: datagrams the kernel dropped at the SFU\'s ingress, the generator\'s input and');
  console.log('the sink; late: camera frames the generator skipped. ok: deliv > 99 %, loss < 1 % and every worker < 90 %.');
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
