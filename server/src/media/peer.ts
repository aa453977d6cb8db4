import type { types } from 'mediasoup';
import type { ProducerInfo } from '@hearth/shared';

/** Which device a producer's track comes from. */
export type MediaSource = 'mic' | 'camera';

/** App data Hearth attaches to every producer. */
export interface ProducerAppData extends types.AppData {
  peerId: string;
  source: MediaSource;
  /** Muted / camera off by its owner (or a facilitator); the server may pause it for other reasons too. */
  selfPaused: boolean;
}

/** Someone's media on this node: their transports and what they send and receive. */
export class Peer {
  rtpCapabilities: types.RtpCapabilities | undefined;
  readonly transports = new Map<string, types.WebRtcTransport>();
  readonly producers = new Map<string, types.Producer<ProducerAppData>>();
  readonly consumers = new Map<string, types.Consumer>();
  /** Receives no video this visit: every video consumer stays paused at the SFU. */
  audioOnly = false;
  /** Their raised hand goes down when the SFU hears them start speaking in open floor. */
  lowerHandWhenSpeaking = false;
  private closed = false;

  constructor(
    readonly id: string,
    readonly displayName: string,
  ) {}

  /** The peer's transport of one direction, if created. */
  transportOf(direction: 'send' | 'recv'): types.WebRtcTransport | undefined {
    for (const t of this.transports.values()) if (t.appData.direction === direction) return t;
    return undefined;
  }

  /** The producer for one source, if any. */
  producerOf(source: MediaSource): types.Producer<ProducerAppData> | undefined {
    for (const p of this.producers.values()) if (p.appData.source === source) return p;
    return undefined;
  }

  /** What others see of this peer's producers. */
  producerInfos(): ProducerInfo[] {
    return [...this.producers.values()].map((p) => ({
      producerId: p.id,
      kind: p.kind,
      source: p.appData.source,
      // Others see the owner's choice, not the floor rules (the circle state says who may speak).
      paused: p.appData.selfPaused,
    }));
  }

  /** Closes every transport (and so every producer and consumer). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const transport of this.transports.values()) transport.close();
    this.transports.clear();
    this.producers.clear();
    this.consumers.clear();
  }
}
