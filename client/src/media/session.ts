import type { Device, types } from 'mediasoup-client';
import type { ClientInputs, ErrorCode, JoinedCircle, TransportOptions } from '@hearth/shared';
import type { RequestFn } from '../net/request';
import { RequestError } from '../net/request';
import type { ConsumerRecord } from '../store/types';
import { PreparedDevice } from './device';
import { storedIcePolicy, transportIceOptions, type TransportIceOptions } from './iceConfig';
import type { LocalMedia } from './localMedia';
import type { UplinkSample } from '../lib/uplinkPolicy';
import { addBytes, availableOutgoingBitrate, inboundFrameSize, selectedIceRoute, sumRtpBytes, zeroBytes, type FrameSize, type HearthStats, type IceRoute } from './stats';
import type { TrackRegistry } from './tracks';
import { buildTransport } from './transportWiring';

type Source = 'mic' | 'camera';

/**
 * Three simulcast layers (¼, ½, full resolution). The SFU forwards the layer each
 * receiver can take, so one person on a weak link does not degrade everyone else.
 */
const CAMERA_ENCODINGS: types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 100_000 },
  { scaleResolutionDownBy: 2, maxBitrate: 300_000 },
  { scaleResolutionDownBy: 1, maxBitrate: 900_000 },
];

/** Where the session reports what the store needs to know. */
export interface SessionSink {
  consumerAdded(consumer: ConsumerRecord): void;
  error(message: string, code: ErrorCode | null): void;
  /** The media connection could not be restored in place: rebuild it (rejoin). */
  lost?(): void;
}

/** Thrown when a session step finishes after the session was torn down. */
export class StaleSessionError extends Error {
  override readonly name = 'StaleSessionError';
}

/**
 * Holds the mediasoup-client objects of one circle visit (Device, transports, producers,
 * consumers) outside React and outside the store. `generation` increases on every
 * teardown; async steps check it so late results of an old visit are closed, not used.
 */
export class MediaSession {
  private generation = 0;
  private device: Device | null = null;
  private sendTransport: types.Transport | null = null;
  private recvTransport: types.Transport | null = null;
  private readonly producers = new Map<Source, types.Producer>();
  private readonly consumers = new Map<string, { consumer: types.Consumer; peerId: string }>();
  /** Producers to consume once the receive transport exists. */
  private readonly pending = new Set<string>();
  /** Producers already consumed or being consumed: never consume one twice. */
  private readonly requested = new Set<string>();
  /** Consumers the server closed before our `consume` finished. */
  private readonly closedEarly = new Set<string>();
  /** ICE restarts tried per transport since it was last connected. */
  private readonly iceRestarts = new Map<string, number>();
  /** Stepped out: the camera stays on for the preview, but nothing is sent. */
  private cameraSuspended = false;
  /** TURN servers (and the relay-only switch) for this visit's transports. */
  private ice: TransportIceOptions = {};
  /** The send transport being opened, so concurrent producers share one. */
  private sendOpening: Promise<types.Transport> | null = null;
  /** Local tracks being produced now: never produce one twice. */
  private readonly producing = new Set<Source>();

  constructor(
    private readonly request: RequestFn,
    private readonly local: LocalMedia,
    private readonly tracks: TrackRegistry,
    private readonly sink: SessionSink,
    /** The device, loaded on the pre-join screen if it could be. */
    private readonly prepared: PreparedDevice = new PreparedDevice(request),
  ) {}

