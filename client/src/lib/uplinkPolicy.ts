import { Hysteresis } from '@hearth/shared';

/*
 * When to suggest turning one's own camera off: the browser's send-side bandwidth estimate
 * (of the send transport) stays below what the camera's middle layer and the microphone
 * need, while the camera is being sent. Then others receive at best the smallest picture and
 * the person's voice competes with their video for the little there is. Pure, unit-tested;
 * the session samples the estimate (see MediaSession.uplinkSample).
 */

/** Below this estimate (bits/s) the uplink cannot carry the camera's middle layer (300 kbit/s) and the mic. */
export const UPLINK_WEAK_BPS = 350_000;
/**
 * Sampled every 2 s; weak after 5 samples in a row (10 s: longer than the estimate's ramp-up
 * after joining, and than a busy machine's passing dip), recovered after 8 (16 s).
 */
export const UPLINK_POLICY = { sampleMs: 2000, weakAfter: 5, recoveredAfter: 8 } as const;

/** One reading of the uplink: the estimate (null before ICE has a pair), and whether camera video is being sent. */
export interface UplinkSample {
  availableBps: number | null;
  sendingVideo: boolean;
}

/** Whether one reading says the uplink is too weak for the camera. Not sending video: nothing to suggest. */
export function uplinkWeakSample(sample: UplinkSample): boolean {
  return sample.sendingVideo && sample.availableBps !== null && sample.availableBps < UPLINK_WEAK_BPS;
}

/** Follows the readings with hysteresis; `observe` returns the new state when it changed. */
export function uplinkTracker(): { observe(sample: UplinkSample): boolean | null; reset(): void } {
  let state = new Hysteresis(UPLINK_POLICY.weakAfter, UPLINK_POLICY.recoveredAfter);
  return {
    observe: (sample) => state.observe(uplinkWeakSample(sample)),
    reset: () => {
      state = new Hysteresis(UPLINK_POLICY.weakAfter, UPLINK_POLICY.recoveredAfter);
    },
  };
}
