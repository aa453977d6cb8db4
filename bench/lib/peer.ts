import { performance } from 'node:perf_hooks';
import * as wrtc from '@roamhq/wrtc';
import { Device, type types } from 'mediasoup-client';
import type { Ack, ClientToServerEvents, ConsumerOptions, JoinedCircle, TransportOptions } from '@hearth/shared';
import { connectClient, request, type TestSocket } from '../../tests/helpers/server';
import type { LocalTracks, SyntheticMedia } from './media';

type Req = keyof ClientToServerEvents;
/** The fields of a libwebrtc inbound-rtp stats entry read here. */
interface InboundRtpStats {
  type?: string;
  ssrc?: number;
  bytesReceived?: number;
  packetsReceived?: number;
  /** Milliseconds since the Unix epoch. */
  lastPacketReceivedTimestamp?: number;
}

type ReplyOf<E extends Req> = Parameters<ClientToServerEvents[E]>[1] extends (r: Ack<infer T>) => void ? T : never;

/**
 * Moments of one join, as `performance.now()` values. All but `start` are set once, the
 * first time they happen.
 */
export interface JoinMarks {
  /** Just before socket.io's `io()` is called. */
  start: number;
  /** socket.io `connect`. */
  connected?: number;
  /** `joinCircle` acked. */
  joined?: number;
  /** Device loaded, `setRtpCapabilities` acked, recv transport created on both sides. */
  recvTransport?: number;
  /** First remote track consumed: `consume` acked and `recvTransport.consume()` resolved. */
  firstConsumer?: number;
  /** First video consumer's `resumeConsumer` acked (the server now waits for a key frame). */
  firstVideoResumed?: number;
  /** Recv transport's `connectionstatechange` → 'connected' (ICE + DTLS done). */
  recvConnected?: number;
  /**
   * First inbound video RTP: `lastPacketReceivedTimestamp` of the first video inbound-rtp
   * stats entry seen with `bytesReceived > 0` (stats polled every `pollMs`), bounded by
   * `firstVideoFrame`.
   */
  firstVideoRtp?: number;
  /** When the poll saw that entry (later than `firstVideoRtp`: poll interval + stats cache). */
  firstVideoRtpSeen?: number;
  /** First decoded remote video frame (an `RTCVideoSink` `onframe`, event-driven). */
  firstVideoFrame?: number;
  /** A decoded frame from every other peer's camera. */
  allVideoFrames?: number;
  /** Own mic and camera produced (send transport connected). */
  produced?: number;
}

export interface PeerOptions {
  url: string;
  circleId: string;
  displayName: string;
  media: SyntheticMedia;
  /** Watch this join: stats polling and video sinks until every remote camera shows a frame. */
  measure: boolean;
  /** Stats polling interval for `firstVideoRtp`. */
  pollMs: number;
}

/**
 * A Hearth participant in Node: socket.io + mediasoup-client (Chrome111 handler over
 * wrtc) doing what client/src/media/session.ts does — join, load the device, open the
 * recv transport and consume everyone present, then open the send transport and
 * produce mic and camera; consume whoever produces later.
 */
