import type { types } from 'mediasoup';
import type { Peer, ProducerAppData } from './peer';

/** How often the active-speaker observer decides (ms): slow enough not to flicker between voices. */
const SPEAKER_INTERVAL_MS = 300;

/**
 * Who a room hears most: mediasoup's ActiveSpeakerObserver over the mics that are forwarded.
 * Created with the first mic. Only mics the SFU forwards are observed, so nobody the rules
 * (or they themselves) keep silent is ever named.
 */
export class SpeakerWatch {
  private observer: Promise<types.ActiveSpeakerObserver> | undefined;
  private speakerId: string | null = null;

  /** `onSpeaker`: a new person is heard most (not called again for the same person). */
  constructor(
    private readonly router: types.Router,
    private readonly peers: ReadonlyMap<string, Peer>,
    private readonly onSpeaker: (peerId: string) => void,
  ) {}

  /** Starts observing a mic (ignored by the observer while it is paused). */
  observe(producer: types.Producer<ProducerAppData>): void {
    this.observer ??= this.router.createActiveSpeakerObserver({ interval: SPEAKER_INTERVAL_MS }).then((observer) => {
      observer.on('dominantspeaker', ({ producer: loudest }) => {
        const peerId = (loudest.appData as ProducerAppData).peerId;
        if (peerId === this.speakerId || !this.peers.has(peerId) || this.router.closed) return;
        this.speakerId = peerId;
        this.onSpeaker(peerId);
      });
      return observer;
    });
    // The producer or the router may be gone by the time the observer exists.
    this.observer.then((observer) => (producer.closed || observer.closed ? undefined : observer.addProducer({ producerId: producer.id }))).catch(() => undefined);
  }

  /**
   * A mic that goes silent leaves the observer and comes back when it is heard again: the
   * observer keeps a paused dominant speaker as dominant, so the highlight would stay on
   * someone who is muted while the one person talking goes unnamed.
   */
  async follow(producer: types.Producer<ProducerAppData>, heard: boolean): Promise<void> {
    const observer = await this.observer?.catch(() => undefined);
    if (!observer || observer.closed || producer.closed) return;
    const op = heard ? observer.addProducer({ producerId: producer.id }) : observer.removeProducer({ producerId: producer.id });
    await op.catch(() => undefined);
  }

  /** Who was heard most last, if they are still here. */
  get current(): string | null {
    return this.speakerId !== null && this.peers.has(this.speakerId) ? this.speakerId : null;
  }
}
