import type { types } from 'mediasoup';
import type { ConsumerOptions, PeerInfo, TransportOptions, VisitPreferences } from '@hearth/shared';
import { DomainError } from '../errors';
import { DownlinkWatch } from './downlinkWatch';
import type { Notifier } from '../transport/notifier';
import { Peer, type MediaSource, type ProducerAppData } from './peer';
import { MediaSharing, type ShareRule } from './sharing';
import { SpeakerWatch } from './speakerWatch';

/** Where WebRTC transports listen and what address they announce. */
export interface RtcListen {
  listenIp: string;
  announcedAddress: string | undefined;
}

const sourceKind: Record<MediaSource, 'audio' | 'video'> = { mic: 'audio', camera: 'video' };

/**
 * Consumer priorities (mediasoup: higher gets bandwidth first). Audio is cheap and is what a
 * circle needs most; video starts at the bottom and the receiver raises the speaker's.
 */
export const AUDIO_CONSUMER_PRIORITY = 255;
/** The simulcast layer a video consumer starts at, until the receiver says what its tile needs. */
export const INITIAL_SPATIAL_LAYER = 1;

/** What a receiver may ask of one of its consumers (see setConsumerPreferencesSchema). */
export interface ConsumerPreferences {
  spatialLayer?: number;
  temporalLayer?: number;
  paused?: boolean;
  priority?: number;
}

/** App data Hearth attaches to every consumer. */
interface ConsumerAppData extends types.AppData {
  /** The receiver resumed it once it was ready (consumers start paused). */
  ready: boolean;
  /** The receiver does not want it now (its tile is out of sight). */
  unwanted: boolean;
  /** Whose producer it carries (who must be in the receiver's group while the circle is split). */
  ownerId: string;
}

/**
 * One circle's media on this node: its mediasoup router and the peers sending and
 * receiving through it. Every method checks that the peer owns what it names.
 */
export class Room {
  readonly peers = new Map<string, Peer>();
  /** The pid of the mediasoup worker this room's router lives on (for logs, tests and metrics). */
  workerPid: number | undefined;
  private closed = false;
  /** Who is heard most among the forwarded mics. */
  private readonly speakers: SpeakerWatch;
  /** Who may be heard now (the circle's rules); everyone until a policy is set. */
  private audioAllowed: (peerId: string) => boolean = () => true;
  private readonly downlinks = new DownlinkWatch(() => this.peers.values(), (peerId, weak) => this.notifier.toPeer(peerId, 'downlinkQuality', { weak }));
  /** Who may receive whose media (pairs and small groups). */
  private readonly sharing: MediaSharing;

  /** `onSpeaking`: the SFU now hears `peerId` most (after the `activeSpeaker` notification went out). */
  constructor(
    readonly circleId: string,
    readonly router: types.Router,
    private readonly listen: RtcListen,
    private readonly notifier: Notifier,
    private readonly onSpeaking?: (peerId: string) => void,
  ) {
    this.sharing = new MediaSharing(circleId, this.peers, notifier);
    this.speakers = new SpeakerWatch(router, this.peers, (peerId) => {
      if (this.closed) return;
      // While the circle is in groups, only the speaker's group hears of it.
      this.sharing.toSharing(peerId, 'activeSpeaker', { peerId }, true);
      this.onSpeaking?.(peerId);
    });
    this.downlinks.start();
  }

  /** Others present, with what they send (only what `viewerId`, if given, may receive now). */
  snapshot(exceptPeerId?: string, viewerId?: string): PeerInfo[] {
    return [...this.peers.values()]
      .filter((p) => p.id !== exceptPeerId)
      .map((p) => ({
        peerId: p.id,
        displayName: p.displayName,
        producers: viewerId === undefined || this.sharing.shares(viewerId, p.id) ? p.producerInfos() : [],
      }));
  }

  /** Adds a peer and tells the others; `returning`: they were reconnecting. */
  addPeer(peer: Peer, returning = false): void {
    this.peers.set(peer.id, peer);
    this.notifier.toCircle(this.circleId, 'peerJoined', { peerId: peer.id, displayName: peer.displayName, producers: [], ...(returning ? { returning } : {}) }, peer.id);
    // Joiners learn who is heard now, not only who speaks next.
    const speaker = this.activeSpeaker;
    if (speaker !== null && this.sharing.shares(peer.id, speaker)) this.notifier.toPeer(peer.id, 'activeSpeaker', { peerId: speaker });
  }

