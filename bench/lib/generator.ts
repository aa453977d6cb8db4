import dgram from 'node:dgram';
import { createWorker, types } from 'mediasoup';
import { mediaCodecs } from '../../server/src/media/codecs';
import { cameraParameters, micParameters, newStream, opusPacket, vp8Frame, CAMERA_FPS, type StreamState } from './rtpLoad';

/** Where everything of the benchmark listens. */
export const LISTEN = { protocol: 'udp' as const, ip: '127.0.0.1' };
/** Socket buffers of 1 MB: a worker that waits a few ms for a core must not drop what arrived meanwhile. */
export const SOCKET_BUFFER = 1 << 20;

/** A synthetic person's camera and mic, produced into the generator worker (which encrypts and sends them). */
export interface Sender {
  mic: StreamState;
  camera: StreamState[];
  audio: types.Producer;
  video: types.Producer;
  /** The generator worker's plain-RTP port this sender's packets go to. */
  port: number;
  input: types.PlainTransport;
  phaseMs: number;
  sentAudio: number;
  sentFrames: number;
}

/**
 * The load generator: Node writes plain RTP over UDP into a mediasoup worker of its own, which
 * encrypts it (SRTP, as a browser would) and sends it on to the SFU. UDP, not a DirectTransport:
 * a generator that falls behind then drops packets (counted) instead of queueing without bound.
 */
export class Generator {
  readonly senders: Sender[] = [];
  /** Frames skipped because the generator ran late by more than 200 ms (it does not catch up). */
  skipped = 0;
  due = 0;
  private timer: NodeJS.Timeout | undefined;
  private ssrc = 10_000;
  private readonly started = performance.now();
  private constructor(
    readonly worker: types.Worker,
    readonly router: types.Router,
    private readonly socket: dgram.Socket,
  ) {}

  static async start(): Promise<Generator> {
    const worker = await createWorker({ logLevel: 'error', rtcMinPort: 20000, rtcMaxPort: 29999 });
    const router = await worker.createRouter({ mediaCodecs });
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    socket.setSendBufferSize(4 << 20);
    return new Generator(worker, router, socket);
  }

  async addSender(): Promise<Sender> {
    const ssrcs = [this.ssrc++, this.ssrc++, this.ssrc++, this.ssrc++];
    const input = await this.router.createPlainTransport({ listenInfo: { ...LISTEN, recvBufferSize: SOCKET_BUFFER }, rtcpMux: true, comedia: true });
    const audio = await input.produce({ kind: 'audio', rtpParameters: micParameters(ssrcs[0]!) as types.RtpParameters });
    const video = await input.produce({ kind: 'video', rtpParameters: cameraParameters(ssrcs.slice(1)) as types.RtpParameters });
    const sender: Sender = {
      mic: newStream(ssrcs[0]!),
      camera: ssrcs.slice(1).map(newStream),
      audio,
      video,
      port: input.tuple.localPort,
      input,
      phaseMs: performance.now() - this.started + Math.random() * 50,
      sentAudio: 0,
      sentFrames: 0,
    };
    this.senders.push(sender);
    return sender;
  }

  /** Sends what is due every 5 ms: each sender's 20 ms Opus frames and 50 ms camera frames (3 layers). */
  run(): void {
    const send = (buf: Buffer, port: number) => this.socket.send(buf, port, '127.0.0.1');
    this.timer = setInterval(() => {
      const now = performance.now() - this.started;
      for (const s of this.senders) {
        if (s.input.closed) continue;
        const t = now - s.phaseMs;
        // Late by more than 200 ms (the process did not get a core): skip ahead, and say so.
        const audioDue = Math.floor(t / 20);
        if (audioDue - s.sentAudio > 10) s.sentAudio = audioDue - 1;
        while (s.sentAudio * 20 <= t) send(opusPacket(s.mic, ++s.sentAudio * 960), s.port);
        const framesDue = Math.floor((t * CAMERA_FPS) / 1000);
        this.due += Math.max(0, framesDue + 1 - s.sentFrames);
        if (framesDue - s.sentFrames > 4) {
          this.skipped += framesDue - s.sentFrames;
          s.sentFrames = framesDue;
        }
        while ((s.sentFrames * 1000) / CAMERA_FPS <= t) {
          const ts = ++s.sentFrames * (90000 / CAMERA_FPS);
          s.camera.forEach((stream, layer) => vp8Frame(stream, layer, ts).forEach((p) => send(p, s.port)));
        }
      }
    }, 5);
  }

  close(): void {
    clearInterval(this.timer);
    this.socket.close();
    this.worker.close();
  }
}