export class BenchPeer {
  readonly marks: JoinMarks;
  /** Packets of the stream when the first RTP was detected (1–3: a key frame; more: the estimate is late). */
  rtpPacketsAtDetection = 0;
  /** RATE_LIMITED answers retried. */
  rateLimited = 0;
  peerId = '';
  private socket: TestSocket | null = null;
  private device: Device | null = null;
  private sendTransport: types.Transport | null = null;
  private recvTransport: types.Transport | null = null;
  private tracks: LocalTracks | null = null;
  private readonly consumers = new Map<string, types.Consumer>();
  private readonly requested = new Set<string>();
  private readonly pending = new Set<string>();
  private readonly sinks = new Set<wrtc.nonstandard.RTCVideoSink>();
  /** SSRCs of the video consumers (what inbound-rtp stats are keyed by). */
  private readonly videoSsrcs = new Set<number>();
  /** Peers from whom a decoded video frame arrived. */
  private readonly framesFrom = new Set<string>();
  /** Other peers sending a camera (as far as we know). */
  private readonly cameraPeers = new Set<string>();
  private readonly errors: Error[] = [];
  private pollTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly opts: PeerOptions) {
    this.marks = { start: performance.now() };
  }

  /** Joins and sets up media; resolves once own tracks are produced. */
  async join(): Promise<void> {
    const { opts, marks } = this;
    marks.start = performance.now();
    const socket = await connectClient(opts.url);
    marks.connected = performance.now();
    this.socket = socket;
    socket.on('newProducer', (p) => {
      if (p.kind === 'video') this.cameraPeers.add(p.peerId);
      this.consume(p.producerId);
    });
    socket.on('consumerClosed', ({ consumerId }) => this.consumers.get(consumerId)?.close());

    const joined: JoinedCircle = await this.request('joinCircle', { circleId: opts.circleId, displayName: opts.displayName });
    marks.joined = performance.now();
    this.peerId = joined.peerId;
    for (const peer of joined.peers) {
      for (const p of peer.producers) {
        if (p.kind === 'video') this.cameraPeers.add(peer.peerId);
        this.consume(p.producerId);
      }
    }

    const device = new Device({ handlerName: 'Chrome111' });
    await device.load({ routerRtpCapabilities: joined.routerRtpCapabilities as types.RtpCapabilities });
    this.device = device;
    await this.request('setRtpCapabilities', { rtpCapabilities: device.rtpCapabilities });

    this.recvTransport = await this.createTransport('recv');
    marks.recvTransport = performance.now();
    this.recvTransport.on('connectionstatechange', (state) => {
      if (state === 'connected') marks.recvConnected ??= performance.now();
    });
    if (opts.measure) this.startPolling();
    for (const producerId of this.pending) this.consume(producerId);
    this.pending.clear();

    this.sendTransport = await this.createTransport('send');
    this.tracks = opts.media.createTracks();
    await this.sendTransport.produce({ track: this.tracks.audio, appData: { source: 'mic' }, codecOptions: { opusStereo: false, opusFec: true } });
    await this.sendTransport.produce({ track: this.tracks.video, appData: { source: 'camera' } });
    marks.produced = performance.now();
  }

  /** Consumers on this peer (remote tracks it receives). */
  get consumerCount(): number {
    return this.consumers.size;
  }

  /** Errors from background consumes. */
  get failures(): readonly Error[] {
    return this.errors;
  }

  /** Stops measuring: the stats poll and the video sinks. */
  stopMeasuring(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    for (const sink of this.sinks) sink.stop();
    this.sinks.clear();
  }

  /** Closes media, sockets and tracks. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopMeasuring();
    // Closing a transport closes its producers and consumers (and its RTCPeerConnection).
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.tracks?.stop();
    this.socket?.disconnect();
  }

  private consume(producerId: string): void {
    if (this.closed || this.requested.has(producerId)) return;
    const transport = this.recvTransport;
    if (!transport) {
      this.pending.add(producerId);
      return;
    }
    this.requested.add(producerId);
    this.consumeNow(producerId, transport).catch((err: unknown) => {
      if (!this.closed) this.errors.push(err instanceof Error ? err : new Error(String(err)));
    });
  }

  private async consumeNow(producerId: string, transport: types.Transport): Promise<void> {
    const opts: ConsumerOptions = await this.request('consume', { producerId });
    if (this.closed) return;
    const consumer = await transport.consume({
      id: opts.id,
      producerId: opts.producerId,
      kind: opts.kind,
      rtpParameters: opts.rtpParameters as types.RtpParameters,
    });
    this.marks.firstConsumer ??= performance.now();
    this.consumers.set(consumer.id, consumer);
    consumer.observer.on('close', () => this.consumers.delete(consumer.id));
    if (this.opts.measure && consumer.kind === 'video') {
      for (const e of consumer.rtpParameters.encodings ?? []) if (e.ssrc !== undefined) this.videoSsrcs.add(e.ssrc);
      this.watchFrames(consumer.track, opts.peerId);
    }
    await this.request('resumeConsumer', { consumerId: consumer.id });
    if (consumer.kind === 'video') this.marks.firstVideoResumed ??= performance.now();
  }

  /** Event-driven first frame per remote camera; each sink stops after its first frame. */
  private watchFrames(track: MediaStreamTrack, peerId: string): void {
    const sink = new wrtc.nonstandard.RTCVideoSink(track);
    this.sinks.add(sink);
    sink.onframe = () => {
      const now = performance.now();
      sink.stop();
      this.sinks.delete(sink);
      this.marks.firstVideoFrame ??= now;
      // A frame cannot precede its packets: bound the stats-based estimate (see startPolling).
      if (this.marks.firstVideoRtp !== undefined && this.marks.firstVideoRtp > now) this.marks.firstVideoRtp = now;
      this.framesFrom.add(peerId);
      if (this.framesFrom.size >= this.cameraPeers.size) this.marks.allVideoFrames ??= now;
    };
  }

  /**
   * Polls the recv transport's stats until an inbound video stream has bytes, then takes
   * that stream's `lastPacketReceivedTimestamp` (wall-clock ms) as the arrival time.
   * The poll itself would be late: libwebrtc caches a stats report for 50 ms, so a
   * report can be that much older than the moment it is delivered.
   */
  private startPolling(): void {
    let busy = false;
    this.pollTimer = setInterval(() => {
      const transport = this.recvTransport;
      if (busy || !transport || transport.closed) return;
      busy = true;
      transport
        .getStats()
        .then((report) => {
          let arrival = Infinity;
          report.forEach((s: InboundRtpStats) => {
            // By SSRC: the recv transport also holds mediasoup-client's "probator" stream
            // (SSRC 1234) on which mediasoup sends bandwidth-probing padding, not video.
            if (s.type !== 'inbound-rtp' || s.ssrc === undefined || !this.videoSsrcs.has(s.ssrc)) return;
            if ((s.bytesReceived ?? 0) === 0) return;
            // Wall clock → performance.now() timeline.
            const at = (s.lastPacketReceivedTimestamp ?? NaN) - (Date.now() - performance.now());
            arrival = Math.min(arrival, Number.isFinite(at) ? at : performance.now());
            this.rtpPacketsAtDetection = Math.max(this.rtpPacketsAtDetection, s.packetsReceived ?? 0);
          });
          if (arrival === Infinity || this.marks.firstVideoRtp !== undefined) return;
          // If the stream already held more than its key frame, the last packet is later
          // than the first; the first decoded frame is then the tighter bound.
          this.marks.firstVideoRtp = Math.min(arrival, this.marks.firstVideoFrame ?? Infinity);
          this.marks.firstVideoRtpSeen = performance.now();
          if (this.pollTimer) clearInterval(this.pollTimer);
          this.pollTimer = null;
        })
        .catch(() => undefined)
        .finally(() => (busy = false));
    }, this.opts.pollMs);
  }

  private async createTransport(direction: 'send' | 'recv'): Promise<types.Transport> {
    const device = this.device!;
    const opts: TransportOptions = await this.request('createTransport', { direction });
    const params = {
      id: opts.id,
      iceParameters: opts.iceParameters as types.IceParameters,
      iceCandidates: opts.iceCandidates as types.IceCandidate[],
      dtlsParameters: opts.dtlsParameters as types.DtlsParameters,
    };
    const transport = direction === 'send' ? device.createSendTransport(params) : device.createRecvTransport(params);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.request('connectTransport', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        this.request('produce', { transportId: transport.id, kind, rtpParameters, source: appData.source }).then(
          ({ producerId }) => callback({ id: producerId }),
          errback,
        );
      });
    }
    return transport;
  }

  /**
   * A request whose error ack rejects. RATE_LIMITED is retried (and counted): the server
   * allows 50 requests per second per socket, which a join into a big circle can exceed.
   */
  private async request<E extends Req>(event: E, payload: unknown): Promise<ReplyOf<E>> {
    for (let attempt = 0; ; attempt++) {
      const socket = this.socket;
      if (!socket) throw new Error('not connected');
      const ack = await request(socket, event, payload);
      if (ack.ok) return ack.data;
      if (ack.error.code === 'RATE_LIMITED' && attempt < 20 && !this.closed) {
        this.rateLimited++;
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
    }
  }
}