  /**
   * Sets up the visit's media: the device (prepared, or loaded now), its capabilities on the
   * server (unless the join brought them), both transports (from the join's reply, or asked
   * for), then consumes the queued producers — all at once, without waiting for each other.
   * The local tracks follow with {@link publish}.
   */
  async start(joined: JoinedCircle): Promise<void> {
    const gen = this.generation;
    this.ice = transportIceOptions(joined, storedIcePolicy());
    const device = await this.prepared.deviceFor(joined.routerRtpCapabilities);
    this.assertCurrent(gen);
    this.device = device;
    const given = joined.transports;
    // The server has our capabilities only if the join brought this very device's.
    if (!given || !this.prepared.wasOffered(device)) {
      await this.request('setRtpCapabilities', {
        rtpCapabilities: device.rtpCapabilities as ClientInputs['setRtpCapabilities']['rtpCapabilities'],
      });
      this.assertCurrent(gen);
    }
    if (given) {
      this.sendTransport = this.buildTransport('send', given.send, gen);
      this.recvTransport = this.buildTransport('recv', given.recv, gen);
    } else {
      this.recvTransport = await this.createTransport('recv', gen);
    }
    for (const producerId of this.pending) this.consume(producerId);
    this.pending.clear();
  }

  /**
   * Sends the local microphone and camera tracks not sent yet. Called once the visit's media
   * is set up, and again when the devices come later (a permission prompt answered after
   * Join): nothing happens before {@link start} has run, and nothing is produced twice.
   */
  async publish(): Promise<void> {
    const gen = this.generation;
    const device = this.device;
    if (!device || !this.recvTransport) return;
    const wanted: [Source, MediaStreamTrack][] = [];
    const mic = this.local.micTrack;
    const camera = this.local.cameraTrack;
    if (mic && device.canProduce('audio')) wanted.push(['mic', mic]);
    if (camera && device.canProduce('video')) wanted.push(['camera', camera]);
    const fresh = wanted.filter(([source]) => !this.producers.has(source) && !this.producing.has(source));
    if (fresh.length === 0) return;
    try {
      await Promise.all(fresh.map(([source, track]) => this.produceOnce(source, track, gen)));
    } catch (err) {
      // Torn down meanwhile: the rejoin sends them again.
      if (!(err instanceof StaleSessionError)) throw err;
    }
  }

  /** Closes everything of this visit. Local tracks stay (they belong to {@link LocalMedia}). */
  teardown(): void {
    this.generation++;
    this.iceRestarts.clear();
    this.cameraSuspended = false;
    this.pending.clear();
    this.requested.clear();
    this.closedEarly.clear();
    for (const id of this.consumers.keys()) this.tracks.delete(id);
    this.consumers.clear();
    this.producers.clear();
    // Closing a transport closes its producers and consumers.
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.sendTransport = null;
    this.recvTransport = null;
    this.sendOpening = null;
    this.producing.clear();
    this.device = null;
  }

  /** Consumes a remote producer, or queues it until the receive transport exists. */
  consume(producerId: string): void {
    if (this.requested.has(producerId)) return;
    if (!this.recvTransport) {
      this.pending.add(producerId);
      return;
    }
    this.requested.add(producerId);
    void this.consumeNow(producerId, this.recvTransport, this.generation);
  }

  /** Closes a consumer (its producer or peer went away). */
  closeConsumer(consumerId: string): void {
    const entry = this.consumers.get(consumerId);
    if (!entry) {
      this.closedEarly.add(consumerId);
      return;
    }
    entry.consumer.close();
    this.consumers.delete(consumerId);
    this.requested.delete(entry.consumer.producerId);
    this.tracks.delete(consumerId);
  }

  /** Mutes or unmutes the microphone, telling the server when we are producing. */
  async setMicOn(on: boolean): Promise<void> {
    const producer = this.producers.get('mic');
    if (!producer || producer.closed) {
      this.local.setMicEnabled(on);
      return;
    }
    // pause()/resume() also disable/enable the track, so nothing leaks while muted.
    if (on) producer.resume();
    else producer.pause();
    try {
      await this.request(on ? 'resumeProducer' : 'pauseProducer', { producerId: producer.id });
    } catch (err) {
      if (on) producer.pause();
      else producer.resume();
      throw err;
    }
  }

