import type { CircleRole, CircleView, QueueEntryKind } from '@hearth/shared';
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
  /** Someone kept from the last view while our own connection comes back (no media yet). */
  waiting?: true;
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
  return [selfTile(circle, media), ...others, ...waitingTiles(circle)];
}

/**
 * While our own connection is being re-established, the others are still in the circle: they
 * keep their tiles, by name and without media, from the last view we had (rather than an
 * empty room). The join that follows brings their media back.
 */
function waitingTiles(circle: CircleState): TileModel[] {
  if (circle.phase !== 'rejoining' || !circle.view) return [];
  return circle.view.participants
    .filter((p) => p.id !== circle.selfId && !circle.peers[p.id])
    .map((p) => ({ peerId: p.id, displayName: p.name, isSelf: false, cameraOff: false, muted: false, videoKey: null, audioKey: null, waiting: true }));
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

/** A tile plus where the person stands in the circle's talk order. */
export interface CircleTileModel extends TileModel {
  /** Holds the floor (speaking now). */
  floor: boolean;
  /** Raised hand or pending reply, with the 1-based place in the served queue. */
  hand: { place: number; kind: QueueEntryKind } | null;
  presence: 'present' | 'steppedOut' | 'reconnecting';
  /** Null while the rules view does not know them yet (media can arrive first). */
  role: CircleRole | null;
  /** Null when we may not see it (only the person and facilitators do). */
  needsMoment: boolean | null;
  mutedByFacilitator: boolean | null;
  /** In open floor: the one heard most now (never someone muted). Structured modes have the floor instead. */
  speaking: boolean;
}

/**
 * Tiles in seating order (the rules view's order), each with floor, hand and presence.
 * People whose media arrived before the rules view lists them go last, until it does.
 */
export function buildCircleTiles(tiles: TileModel[], view: CircleView | null, activeSpeakerId: string | null = null): CircleTileModel[] {
  const openFloor = view?.rules.mode === 'open';
  const seat = new Map((view?.participants ?? []).map((p, i) => [p.id, i] as const));
  const place = new Map((view?.queue ?? []).map((e) => [e.participantId, e] as const));
  const byId = new Map((view?.participants ?? []).map((p) => [p.id, p] as const));
  const ordered = tiles
    .map((tile, arrival) => ({ tile, arrival, seat: seat.get(tile.peerId) ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.seat - b.seat || a.arrival - b.arrival);
  return ordered.map(({ tile }): CircleTileModel => {
    const p = byId.get(tile.peerId);
    const entry = place.get(tile.peerId);
    return {
      ...tile,
      floor: p?.hasFloor ?? false,
      hand: entry ? { place: entry.position + 1, kind: entry.kind } : null,
      presence: p?.presence ?? 'present',
      role: p?.role ?? null,
      needsMoment: p?.needsMoment ?? null,
      mutedByFacilitator: p?.mutedByFacilitator ?? null,
      speaking: openFloor && tile.peerId === activeSpeakerId && !tile.muted,
    };
  });
}

/** Memoised {@link buildCircleTiles} over {@link selectTiles} and the view, for `useStore`. */
export const selectCircleTiles = (() => {
  let lastTiles: TileModel[] | null = null;
  let lastView: CircleView | null | undefined;
  let lastSpeaker: string | null | undefined;
  let last: CircleTileModel[] = [];
  return (s: Pick<HearthState, 'circle' | 'media'> & { receive?: Pick<HearthState['receive'], 'activeSpeakerId'> }): CircleTileModel[] => {
    const tiles = selectTiles(s);
    const speaker = s.receive?.activeSpeakerId ?? null;
    if (tiles !== lastTiles || s.circle.view !== lastView || speaker !== lastSpeaker) {
      lastTiles = tiles;
      lastView = s.circle.view;
      lastSpeaker = speaker;
      last = buildCircleTiles(tiles, s.circle.view, speaker);
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
  return structuredCloneSafe({ connection: s.connection, circle: s.circle, media: s.media, ui: s.ui, rules: s.rules, access: s.access, lobby: s.lobby, receive: s.receive, link: s.link, visitPrefs: s.visitPrefs });
}

function structuredCloneSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
