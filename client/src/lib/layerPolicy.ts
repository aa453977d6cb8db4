/*
 * Which simulcast layer a remote video tile needs, and whether it needs video at all. Pure,
 * so it is unit-tested; the tiles observe their size and visibility and feed it.
 *
 * The camera sends three layers: 320, 640 and 1280 px wide (¼, ½ and full of 720p). A tile
 * gets the smallest layer at least as wide as it is drawn (in CSS pixels: on a phone's dense
 * screen that is a little soft, and a lot less data on a mobile link).
 */

/** How a remote person's video tile is shown right now. */
export interface TileVideoView {
  /** Rendered width in CSS pixels (0 while not laid out). */
  width: number;
  /** Any part of it on screen (or about to be). */
  visible: boolean;
  /** Its person stepped out: their tile is veiled and their camera paused. */
  steppedOut: boolean;
  /** Holds the floor or is the active speaker: drawn larger, and wins when bandwidth is short. */
  emphasised: boolean;
}

/** What to ask the SFU for one video consumer (the fields of `setConsumerPreferences`). */
export interface VideoPreferences {
  paused: boolean;
  spatialLayer?: 0 | 1 | 2;
  temporalLayer?: 0 | 1 | 2;
  priority?: number;
}

/** Widths of the camera's layers, smallest first. */
export const LAYER_WIDTHS = [320, 640, 1280] as const;
/** Consumer priority of an ordinary tile's video, and of the speaker's (audio has 255, set by the server). */
export const VIDEO_PRIORITY = 10;
export const EMPHASISED_VIDEO_PRIORITY = 100;

/** The spatial layer for a tile `width` CSS pixels wide: ≤ 320 → 0, ≤ 640 → 1, else 2. */
export function spatialLayerFor(width: number): 0 | 1 | 2 {
  if (width <= LAYER_WIDTHS[0]) return 0;
  if (width <= LAYER_WIDTHS[1]) return 1;
  return 2;
}

/** The preferences for a tile's video: paused when nobody can see it, else the layer that fits. */
export function videoPreferences(view: TileVideoView): VideoPreferences {
  if (!view.visible || view.steppedOut || view.width <= 0) return { paused: true };
  return {
    paused: false,
    spatialLayer: spatialLayerFor(view.width),
    temporalLayer: 2,
    priority: view.emphasised ? EMPHASISED_VIDEO_PRIORITY : VIDEO_PRIORITY,
  };
}

/**
 * The part of `next` that differs from what was sent last (`undefined`: nothing to send).
 * Layers and priority are left alone while paused, so resuming restores them unchanged.
 */
export function preferenceChanges(last: VideoPreferences | undefined, next: VideoPreferences): Partial<VideoPreferences> | undefined {
  const changes: Partial<VideoPreferences> = {};
  if (last?.paused !== next.paused) changes.paused = next.paused;
  for (const key of ['spatialLayer', 'temporalLayer', 'priority'] as const) {
    if (next[key] !== undefined && next[key] !== last?.[key]) (changes as Record<string, unknown>)[key] = next[key];
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/** What was sent, after `changes` were: paused replaces, the rest are kept for when it resumes. */
export function mergePreferences(last: VideoPreferences | undefined, changes: Partial<VideoPreferences>): VideoPreferences {
  return { ...(last ?? { paused: false }), ...changes };
}