  /**
   * Camera on: new track → resume (or create) the camera producer. Camera off: pause the
   * producer, tell the server, detach and stop the track so the camera really turns off.
   */
  async setCameraOn(on: boolean): Promise<void> {
    const gen = this.generation;
    const producer = this.producers.get('camera');
    if (!on) {
      if (producer && !producer.closed) {
        producer.pause();
        await this.request('pauseProducer', { producerId: producer.id }).catch((err: unknown) => {
          // The camera is going off locally either way; peers just see a frozen frame.
          this.reportError(err);
        });
        await producer.replaceTrack({ track: null }).catch(() => undefined);
      }
      this.local.stopCamera();
      return;
    }
    const track = await this.local.startCamera();
    if (gen !== this.generation) return;
    if (producer && !producer.closed) {
      await producer.replaceTrack({ track });
      producer.resume();
      await this.request('resumeProducer', { producerId: producer.id });
    } else if (this.recvTransport && !this.producing.has('camera')) {
      // In a circle but never produced video (joined with the camera off).
      await this.produceOnce('camera', track, gen);
    }
  }

  /** Whether camera video is held back (see {@link setCameraSuspended}). */
  get isCameraSuspended(): boolean {
    return this.cameraSuspended;
  }

  /**
   * Stepped out (or back): stops sending camera video without turning the camera off, so
   * nobody receives a veiled picture and the uplink rests; stepping back sends it again.
   */
  async setCameraSuspended(suspended: boolean): Promise<void> {
    this.cameraSuspended = suspended;
    const producer = this.producers.get('camera');
    if (!producer || producer.closed) return;
    // Inactive encodings stop the encoder at once; a null track would keep sending for seconds.
    await producer.setRtpEncodingParameters({ active: !suspended });
  }

  /** The browser's estimate of our uplink (the send transport's) and whether camera video is being sent now. */
  async uplinkSample(): Promise<UplinkSample> {
    const camera = this.producers.get('camera');
    const transport = this.sendTransport;
    if (!transport || transport.closed) return { availableBps: null, sendingVideo: false };
    const sendingVideo = camera !== undefined && !camera.closed && !camera.paused && !this.cameraSuspended;
    return { availableBps: availableOutgoingBitrate(await transport.getStats()), sendingVideo };
  }

  /** Inbound bytes per remote peer and outbound totals, for `window.__hearth.stats()`. */
  async stats(peerIds: string[]): Promise<HearthStats> {
    const inbound: HearthStats['inbound'] = Object.fromEntries(peerIds.map((id) => [id, zeroBytes()]));
    const outbound = zeroBytes();
    await Promise.all([
      ...[...this.consumers.values()].map(async ({ consumer, peerId }) => {
        if (consumer.closed) return;
        const counts = sumRtpBytes(await consumer.getStats(), 'inbound', consumer.kind);
        addBytes((inbound[peerId] ??= zeroBytes()), counts);
      }),
      ...[...this.producers.values()].map(async (producer) => {
        if (producer.closed) return;
        addBytes(outbound, sumRtpBytes(await producer.getStats(), 'outbound', producer.kind));
      }),
    ]);
    return { inbound, outbound };
  }

  /** The frame size of each remote peer's video as decoded now, for `window.__hearth.videoFrames()`. */
  async videoFrames(): Promise<Record<string, FrameSize | null>> {
    const videos = [...this.consumers.values()].filter(({ consumer }) => consumer.kind === 'video' && !consumer.closed);
    const sizes = await Promise.all(videos.map(async ({ consumer, peerId }) => [peerId, inboundFrameSize(await consumer.getStats())] as const));
    return Object.fromEntries(sizes);
  }

  /** Which ICE route each open transport uses (host, or relay through TURN), for `window.__hearth.iceRoutes()`. */
  async iceRoutes(): Promise<IceRoute[]> {
    const transports = [this.sendTransport, this.recvTransport].filter((t): t is types.Transport => t !== null && !t.closed);
    return Promise.all(transports.map(async (t) => ({ direction: t.direction, ...selectedIceRoute(await t.getStats()) })));
  }