  /** Closes everything a peer owned and tells the others; `reconnecting`: they are expected back. */
  removePeer(peerId: string, reconnecting = false): void {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    this.peers.delete(peerId);
    peer.close();
    this.notifier.toCircle(this.circleId, 'peerLeft', reconnecting ? { peerId, reconnecting } : { peerId }, peerId);
  }

  /** New ICE parameters for one of the peer's transports (its network path changed). */
  async restartIce(peerId: string, transportId: string): Promise<unknown> {
    return this.ownTransport(peerId, transportId).restartIce();
  }

  /** The peer, or NOT_IN_CIRCLE. */
  peer(peerId: string): Peer {
    const peer = this.peers.get(peerId);
    if (!peer) throw new DomainError('NOT_IN_CIRCLE', 'join the circle first');
    return peer;
  }

  /** Remembers what the peer's device can receive. */
  setRtpCapabilities(peerId: string, rtpCapabilities: types.RtpCapabilities): void {
    this.peer(peerId).rtpCapabilities = rtpCapabilities;
  }

  /** Opens the peer's send or receive transport (one of each). */
  async createTransport(peerId: string, direction: 'send' | 'recv'): Promise<TransportOptions> {
    const peer = this.peer(peerId);
    if (peer.transportOf(direction)) throw new DomainError('NOT_ALLOWED', `a ${direction} transport is already open`);
    const transport = await this.router.createWebRtcTransport({
      listenInfos: [
        { protocol: 'udp', ip: this.listen.listenIp, announcedAddress: this.listen.announcedAddress },
        { protocol: 'tcp', ip: this.listen.listenIp, announcedAddress: this.listen.announcedAddress },
      ],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { peerId, direction },
    });
    // The peer may have left while the worker was creating the transport.
    if (!this.peers.has(peerId) || this.closed) {
      transport.close();
      throw new DomainError('NOT_IN_CIRCLE', 'left the circle');
    }
    peer.transports.set(transport.id, transport);
    transport.observer.on('close', () => peer.transports.delete(transport.id));
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  /** Completes the DTLS side of the peer's transport. */
  async connectTransport(peerId: string, transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    const transport = this.ownTransport(peerId, transportId);
    // dtlsState stays 'new' until the handshake, so remember the call ourselves.
    if (transport.appData.connectCalled) throw new DomainError('NOT_ALLOWED', 'transport already connected');
    transport.appData.connectCalled = true;
    try {
      await transport.connect({ dtlsParameters });
    } catch (err) {
      transport.appData.connectCalled = false;
      throw err;
    }
  }

  /** Starts forwarding one of the peer's tracks and tells the others. */
  async produce(
    peerId: string,
    req: { transportId: string; kind: 'audio' | 'video'; rtpParameters: types.RtpParameters; source: MediaSource; paused?: boolean },
  ): Promise<string> {
    const peer = this.peer(peerId);
    const transport = this.ownTransport(peerId, req.transportId);
    if (transport.appData.direction !== 'send') throw new DomainError('NOT_ALLOWED', 'produce on the send transport');
    if (sourceKind[req.source] !== req.kind) throw new DomainError('INVALID_PAYLOAD', `${req.source} must be ${sourceKind[req.source]}`);
    if (peer.producerOf(req.source)) throw new DomainError('NOT_ALLOWED', `already sending ${req.source}`);
    const selfPaused = req.paused ?? false;
    const producer = await transport.produce<ProducerAppData>({
      kind: req.kind,
      rtpParameters: req.rtpParameters,
      paused: this.shouldPause(peerId, req.source, selfPaused),
      appData: { peerId, source: req.source, selfPaused },
    });
    peer.producers.set(producer.id, producer);
    producer.observer.on('close', () => peer.producers.delete(producer.id));
    if (producer.kind === 'audio') this.speakers.observe(producer);
    // Only to those who may receive it (while the circle is in groups, the producer's group).
    this.sharing.toSharing(peerId, 'newProducer', { peerId, producerId: producer.id, kind: producer.kind, source: req.source, paused: selfPaused });
    return producer.id;
  }

  /** Creates a paused consumer of another peer's producer on the peer's receive transport. */
  async consume(peerId: string, producerId: string): Promise<ConsumerOptions> {
    const peer = this.peer(peerId);
    const found = this.findProducer(producerId);
    if (found.owner.id === peerId) throw new DomainError('NOT_ALLOWED', 'cannot consume your own producer');
    // NOT_FOUND: for this receiver the producer is not there (a client that asked just before a
    // split drops it quietly, and hears of it again when the groups end).
    if (!this.sharing.shares(peerId, found.owner.id)) throw new DomainError('NOT_FOUND', 'that person is in another group');
    const transport = peer.transportOf('recv');
    if (!transport) throw new DomainError('NOT_ALLOWED', 'create a recv transport first');
    if (!peer.rtpCapabilities) throw new DomainError('NOT_ALLOWED', 'send setRtpCapabilities first');
    if (!this.router.canConsume({ producerId, rtpCapabilities: peer.rtpCapabilities })) {
      throw new DomainError('MEDIA_ERROR', 'your device cannot receive this track');
    }
    const consumer = await transport.consume<ConsumerAppData>({
      producerId,
      rtpCapabilities: peer.rtpCapabilities,
      paused: true,
      ...(found.producer.kind === 'video' ? { preferredLayers: { spatialLayer: INITIAL_SPATIAL_LAYER } } : {}),
      appData: { ready: false, unwanted: false, ownerId: found.owner.id },
    });
    // The circle may have split while the worker was creating it.
    if (!this.sharing.shares(peerId, found.owner.id)) {
      consumer.close();
      throw new DomainError('NOT_FOUND', 'that person is in another group');
    }
    if (consumer.kind === 'audio') await consumer.setPriority(AUDIO_CONSUMER_PRIORITY);
    peer.consumers.set(consumer.id, consumer);
    consumer.observer.on('close', () => peer.consumers.delete(consumer.id));
    consumer.on('producerclose', () => {
      consumer.close();
      this.notifier.toPeer(peerId, 'consumerClosed', { consumerId: consumer.id });
    });
    return {
      id: consumer.id,
      producerId,
      peerId: found.owner.id,
      kind: consumer.kind,
      source: found.producer.appData.source,
      rtpParameters: consumer.rtpParameters,
      producerPaused: consumer.producerPaused,
    };
  }

  /** Resumes one of the peer's consumers (they start paused so no key frame is lost). */
  async resumeConsumer(peerId: string, consumerId: string): Promise<void> {
    const consumer = this.ownConsumer(peerId, consumerId);
    consumer.appData.ready = true;
    await this.applyConsumerPause(this.peer(peerId), consumer);
  }

  /** Audio only (every video consumer paused here, new ones too) and lowering the hand on speaking, for this visit. */
  async setVisitPreferences(peerId: string, prefs: Partial<VisitPreferences>): Promise<VisitPreferences> {
    const peer = this.peer(peerId);
    if (prefs.lowerHandWhenSpeaking !== undefined) peer.lowerHandWhenSpeaking = prefs.lowerHandWhenSpeaking;
    if (prefs.audioOnly !== undefined && prefs.audioOnly !== peer.audioOnly) {
      peer.audioOnly = prefs.audioOnly;
      await Promise.all([...peer.consumers.values()].map((c) => this.applyConsumerPause(peer, c as types.Consumer<ConsumerAppData>)));
    }
    return { audioOnly: peer.audioOnly, lowerHandWhenSpeaking: peer.lowerHandWhenSpeaking };
  }

  /**
   * Applies a receiver's wishes for one of its consumers: the simulcast layers its tile needs,
   * paused while the tile is out of sight, its priority. Pausing is remembered apart from the
   * initial resume, so the two requests may arrive in either order.
   */
  async setConsumerPreferences(peerId: string, consumerId: string, prefs: ConsumerPreferences): Promise<void> {
    const consumer = this.ownConsumer(peerId, consumerId);
    if (prefs.spatialLayer !== undefined || prefs.temporalLayer !== undefined) {
      if (consumer.kind !== 'video') throw new DomainError('INVALID_PAYLOAD', 'layers are for video consumers');
      // A single-stream (non-simulcast) video has one layer: nothing to choose.
      // The worker clamps layers to those the producer sends.
      if (consumer.type === 'simulcast' || consumer.type === 'svc') {
        const spatialLayer = prefs.spatialLayer ?? consumer.preferredLayers?.spatialLayer ?? 2;
        await consumer.setPreferredLayers({ spatialLayer, temporalLayer: prefs.temporalLayer });
      }
    }
    if (prefs.priority !== undefined) await consumer.setPriority(prefs.priority);
    if (prefs.paused !== undefined) {
      consumer.appData.unwanted = prefs.paused;
      await this.applyConsumerPause(this.peer(peerId), consumer);
    }
  }

  private async applyConsumerPause(peer: Peer, consumer: types.Consumer<ConsumerAppData>): Promise<void> {
    const pause = !consumer.appData.ready || consumer.appData.unwanted || (peer.audioOnly && consumer.kind === 'video');
    if (pause === consumer.paused || consumer.closed) return;
    if (pause) await consumer.pause();
    else await consumer.resume();
  }

  /**
   * Mutes/unmutes (or turns the camera off/on for) one of the peer's own producers and tells
   * the others. A mic stays paused on the server while the rules say the peer may not be heard.
   */
  async setProducerPaused(peerId: string, producerId: string, paused: boolean): Promise<void> {
    await this.setSelfPaused(this.ownProducer(peerId, producerId), paused);
  }

  /** Pauses a peer's producer of one source as if they had (a facilitator's mute, stop video). */
  async pauseSource(peerId: string, source: MediaSource): Promise<void> {
    const producer = this.peers.get(peerId)?.producerOf(source);
    if (producer && !producer.appData.selfPaused) await this.setSelfPaused(producer, true);
  }

  /**
   * Applies who may see and hear whom (pairs and small groups): no consumer across groups,
   * on the server, so a modified client cannot listen in on another group.
   */
  setSharePolicy(rule: ShareRule): void {
    if (!this.closed) this.sharing.apply(rule);
  }

  /**
   * Applies who may be heard: every mic is forwarded only while its owner is allowed and has
   * not muted themselves. Enforced here, on the server, so a modified client cannot be heard
   * out of turn. Video is not affected.
   */
  async setAudioPolicy(allowed: (peerId: string) => boolean): Promise<void> {
    this.audioAllowed = allowed;
    const changes: Promise<void>[] = [];
    for (const peer of this.peers.values()) {
      const mic = peer.producerOf('mic');
      if (mic && !mic.closed) changes.push(this.applyPause(mic));
    }
    await Promise.all(changes);
  }

  private shouldPause(peerId: string, source: MediaSource, selfPaused: boolean): boolean {
    return selfPaused || (source === 'mic' && !this.audioAllowed(peerId));
  }

  private async applyPause(producer: types.Producer<ProducerAppData>): Promise<void> {
    const pause = this.shouldPause(producer.appData.peerId, producer.appData.source, producer.appData.selfPaused);
    if (pause === producer.paused) return;
    if (pause) await producer.pause();
    else await producer.resume();
    if (producer.appData.source === 'mic') await this.speakers.follow(producer, !pause);
  }

  private async setSelfPaused(producer: types.Producer<ProducerAppData>, paused: boolean): Promise<void> {
    producer.appData.selfPaused = paused;
    await this.applyPause(producer);
    const { peerId } = producer.appData;
    this.notifier.toCircle(this.circleId, paused ? 'producerPaused' : 'producerResumed', { peerId, producerId: producer.id }, peerId);
  }

  /** Who was heard most last, if they are still here. */
  get activeSpeaker(): string | null {
    return this.speakers.current;
  }

  /** Stops one of the peer's producers and tells the others. */
  closeProducer(peerId: string, producerId: string): void {
    this.ownProducer(peerId, producerId).close();
    this.notifier.toCircle(this.circleId, 'producerClosed', { peerId, producerId }, peerId);
  }

  /** Closes the router (and so everything on it). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.downlinks.stop();
    for (const peer of this.peers.values()) peer.close();
    this.peers.clear();
    this.router.close();
  }

  private ownTransport(peerId: string, transportId: string): types.WebRtcTransport {
    const transport = this.peer(peerId).transports.get(transportId);
    if (!transport) throw new DomainError('NOT_FOUND', 'no such transport');
    return transport;
  }

  private ownConsumer(peerId: string, consumerId: string): types.Consumer<ConsumerAppData> {
    const consumer = this.peer(peerId).consumers.get(consumerId);
    if (!consumer) throw new DomainError('NOT_FOUND', 'no such consumer');
    return consumer as types.Consumer<ConsumerAppData>;
  }

  private ownProducer(peerId: string, producerId: string): types.Producer<ProducerAppData> {
    const found = this.findProducer(producerId);
    if (found.owner.id !== peerId) throw new DomainError('NOT_ALLOWED', 'not your producer');
    return found.producer;
  }

  private findProducer(producerId: string): { owner: Peer; producer: types.Producer<ProducerAppData> } {
    for (const owner of this.peers.values()) {
      const producer = owner.producers.get(producerId);
      if (producer) return { owner, producer };
    }
    throw new DomainError('NOT_FOUND', 'no such producer');
  }
}
