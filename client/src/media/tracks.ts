/**
 * Registry of live MediaStreamTracks by key (`local:camera`, `local:mic`, or a consumer
 * id). Tracks are not serialisable, so the store only holds keys; video/audio elements
 * look tracks up here and re-render when the registry changes.
 */
export class TrackRegistry {
  private readonly tracks = new Map<string, MediaStreamTrack>();
  private readonly listeners = new Set<() => void>();

  /** The track under `key`, if any. */
  get(key: string): MediaStreamTrack | null {
    return this.tracks.get(key) ?? null;
  }

  /** Stores (or replaces) the track under `key`. Does not stop a replaced track: owners do. */
  set(key: string, track: MediaStreamTrack): void {
    if (this.tracks.get(key) === track) return;
    this.tracks.set(key, track);
    this.emit();
  }

  /** Forgets `key`. */
  delete(key: string): void {
    if (this.tracks.delete(key)) this.emit();
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
