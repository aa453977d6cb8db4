import { Hysteresis } from '@hearth/shared';
import type { types } from 'mediasoup';
import type { Peer } from './peer';

/*
 * Is a receiver's link too weak for the video their tiles ask for? mediasoup's bandwidth
 * estimation (transport-cc) of each receive transport decides which simulcast layer each
 * consumer forwards: when the estimate is short, it forwards lower layers than preferred, or
 * none. So a receiver's link is weak when the SFU forwards them less than their tile asks for
 * *and* the sender delivers more (a sender's weak uplink is their own matter, see the
 * client's uplink watch). Everything read here is kept in Node by mediasoup from the
 * worker's notifications (`score`, `layerschange`): no request to the worker per sample.
 */

/** What the watch reads of one video consumer. */
export interface VideoConsumerReading {
  paused: boolean;
  producerPaused: boolean;
  /** The spatial layer the receiver's tile asks for; undefined for a single-layer video. */
  preferredSpatialLayer: number | undefined;
  /** The spatial layer forwarded now; undefined while none is. */
  currentSpatialLayer: number | undefined;
  /** Score (0–10) of each of the sender's layers as the SFU receives them; 0: not arriving. */
  producerScores: number[];
}

/** How often the watch samples, and after how many samples in a row the state changes. */
export interface DownlinkPolicy {
  sampleMs: number;
  /** Reduced this many samples in a row: weak. Long enough for a layer switch's key frame and the estimate's ramp-up. */
  weakAfter: number;
  /** Full this many samples in a row: no longer weak. Longer than `weakAfter`, so a link on the edge does not flap. */
  recoveredAfter: number;
}

/** Sampled every second; weak after 6 s reduced, recovered after 10 s at what the tiles ask for. */
export const DOWNLINK_POLICY: DownlinkPolicy = { sampleMs: 1000, weakAfter: 6, recoveredAfter: 10 };

/**
 * Whether the SFU forwards this consumer less than it could: the best layer the sender
 * delivers, up to the one the tile asks for, is above the one forwarded (or none is).
 */
export function videoReduced(c: VideoConsumerReading): boolean {
  if (c.paused || c.producerPaused || c.preferredSpatialLayer === undefined) return false;
  let deliverable = -1;
  for (let layer = 0; layer <= c.preferredSpatialLayer && layer < c.producerScores.length; layer++) {
    if ((c.producerScores[layer] ?? 0) > 0) deliverable = layer;
  }
  // Nothing arrives from the sender: not this receiver's link.
  if (deliverable < 0) return false;
  return c.currentSpatialLayer === undefined || c.currentSpatialLayer < deliverable;
}

/** What mediasoup knows of a consumer, as {@link videoReduced} reads it. */
export function readConsumer(c: types.Consumer): VideoConsumerReading {
  return {
    paused: c.paused,
    producerPaused: c.producerPaused,
    preferredSpatialLayer: c.type === 'simulcast' || c.type === 'svc' ? c.preferredLayers?.spatialLayer : undefined,
    currentSpatialLayer: c.currentLayers?.spatialLayer,
    producerScores: c.score.producerScores,
  };
}

/**
 * Watches the downlink of every receiver in a room and says when it turns weak or recovers
 * (see {@link DOWNLINK_POLICY}). A receiver in audio-only mode asks for no video: never weak.
 * State is per {@link Peer} object, so a rejoin starts afresh (the client forgets its notice
 * on rejoin too).
 */
export class DownlinkWatch {
  private readonly states = new WeakMap<Peer, Hysteresis>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly peers: () => Iterable<Peer>,
    private readonly changed: (peerId: string, weak: boolean) => void,
    private readonly policy: DownlinkPolicy = DOWNLINK_POLICY,
  ) {}

  /** Samples every `policy.sampleMs` until {@link stop}. */
  start(): void {
    this.timer ??= setInterval(() => this.sample(), this.policy.sampleMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Takes one sample of every receiver. */
  sample(): void {
    for (const peer of this.peers()) {
      const reduced = !peer.audioOnly && [...peer.consumers.values()].some((c) => c.kind === 'video' && !c.closed && videoReduced(readConsumer(c)));
      let state = this.states.get(peer);
      if (!state) this.states.set(peer, (state = new Hysteresis(this.policy.weakAfter, this.policy.recoveredAfter)));
      const now = state.observe(reduced);
      if (now !== null) this.changed(peer.id, now);
    }
  }
}