  private async consumeNow(producerId: string, transport: types.Transport, gen: number): Promise<void> {
    try {
      const opts = await this.request('consume', { producerId });
      if (gen !== this.generation) return;
      const consumer = await transport.consume({
        id: opts.id,
        producerId: opts.producerId,
        kind: opts.kind,
        rtpParameters: opts.rtpParameters as types.RtpParameters,
        appData: { peerId: opts.peerId, source: opts.source },
      });
      if (gen !== this.generation || this.closedEarly.delete(opts.id)) {
        consumer.close();
        return;
      }
      this.consumers.set(consumer.id, { consumer, peerId: opts.peerId });
      this.tracks.set(consumer.id, consumer.track);
      this.sink.consumerAdded({
        consumerId: consumer.id,
        producerId: opts.producerId,
        peerId: opts.peerId,
        kind: opts.kind,
        source: opts.source,
      });
      // The server creates consumers paused so no packets are lost before we are ready.
      await this.request('resumeConsumer', { consumerId: consumer.id });
    } catch (err) {
      this.requested.delete(producerId);
      if (gen !== this.generation) return;
      // The producer vanished in the meantime: the close notification covers it.
      if (err instanceof RequestError && err.code === 'NOT_FOUND') return;
      this.reportError(err);
    }
  }

  /** Produces one local track, opening the send transport first if needed (once for all). */
  private async produceOnce(source: Source, track: MediaStreamTrack, gen: number): Promise<void> {
    this.producing.add(source);
    try {
      if (!this.sendTransport) {
        const opening = (this.sendOpening ??= this.createTransport('send', gen));
        // A failed opening is not kept: the next producer tries again.
        const transport = await opening.catch((err: unknown) => {
          if (this.sendOpening === opening) this.sendOpening = null;
          throw err;
        });
        this.assertCurrent(gen);
        this.sendTransport = transport;
      }
      await this.produce(source, track, gen);
    } finally {
      if (gen === this.generation) this.producing.delete(source);
    }
  }

  private async createTransport(direction: 'send' | 'recv', gen: number): Promise<types.Transport> {
    if (!this.device) throw new StaleSessionError('session closed');
    const opts: TransportOptions = await this.request('createTransport', { direction });
    this.assertCurrent(gen);
    return this.buildTransport(direction, opts, gen);
  }

  /** The client side of one of the server's transports (see {@link buildTransport}). */
  private buildTransport(direction: 'send' | 'recv', opts: TransportOptions, gen: number): types.Transport {
    const device = this.device;
    if (!device) throw new StaleSessionError('session closed');
    return buildTransport(device, direction, opts, {
      request: this.request,
      ice: this.ice,
      isCurrent: () => gen === this.generation,
      iceRestarts: this.iceRestarts,
      lost: () => this.sink.lost?.(),
    });
  }

  private async produce(source: Source, track: MediaStreamTrack, gen: number): Promise<void> {
    const device = this.device;
    const transport = this.sendTransport;
    if (!device || !transport) throw new StaleSessionError('session closed');
    const codecs = device.rtpCapabilities.codecs ?? [];
    const mime = source === 'camera' ? 'video/vp8' : 'audio/opus';
    const codec = codecs.find((c) => c.mimeType.toLowerCase() === mime);
    const producer = await transport.produce({
      track,
      codec,
      encodings: source === 'camera' ? CAMERA_ENCODINGS : undefined,
      codecOptions: source === 'camera' ? { videoGoogleStartBitrate: 1000 } : { opusStereo: false, opusFec: true },
      // LocalMedia owns the tracks: closing a producer must not kill the preview.
      stopTracks: false,
      // A disabled track (muted before joining) starts the producer paused, here and on the server.
      appData: { source, paused: !track.enabled },
    });
    if (gen !== this.generation) {
      producer.close();
      throw new StaleSessionError('session closed');
    }
    this.producers.set(source, producer);
    if (source === 'camera' && this.cameraSuspended) await producer.setRtpEncodingParameters({ active: false });
  }

  private assertCurrent(gen: number): void {
    if (gen !== this.generation) throw new StaleSessionError('session closed');
  }

  private reportError(err: unknown): void {
    if (err instanceof StaleSessionError) return;
    this.sink.error(err instanceof Error && err.message ? err.message : 'Something went wrong with the media connection.', err instanceof RequestError ? err.code : 'MEDIA_ERROR');
  }
}
