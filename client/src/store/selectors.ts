import type { CircleState, ConsumerRecord, HearthState, MediaState, RemotePeer } from './types';

/** Track-registry key of our own camera / microphone track. */
export const LOCAL_CAMERA_KEY = 'local:camera';
export const LOCAL_MIC_KEY = 'local:mic';

/** Everything a tile renders; tracks are referenced by registry key, never held. */
export interface TileModel {
  peerId: string;
  displayName: string;
  isSelf: boolean;
  /** Camera producer paused or absent (or, for us, camera off / unavailable). */
  cameraOff: boolean;
  /** Mic producer paused or absent (or, for us, muted / unavailable). */
  muted: boolean;
  /** Track key of the video to show, or null for the initials placeholder. */
  videoKey: string | null;
  /** Track key of the audio to play, or null (never set for ourselves: no echo). */
  audioKey: string | null;
}

function producerOf(peer: RemotePeer, source: 'mic' | 'camera') {
  return Object.values(peer.producers).find((p) => p.source === source) ?? null;
}

function consumerFor(consumers: ConsumerRecord[], producerId: string | undefined): ConsumerRecord | null {
  return producerId ? (consumers.find((c) => c.producerId === producerId) ?? null) : null;
}

/** The tile of the person using this page. */
export function selfTile(circle: CircleState, media: MediaState): TileModel {
  const cameraOff = !(media.camera.available && media.camera.on);
  return {
    peerId: circle.selfId ?? 'self',
    displayName: circle.displayName,
    isSelf: true,
    cameraOff,
    muted: !(media.mic.available && media.mic.on),
    videoKey: cameraOff ? null : LOCAL_CAMERA_KEY,
    audioKey: null,
  };
}

/** Tiles in display order: ourselves first, then others in the order they arrived. */
export function buildTiles(circle: CircleState, media: MediaState): TileModel[] {
  const consumers = Object.values(circle.consumers);
  const others = circle.peerOrder.flatMap((peerId): TileModel[] => {
    const peer = circle.peers[peerId];
    if (!peer) return [];
    const mic = producerOf(peer, 'mic');
    const camera = producerOf(peer, 'camera');
    const cameraOff = !camera || camera.paused;
    const videoConsumer = consumerFor(consumers, camera?.producerId);
    const audioConsumer = consumerFor(consumers, mic?.producerId);
    return [
      {
        peerId,
        displayName: peer.displayName,
        isSelf: false,
        cameraOff,
        muted: !mic || mic.paused,
        videoKey: !cameraOff && videoConsumer ? videoConsumer.consumerId : null,
        audioKey: audioConsumer?.consumerId ?? null,
      },
    ];
  });
  return [selfTile(circle, media), ...others];
}

/**
 * Memoised {@link buildTiles} for `useStore`: returns the same array while `circle` and
 * `media` are unchanged, which zustand 5 / useSyncExternalStore require of selectors.
 */
export const selectTiles = (() => {
  let lastCircle: CircleState | null = null;
  let lastMedia: MediaState | null = null;
  let last: TileModel[] = [];
  return (s: Pick<HearthState, 'circle' | 'media'>): TileModel[] => {
    if (s.circle !== lastCircle || s.media !== lastMedia) {
      lastCircle = s.circle;
      lastMedia = s.media;
      last = buildTiles(s.circle, s.media);
    }
    return last;
  };
})();

/** Consumers grouped by the peer they come from. */
export function consumersByPeer(circle: CircleState): Record<string, ConsumerRecord[]> {
  const out: Record<string, ConsumerRecord[]> = {};
  for (const rec of Object.values(circle.consumers)) (out[rec.peerId] ??= []).push(rec);
  return out;
}

/** Serialisable snapshot of the store's data (no actions), for tests and debugging. */
export function snapshot(s: HearthState) {
  return structuredCloneSafe({ connection: s.connection, circle: s.circle, media: s.media, ui: s.ui });
}

function structuredCloneSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
